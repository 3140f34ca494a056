"""Paths to the data that ships with the repository (the reconstructed Pasteur study)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["project_root", "pasteur_path", "codebook_path", "codings_path", "output_dir"]


def project_root() -> Path:
    """The repository's root folder (where ``data/`` and ``codebooks/`` live)."""
    return Path(__file__).resolve().parent.parent


def pasteur_path() -> Path:
    """The reconstructed Pasteur corpus folder, ``data/pasteur``."""
    return project_root() / "data" / "pasteur"


def codebook_path(name: str = "psm_roles") -> Path:
    """A codebook under ``codebooks/`` (default: the study's ``psm_roles.yaml``)."""
    return project_root() / "codebooks" / f"{name}.yaml"


def codings_path(name: str = "consensus") -> Path:
    """A codings file of the Pasteur study (``coder_a``, ``coder_b`` or ``consensus``)."""
    return pasteur_path() / "codings" / f"{name}.csv"


def output_dir(default: str | Path = "reports/pasteur") -> Path:
    """Where notebooks and the replication write files: ``$PSM_QUAL_OUTPUT`` or ``default``.

    A relative ``default`` is taken from the repository root, so notebooks (which run inside
    ``notebooks/``) and the command line write to the same git-ignored folder.
    """
    import os

    folder = Path(os.environ.get("PSM_QUAL_OUTPUT") or default)
    if not folder.is_absolute():
        folder = project_root() / folder
    folder.mkdir(parents=True, exist_ok=True)
    return folder
