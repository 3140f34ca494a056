"""Codings CSV files (contract 4) and manual coding sheets: read and write, UTF-8.

A codings file has the header ``source_id,start,end,code,coder,memo,created_at`` (``memo`` and
``created_at`` may be absent; columns may come in any order; unknown columns are ignored). Memos
may hold commas, quotes and line breaks: they are quoted the CSV way.

Frames returned by the readers carry ``frame.attrs["path"]`` and ``frame.attrs["lines"]`` (the
file line where each row starts), so that later checks can name ``file:line``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from psm_qual.columns import CODING_COLUMNS, CODING_REQUIRED
from psm_qual.errors import CodingsError, SourceError
from psm_qual.io.atomic import write_atomic
from psm_qual.io.csvtable import attach_lines, read_records
from psm_qual.io.text import decode_text

__all__ = [
    "read_codings",
    "write_codings",
    "read_sheet",
    "write_sheet",
    "SHEET_COLUMNS",
]

#: Columns of a manual coding sheet (see :func:`psm_qual.coding.sheets.coding_sheet`).
SHEET_COLUMNS = (
    "segment_id",
    "source_id",
    "informant",
    "speaker",
    "text",
    "role",
    "assessment",
    "barriers",
    "memo",
)


def _decode(data: bytes, path: str) -> str:
    """UTF-8 (BOM optional) or UTF-16 with BOM; line breaks left as they are (csv handles them)."""
    try:
        return decode_text(data, path=path, newlines="keep", nul="allow")
    except SourceError as error:
        raise CodingsError(error.message, path=path, line=error.line) from None


def _read_table(
    path: str | Path, *, required: Sequence[str], known: Sequence[str], what: str
) -> tuple[pd.DataFrame, list[int]]:
    """Read a CSV into a frame of strings with the ``known`` columns, plus each row's first line."""
    name = str(path)
    text = _decode(Path(path).read_bytes(), name)

    def check_header(header: list[str], line: int) -> None:
        duplicates = sorted({c for c in header if header.count(c) > 1 and c})
        if duplicates:
            raise CodingsError(
                f"duplicate column {duplicates[0]!r} in the header",
                path=name,
                line=line,
                field=duplicates[0],
            )
        missing = [c for c in required if c not in header]
        if missing:
            raise CodingsError(
                f"missing required column {missing[0]!r}; a {what} needs {', '.join(required)}",
                path=name,
                line=line,
                field=missing[0],
            )

    header, rows, lines = read_records(
        text,
        path=name,
        error=CodingsError,
        check_header=check_header,
        empty_message=f"empty file: a {what} needs the header {','.join(known)}",
        blank_tail=True,
    )
    positions = {column: header.index(column) for column in known if column in header}
    data = {column: [row[i] for row in rows] for column, i in positions.items()}
    frame = pd.DataFrame(
        {column: pd.Series(values, dtype=object) for column, values in data.items()}
    )
    if not rows:
        frame = pd.DataFrame({column: pd.Series([], dtype=object) for column in positions})
    return frame, lines


def read_codings(path: str | Path) -> pd.DataFrame:
    """Read a codings CSV file (contract 4).

    Parameters
    ----------
    path : str or Path
        UTF-8 CSV with at least the columns ``source_id, start, end, code, coder``.

    Returns
    -------
    DataFrame
        Columns :data:`psm_qual.columns.CODING_COLUMNS`; ``start``/``end`` int64, other columns
        str (``""`` when empty). ``attrs["path"]`` and ``attrs["lines"]`` locate each row.

    Raises
    ------
    CodingsError
        Naming the file and line: not UTF-8, malformed CSV, a missing column, a row with too many
        or too few fields, or a value that breaks contract 4 (see
        :func:`psm_qual.coding.frame.as_codings`).
    OSError
        The file cannot be read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "codings.csv"
    >>> _ = path.write_text('source_id,start,end,code,coder,memo\\nS,0,5,initiator,A,"a, ""b""\\nc"\\n')
    >>> read_codings(path).loc[0, "memo"]
    'a, "b"\\nc'
    >>> _ = path.write_text("source_id,start,end,code,coder\\nS,0,5,initiator,A\\nS,7,5,motivator,A\\n")
    >>> read_codings(path)
    Traceback (most recent call last):
    ...
    psm_qual.errors.CodingsError: ...codings.csv:3: end: end 5 <= start 7 (an empty or reversed span)
    """
    from psm_qual.coding.frame import as_codings

    frame, lines = _read_table(
        path, required=CODING_REQUIRED, known=CODING_COLUMNS, what="codings file"
    )
    out = as_codings(frame, path=str(path), lines=lines)
    return attach_lines(out[list(CODING_COLUMNS)], path, lines)


def _csv_field(value: object) -> str:
    text = "" if _missing(value) else str(value)
    if any(ch in text for ch in _QUOTE_IF):
        return '"' + text.replace('"', '""') + '"'
    return text


# csv.writer with "\n" line ends would leave a lone "\r" unquoted; quote it ourselves.
_QUOTE_IF = (",", '"', "\n", "\r")


def _csv_bytes(frame: pd.DataFrame, columns: Sequence[str]) -> bytes:
    lines = [",".join(_csv_field(c) for c in columns)]
    for row in frame[list(columns)].itertuples(index=False, name=None):
        lines.append(",".join(_csv_field(v) for v in row))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _missing(value: object) -> bool:
    try:
        return value is None or bool(pd.isna(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def write_codings(codings: pd.DataFrame, path: str | Path) -> Path:
    """Write a codings table as UTF-8 CSV, atomically, with the contract's columns in order.

    The table is checked with :func:`psm_qual.coding.frame.as_codings` first, so an invalid
    table writes nothing. Extra columns are not written.

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "out.csv"
    >>> codings = pd.DataFrame({"source_id": ["S"], "start": [0], "end": [5],
    ...                         "code": ["initiator"], "coder": ["A"], "memo": ["x, y"]})
    >>> _ = write_codings(codings, path)
    >>> print(path.read_text(), end="")
    source_id,start,end,code,coder,memo,created_at
    S,0,5,initiator,A,"x, y",
    >>> read_codings(path).equals(read_codings(path))
    True
    """
    from psm_qual.coding.frame import as_codings

    frame = as_codings(codings)
    data = _csv_bytes(frame, CODING_COLUMNS)
    return write_atomic(path, lambda handle: handle.write(data))


def read_sheet(path: str | Path) -> pd.DataFrame:
    """Read a manual coding sheet written by :func:`write_sheet` (and filled in by a coder).

    Every cell is read as a string (``""`` when empty); the columns of
    :data:`SHEET_COLUMNS` that the file has are returned, in that order. ``segment_id`` is
    required. ``attrs["path"]``/``attrs["lines"]`` locate each row for error messages of
    :func:`psm_qual.coding.sheets.from_sheet`.

    Raises
    ------
    CodingsError
        Naming the file and line: not UTF-8, malformed CSV, no ``segment_id`` column, a row with
        a wrong number of fields.
    """
    frame, lines = _read_table(
        path, required=("segment_id",), known=SHEET_COLUMNS, what="coding sheet"
    )
    frame = frame[[c for c in SHEET_COLUMNS if c in frame.columns]].reset_index(drop=True)
    return attach_lines(frame, path, lines)


def write_sheet(sheet: pd.DataFrame, path: str | Path) -> Path:
    """Write a coding sheet as UTF-8 CSV, atomically (columns of :data:`SHEET_COLUMNS` it has).

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "sheet.csv"
    >>> sheet = pd.DataFrame({"segment_id": ["S:1"], "text": ["Saya datang, lalu..."],
    ...                       "role": [""], "memo": [""]})
    >>> _ = write_sheet(sheet, path)
    >>> read_sheet(path).to_dict("records")
    [{'segment_id': 'S:1', 'text': 'Saya datang, lalu...', 'role': '', 'memo': ''}]
    """
    if "segment_id" not in sheet.columns:
        raise CodingsError("a coding sheet needs a 'segment_id' column", field="segment_id")
    columns = [c for c in SHEET_COLUMNS if c in sheet.columns]
    data = _csv_bytes(sheet, columns)
    return write_atomic(path, lambda handle: handle.write(data))
