"""Reading and writing disagreement-review tables (CSV, UTF-8).

A review table is written by :func:`psm_qual.agreement.review.disagreements`, filled in by the
research team (columns ``decision`` and ``memo``) and read back for
:func:`psm_qual.agreement.review.resolve`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from psm_qual.errors import AgreementError
from psm_qual.io.atomic import write_text_atomic

__all__ = ["read_review", "write_review", "REVIEW_REQUIRED"]

#: Columns every review file needs (the coder columns vary).
REVIEW_REQUIRED = ("segment_id", "source_id", "start", "end", "decision", "memo")


def write_review(review: pd.DataFrame, path: str | Path) -> Path:
    """Write a review table as UTF-8 CSV, atomically.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "review.csv"
    >>> frame = pd.DataFrame({"segment_id": ["S:1"], "source_id": ["S"], "start": [0],
    ...                       "end": [5], "A": ["x"], "B": [""], "decision": [""], "memo": [""]})
    >>> read_review(write_review(frame, path)).equals(frame.astype(str))
    True
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([str(c) for c in review.columns])
    for row in review.itertuples(index=False, name=None):
        writer.writerow(["" if pd.isna(v) else str(v) for v in row])
    return write_text_atomic(path, buffer.getvalue())


def read_review(path: str | Path) -> pd.DataFrame:
    """Read a review table; every cell as text (empty cells as ``""``).

    The frame's ``attrs["path"]`` is the file, so errors can name it (row n is line n + 1).

    Raises
    ------
    AgreementError
        A required column is missing.
    """
    text = Path(path).read_text(encoding="utf-8-sig")
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    missing = [c for c in REVIEW_REQUIRED if c not in frame.columns]
    if missing:
        raise AgreementError(f"review file lacks columns {missing}", path=path, line=1)
    frame.attrs["path"] = str(path)
    return frame
