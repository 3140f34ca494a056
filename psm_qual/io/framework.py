"""Framework matrix files: Excel (.xlsx, via openpyxl) and HTML, written atomically."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from psm_qual.errors import TriangulationError
from psm_qual.io.atomic import write_atomic, write_text_atomic
from psm_qual.triangulation import columns as tc

__all__ = ["write_framework", "read_framework", "framework_html"]

_SUFFIXES = (".xlsx", ".html", ".htm")


def _wide(frame: pd.DataFrame) -> pd.DataFrame:
    if tc.REFERENCES in frame.columns:
        from psm_qual.triangulation.framework import framework_table

        return framework_table(frame)
    if tc.CASE not in frame.columns:
        raise TriangulationError("not a framework matrix: no 'case' column", field="frame")
    return frame


def framework_html(frame: pd.DataFrame, *, title: str = "Framework matrix") -> str:
    """A self-contained HTML page with the framework matrix (long or wide form).

    Examples
    --------
    >>> import pandas as pd
    >>> page = framework_html(pd.DataFrame({"case": ["T1"], "health": ["1 segment; <gap>"]}))
    >>> "<td>1 segment; &lt;gap&gt;</td>" in page
    True
    """
    wide = _wide(frame)

    def cell(value: object) -> str:
        return html.escape(str(value)).replace("\n", "<br>")

    head = "".join(f"<th>{cell(c)}</th>" for c in wide.columns)
    body = "\n".join(
        "<tr>"
        + "".join(
            f"<th>{cell(v)}</th>" if i == 0 else f"<td>{cell(v)}</td>" for i, v in enumerate(row)
        )
        + "</tr>"
        for row in wide.itertuples(index=False)
    )
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{cell(title)}</title>\n<style>\n"
        "table{border-collapse:collapse;font-family:sans-serif;font-size:13px}\n"
        "th,td{border:1px solid #999;padding:4px 6px;vertical-align:top;text-align:left}\n"
        "td{max-width:28em}\n</style>\n</head>\n<body>\n"
        f"<h1>{cell(title)}</h1>\n<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n"
        "</tbody>\n</table>\n</body>\n</html>\n"
    )


def write_framework(
    frame: pd.DataFrame, path: str | Path, *, title: str = "Framework matrix"
) -> Path:
    """Write a framework matrix (long or wide form) to ``.xlsx`` or ``.html`` by suffix.

    The Excel sheet has one row per case and one column per theme (wrapped text, frozen header);
    nothing is written when the suffix is not supported.

    Raises
    ------
    TriangulationError
        An unsupported suffix, or a frame that is not a framework matrix.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _SUFFIXES:
        raise TriangulationError(
            f"unsupported suffix {suffix!r}; use one of {', '.join(_SUFFIXES)}", path=path
        )
    wide = _wide(frame)
    if suffix != ".xlsx":
        return write_text_atomic(path, framework_html(wide, title=title))
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "framework"
    sheet.append([str(c) for c in wide.columns])
    for row in wide.itertuples(index=False):
        sheet.append([str(v) for v in row])
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows():
        for item in row:
            item.alignment = wrap
    for item in sheet[1]:
        item.font = Font(bold=True)
    for n, column in enumerate(sheet.columns):
        sheet.column_dimensions[column[0].column_letter].width = 14 if n == 0 else 48
    sheet.freeze_panes = "B2"
    return write_atomic(path, book.save)


def read_framework(path: str | Path) -> pd.DataFrame:
    """Read a framework matrix written to ``.xlsx`` back as its wide table (all text)."""
    from openpyxl import load_workbook

    book = load_workbook(Path(path), read_only=True)
    rows = [
        ["" if v is None else str(v) for v in row]
        for row in book.active.iter_rows(values_only=True)
    ]
    book.close()
    if not rows:
        raise TriangulationError("empty framework sheet", path=path)
    return pd.DataFrame(rows[1:], columns=rows[0])
