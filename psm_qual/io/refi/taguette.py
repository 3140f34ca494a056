"""A codebook as Taguette's codebook CSV: :func:`codebook_to_taguette_csv`, :func:`write_taguette_csv`.

Taguette (https://www.taguette.org) imports a codebook as CSV ("Import codebook" in a project;
``taguette/import_codebook.py``): a header row, one column called ``tag`` (or ``name`` or ``path``)
and an optional ``description`` column; the encoding is guessed with ``chardet``, so the file is
written as UTF-8 *with* a byte-order mark, the one signature that guess cannot get wrong. Taguette's
tags are flat strings; each code's id path is written with ``::`` between its parts
(``initiator::case-handling``), which :func:`psm_qual.io.refi.read_qdc` reads back as hierarchy
from the ``.qdc`` Taguette exports, so code ids and the code tree survive a round trip through
Taguette.

What Taguette's ``.qdc`` export loses: every description (the CSV carries label and definition into
Taguette, where coders see them, but its ``.qdc`` has names only), labels (a code comes back
labelled with its id part), colours, the other MacQueen fields, ``isCodable`` (all tags are
codable: categories are left out of the CSV when they have codable children and come back as
categories implied by ``::``) and the codebook's id, title and version.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Literal

from psm_qual.codebook.model import SEPARATOR, Code, Codebook
from psm_qual.errors import RefiError
from psm_qual.io.atomic import write_atomic

__all__ = ["TAGUETTE_SEPARATOR", "taguette_path", "codebook_to_taguette_csv", "write_taguette_csv"]

#: What stands between the parts of a code path in a Taguette tag (read as hierarchy on import).
TAGUETTE_SEPARATOR = "::"
#: Taguette refuses tag paths longer than this (``taguette/validate.py``).
_MAX_PATH = 200
_CATEGORY_NOTE = {"en": "(category: code its sub-codes)", "id": "(kategori: kodekan sub-kodenya)"}


def taguette_path(code: Code) -> str:
    """The Taguette tag path of ``code``: its id with ``::`` between the parts.

    Examples
    --------
    >>> taguette_path(Code("initiator/case-handling"))
    'initiator::case-handling'
    """
    return code.id.replace(SEPARATOR, TAGUETTE_SEPARATOR)


def _description(code: Code, language: str) -> str:
    parts = [code.text("label", language).strip(), code.text("definition", language).strip()]
    text = " — ".join(part for part in parts if part)
    if not code.codable:
        text = f"{_CATEGORY_NOTE.get(language, _CATEGORY_NOTE['en'])} {text}".strip()
    return " ".join(text.split())  # one line: Taguette shows it in a one-line field


def codebook_to_taguette_csv(codebook: Codebook, *, language: Literal["en", "id"] = "en") -> bytes:
    """``codebook`` as the CSV Taguette imports (UTF-8 with byte-order mark, CRLF line ends).

    Columns ``tag`` (:func:`taguette_path`) and ``description`` (label — definition in
    ``language``, else the other language). Every codable code gets a row, in document order; a
    category (``codable: false``) gets one only when none of its descendants is codable (otherwise
    Taguette's ``::`` paths imply it and a tag would make it codable).

    Raises
    ------
    RefiError
        If a tag path is longer than the 200 characters Taguette accepts.

    Examples
    --------
    >>> cb = Codebook("cb", {"en": "CB"}, "1", (
    ...     Code("barrier", label={"en": "Barrier"}, codable=False),
    ...     Code("barrier/funding", label={"en": "Funding"}, definition={"en": "No money."}),
    ... ))
    >>> print(codebook_to_taguette_csv(cb).decode("utf-8-sig"), end="")
    tag,description
    barrier::funding,Funding — No money.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["tag", "description"])
    for code in codebook.codes:
        if not code.codable and any(d.codable for d in codebook.descendants(code.id)):
            continue
        path = taguette_path(code)
        if len(path) > _MAX_PATH:
            raise RefiError(
                f"code {code.id!r}: Taguette accepts tag paths of at most {_MAX_PATH} characters",
                path=codebook.path, line=code.line, field="id",
            )
        writer.writerow([path, _description(code, language)])
    return buffer.getvalue().encode("utf-8-sig")


def write_taguette_csv(
    codebook: Codebook, path: str | Path, *, language: Literal["en", "id"] = "en"
) -> Path:
    """Write :func:`codebook_to_taguette_csv` to ``path`` (atomically); return the path."""
    data = codebook_to_taguette_csv(codebook, language=language)
    return write_atomic(path, lambda handle: handle.write(data))
