"""CSV tables read record by record, each row with the file line it starts on.

The one CSV reader behind :mod:`psm_qual.io.codings` and :mod:`psm_qual.io.logs`. It skips blank
rows, keeps the first non-blank row as the header and, for every later row, the line it starts on
(a quoted cell may span lines), so that callers can name ``file:line``. What a header must hold
and every message stay with the caller: errors are raised as the caller's error class.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from psm_qual.errors import PsmQualError

__all__ = ["read_records", "attach_lines"]


def read_records(
    text: str,
    *,
    path: str | Path,
    error: type[PsmQualError],
    check_header: Callable[[list[str], int], None],
    empty_message: str,
    blank_tail: bool = False,
) -> tuple[list[str], list[list[str]], list[int]]:
    """The header (cells stripped), the rows (cells as written) and each row's first line.

    Parameters
    ----------
    text : str
        The decoded file.
    path : str or Path
        Named in every error.
    error : type
        The :class:`~psm_qual.errors.PsmQualError` subclass to raise.
    check_header : callable
        Called with the header and its line; raises when the header will not do.
    empty_message : str
        The message when the file has no header.
    blank_tail : bool
        Accept a row longer than the header when the extra cells are blank (they are dropped).

    Raises
    ------
    PsmQualError
        Of class ``error``, naming ``path`` and the line: malformed CSV, a row with a number of
        fields other than the header's, an empty file (no line), or whatever ``check_header``
        raises.

    Examples
    --------
    >>> from psm_qual.errors import CodingsError
    >>> def check(header, line):
    ...     pass
    >>> read_records("a,b\\n\\n1,\\"x\\ny\\"\\n2,z\\n", path="t.csv", error=CodingsError,
    ...              check_header=check, empty_message="empty")
    (['a', 'b'], [['1', 'x\\ny'], ['2', 'z']], [3, 5])
    >>> read_records("a,b\\n1\\n", path="t.csv", error=CodingsError, check_header=check,
    ...              empty_message="empty")
    Traceback (most recent call last):
    ...
    psm_qual.errors.CodingsError: t.csv:2: 1 fields where the header has 2
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    rows: list[list[str]] = []
    lines: list[int] = []
    previous = 0
    try:
        for record in reader:
            first_line = previous + 1
            previous = reader.line_num
            if not record or all(not cell.strip() for cell in record):
                continue
            if header is None:
                header = [cell.strip() for cell in record]
                check_header(header, first_line)
                continue
            if len(record) != len(header):
                if (
                    not blank_tail
                    or len(record) < len(header)
                    or any(cell.strip() for cell in record[len(header) :])
                ):
                    raise error(
                        f"{len(record)} fields where the header has {len(header)}",
                        path=path,
                        line=first_line,
                    )
                record = record[: len(header)]
            rows.append(record)
            lines.append(first_line)
    except csv.Error as exc:
        raise error(f"malformed CSV ({exc})", path=path, line=reader.line_num) from None
    if header is None:
        raise error(empty_message, path=path)
    return header, rows, lines


def attach_lines(frame: pd.DataFrame, path: str | Path, lines: list[int]) -> pd.DataFrame:
    """``frame`` with ``attrs["path"]`` (the file) and ``attrs["lines"]`` (each row's line)."""
    frame.attrs["path"] = str(path)
    frame.attrs["lines"] = list(lines)
    return frame
