"""Load a codebook file, and summarise a codebook for the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from psm_qual.codebook.model import Codebook

__all__ = ["load_codebook", "codebook_summary"]


def load_codebook(path: str | Path) -> Codebook:
    """Load and check a codebook YAML file (contract 3).

    Parameters
    ----------
    path : str or Path
        The YAML file, e.g. :func:`psm_qual.datasets.codebook_path`.

    Returns
    -------
    Codebook

    Raises
    ------
    CodebookError
        One line ``path:line: message``; see :func:`psm_qual.codebook.validate.build_codebook`.

    Examples
    --------
    >>> from psm_qual.datasets import codebook_path
    >>> cb = load_codebook(codebook_path())
    >>> cb.id, len(cb)
    ('psm-roles', 29)
    >>> [code.id for code in cb.children()]
    ['initiator', 'motivator', 'dynamizer', 'administrator', 'assessment', 'barrier']
    >>> cb["administrator/recording"].label["en"]
    'Recording'
    """
    from psm_qual.io import codebook_yaml  # io imports the model: import at call time

    return codebook_yaml.read_codebook(path)


def codebook_summary(codebook: Codebook) -> dict[str, Any]:
    """A JSON-ready summary: id, version, title, languages, code counts and top-level codes.

    Examples
    --------
    >>> from psm_qual.datasets import codebook_path
    >>> summary = codebook_summary(load_codebook(codebook_path()))
    >>> summary["n_codes"], summary["languages"]
    (29, ['id', 'en'])
    >>> summary["top_level"][0]
    {'id': 'initiator', 'label': 'Initiator', 'codable': True, 'n_children': 3, 'n_descendants': 3}
    """
    return {
        "id": codebook.id,
        "version": codebook.version,
        "title": dict(codebook.title),
        "path": codebook.path,
        "languages": list(codebook.languages),
        "n_codes": len(codebook),
        "n_codable": len(codebook.codable_ids),
        "n_examples": sum(len(code.examples) for code in codebook),
        "n_with_patterns": sum(1 for code in codebook if any(code.patterns.values())),
        "top_level": [
            {
                "id": code.id,
                "label": code.text("label", "en"),
                "codable": code.codable,
                "n_children": len(codebook.children(code.id)),
                "n_descendants": len(codebook.descendants(code.id)),
            }
            for code in codebook.children()
        ],
    }
