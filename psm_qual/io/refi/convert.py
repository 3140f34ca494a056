"""Whole-file conversions used by the command line: REFI-QDA file <-> psm_qual project folder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from psm_qual.errors import RefiError
from psm_qual.io.refi.codebook import codebook_from_xml, write_qdc
from psm_qual.io.refi.project import project_from_bytes, write_qdpx
from psm_qual.io.refi.safe import DEFAULT_LIMITS, ZipLimits

__all__ = ["ImportReport", "import_refi", "export_refi"]


@dataclass(frozen=True)
class ImportReport:
    """What :func:`import_refi` read and wrote."""

    out: str
    sources: int
    codes: int
    codings: int
    users: int
    memos: int
    warnings: tuple[str, ...]

    def as_dict(self) -> dict:
        """The report as a JSON-ready dict."""
        return {"out": self.out, "sources": self.sources, "codes": self.codes,
                "codings": self.codings, "users": self.users, "memos": self.memos,
                "warnings": list(self.warnings)}


def import_refi(path: str | Path, out: str | Path, *,
                limits: ZipLimits = DEFAULT_LIMITS) -> ImportReport:
    """Import a ``.qdpx`` (whole project) or ``.qdc`` (codebook only) into a project folder.

    A ``.qdc`` gives ``out/codebook.yaml`` only. Nothing is written when the file is refused.

    Raises
    ------
    HostileFileError, RefiError
        See :func:`~psm_qual.io.refi.read_qdpx` and :func:`~psm_qual.io.refi.read_qdc`.
    """
    from psm_qual.io.codebook_yaml import write_codebook
    from psm_qual.io.study import write_project_folder

    path, out = Path(path), Path(out)
    data = path.read_bytes()
    warnings: list[str] = []
    suffix = path.suffix.lower()
    if suffix == ".qdc" or (suffix != ".qdpx" and not data.startswith(b"PK")):
        codebook = codebook_from_xml(data, path=path, warn=warnings.append)
        if out.exists() and (not out.is_dir() or any(out.iterdir())):
            raise RefiError("exists and is not an empty folder; choose a new output folder",
                            path=out)
        write_codebook(codebook, out / "codebook.yaml")
        return ImportReport(str(out), 0, len(codebook), 0, 0, 0, tuple(warnings))
    project = project_from_bytes(data, path=path, limits=limits, warn=warnings.append)
    if not len(project.corpus.sources):
        raise RefiError("no text source could be imported; nothing was written "
                        f"({len(warnings)} warnings: {warnings[0] if warnings else 'none'})",
                        path=path)
    write_project_folder(project, out)
    return ImportReport(str(out), len(project.corpus.sources), len(project.codebook),
                        len(project.codings), len(project.users), len(project.memos),
                        tuple(warnings))


def export_refi(corpus_dir: str | Path, out: str | Path, *, codebook: str | Path,
                codings: str | Path | Sequence[str | Path] | None = None) -> Path:
    """Export a corpus folder, codebook YAML and codings CSV(s) as ``.qdpx`` (or the codebook as
    ``.qdc`` when ``out`` ends in ``.qdc``).

    ``codings`` may be one CSV or several (e.g. both coders' files): their rows are exported
    together, each with its own ``coder`` as the creating user.
    """
    from psm_qual.corpus import load_corpus
    from psm_qual.io.codebook_yaml import read_codebook
    from psm_qual.io.codings import read_codings
    from psm_qual.project import Project

    book = read_codebook(codebook)
    out = Path(out)
    if out.suffix.lower() == ".qdc":
        return write_qdc(book, out)
    paths = [codings] if isinstance(codings, str | Path) else list(codings or ())
    frames = [read_codings(p) for p in paths]
    corpus = load_corpus(corpus_dir, progress=False, segment=False)
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["source_id", "start", "end", "code", "coder"])
    return write_qdpx(Project(corpus, book, frame, name=Path(corpus_dir).name), out)
