"""What changed between two versions of a codebook."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from psm_qual.codebook.model import Code, Codebook

__all__ = [
    "CHANGE",
    "OLD_ID",
    "NEW_ID",
    "FIELDS",
    "DIFF_COLUMNS",
    "CHANGES",
    "COMPARED_FIELDS",
    "diff_codebooks",
]

CHANGE = "change"
OLD_ID = "old_id"
NEW_ID = "new_id"
FIELDS = "fields"
#: Columns of :func:`diff_codebooks`, in order.
DIFF_COLUMNS = (CHANGE, OLD_ID, NEW_ID, FIELDS)
#: The kinds of change, in the order rows are listed.
CHANGES = ("removed", "renamed", "redefined", "added")
#: The fields compared to call a code redefined.
COMPARED_FIELDS = (
    "label",
    "definition",
    "full_definition",
    "when_to_use",
    "when_not_to_use",
    "examples",
    "patterns",
    "codable",
    "color",
)


def _changed_fields(old: Code, new: Code) -> tuple[str, ...]:
    return tuple(name for name in COMPARED_FIELDS if getattr(old, name) != getattr(new, name))


def _same_meaning(old: Code, new: Code, field: str) -> bool:
    value = getattr(old, field)
    return bool(value) and value == getattr(new, field)


def diff_codebooks(old: Codebook, new: Codebook) -> pd.DataFrame:
    """List the codes added, removed, renamed and redefined from ``old`` to ``new``.

    A code that disappears from ``old`` while a new id in ``new`` has the same definition (or,
    failing that, the same label) is *renamed*, one to one, first match in document order. A code
    whose id is in both but whose content differs is *redefined*; ``fields`` names what changed
    (any of :data:`COMPARED_FIELDS`, comma-separated; for a renamed code, what changed besides
    the id).

    Parameters
    ----------
    old, new : Codebook

    Returns
    -------
    DataFrame
        Columns ``change`` (``removed``, ``renamed``, ``redefined`` or ``added``), ``old_id``
        ("" for added), ``new_id`` ("" for removed), ``fields``; rows by kind of change, then
        in codebook order. Empty (with these columns) when nothing changed.

    Examples
    --------
    >>> from psm_qual.codebook.validate import build_codebook
    >>> def book(*codes):
    ...     return build_codebook({"id": "x", "version": "1.0.0", "codes": list(codes)})
    >>> a = book({"id": "care", "label": {"en": "Care"}, "definition": {"en": "Helps."}},
    ...          {"id": "old", "label": {"en": "Old"}})
    >>> b = book({"id": "support", "label": {"en": "Support"}, "definition": {"en": "Helps."}},
    ...          {"id": "new", "label": {"en": "New"}})
    >>> diff_codebooks(a, b).values.tolist()
    [['removed', 'old', '', ''], ['renamed', 'care', 'support', 'label'], ['added', '', 'new', '']]
    """
    removed = [code for code in old if code.id not in new]
    added = [code for code in new if code.id not in old]
    renamed: list[tuple[Code, Code]] = []
    for field in ("definition", "label"):
        for gone in list(removed):
            match = next((code for code in added if _same_meaning(gone, code, field)), None)
            if match is not None:
                renamed.append((gone, match))
                removed.remove(gone)
                added.remove(match)
    renamed.sort(key=lambda pair: old.ids.index(pair[0].id))
    rows: list[tuple[str, str, str, str]] = []
    rows += [("removed", code.id, "", "") for code in removed]
    rows += [("renamed", a.id, b.id, ",".join(_changed_fields(a, b))) for a, b in renamed]
    for code in old:
        if code.id in new:
            fields = _changed_fields(code, new[code.id])
            if fields:
                rows.append(("redefined", code.id, code.id, ",".join(fields)))
    rows += [("added", "", code.id, "") for code in added]
    return pd.DataFrame(rows, columns=list(DIFF_COLUMNS)).astype(str)
