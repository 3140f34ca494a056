"""The codings table (contract 4): checking, merging, mapping spans to segments.

A codings table is a long-format DataFrame with one row per (span, code, coder) and the columns
:data:`psm_qual.columns.CODING_COLUMNS`, in this order:

============== ======== =========================================================
column         dtype    meaning
============== ======== =========================================================
``source_id``  str      the source whose body the span is in
``start``      int64    0-based code point offset into the body (inclusive)
``end``        int64    code point offset, exclusive; ``end > start``
``code``       str      a code id of the codebook (``/`` separates levels)
``coder``      str      who (or which program) applied the code
``memo``       str      free text, ``""`` when empty
``created_at`` str      ISO 8601 timestamp, ``""`` when unknown
============== ======== =========================================================

The first five columns are required. Every function here is pure: it returns a new frame.
Rolling codes up to their codable ancestors is :func:`psm_qual.coding.rollup.roll_up`
(re-exported here).
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Integral, Real
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from psm_qual.coding.rollup import roll_up
from psm_qual.columns import (
    CODE,
    CODER,
    CODING_COLUMNS,
    CODING_REQUIRED,
    CREATED_AT,
    END,
    GROUP,
    INFORMANT,
    MEMO,
    SEGMENT_ID,
    SOURCE_ID,
    SPEAKER,
    START,
    TECHNIQUE,
    TEXT,
)
from psm_qual.errors import CodingsError

if TYPE_CHECKING:
    from psm_qual.corpus import Corpus

__all__ = [
    "SEGMENT_CODING_COLUMNS",
    "MEMO_SEPARATOR",
    "INT64_MAX",
    "as_codings",
    "empty_codings",
    "merge_overlapping",
    "segment_codings",
    "roll_up",
]

#: Columns of :func:`segment_codings`.
SEGMENT_CODING_COLUMNS = (
    SEGMENT_ID,
    SOURCE_ID,
    CODE,
    CODER,
    INFORMANT,
    GROUP,
    TECHNIQUE,
    SPEAKER,
    TEXT,
)

#: How :func:`merge_overlapping` joins the memos of merged spans.
MEMO_SEPARATOR = " | "

#: Largest offset a codings table can hold (offsets are int64).
INT64_MAX = int(np.iinfo(np.int64).max)

_TEXT_COLUMNS = (SOURCE_ID, CODE, CODER)
_OPTIONAL_COLUMNS = (MEMO, CREATED_AT)


def empty_codings() -> pd.DataFrame:
    """A codings table with no rows and the contract's columns and dtypes.

    Examples
    --------
    >>> frame = empty_codings()
    >>> list(frame.columns)
    ['source_id', 'start', 'end', 'code', 'coder', 'memo', 'created_at']
    >>> str(frame["start"].dtype), len(frame)
    ('int64', 0)
    """
    data: dict[str, pd.Series] = {}
    for column in CODING_COLUMNS:
        dtype = "int64" if column in (START, END) else object
        data[column] = pd.Series([], dtype=dtype)
    return pd.DataFrame(data)


def _where(index: int, lines: Sequence[int] | None, path: object) -> dict:
    """Error location: the file line when known, else the row index in the message."""
    if path is not None and lines is not None:
        return {"path": path, "line": int(lines[index])}
    return {"path": path} if path is not None else {}


def _row_label(index: int, lines: Sequence[int] | None, path: object) -> str:
    return "" if (path is not None and lines is not None) else f"row {index}: "


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _to_offset(value: object) -> int | str:
    """An offset as int, or a reason (str) why it is not one."""
    if _is_missing(value):
        return "is empty"
    if isinstance(value, bool | np.bool_):
        return f"is not an integer ({value!r})"
    if isinstance(value, Integral):
        number = int(value)
    elif isinstance(value, Real):
        as_float = float(value)
        if not as_float.is_integer():
            return f"is not an integer ({value!r})"
        number = int(as_float)
    elif isinstance(value, str):
        text = value.strip()
        try:
            number = int(text)
        except ValueError:
            try:
                as_float = float(text)
            except ValueError:
                return f"is not an integer ({value!r})"
            if not as_float.is_integer():
                return f"is not an integer ({value!r})"
            number = int(as_float)
    else:
        return f"is not an integer ({value!r})"
    if number < 0:
        return f"is negative ({number})"
    if number > INT64_MAX:
        return f"is too large ({number} > {INT64_MAX})"
    return number


def _offsets(column: pd.Series, name: str, lines: Sequence[int] | None, path: object) -> np.ndarray:
    if (
        pd.api.types.is_integer_dtype(column.dtype)
        and not pd.api.types.is_unsigned_integer_dtype(column.dtype)
        and column.notna().all()
    ):
        values = column.to_numpy(dtype="int64")
        bad = np.flatnonzero(values < 0)
        if len(bad):
            i = int(bad[0])
            raise CodingsError(
                f"{_row_label(i, lines, path)}{name} is negative ({values[i]})",
                field=name,
                **_where(i, lines, path),
            )
        return values
    out = np.empty(len(column), dtype="int64")
    for i, value in enumerate(column.tolist()):
        number = _to_offset(value)
        if isinstance(number, str):
            raise CodingsError(
                f"{_row_label(i, lines, path)}{name} {number}", field=name, **_where(i, lines, path)
            )
        out[i] = number
    return out


def _texts(
    column: pd.Series, name: str, lines: Sequence[int] | None, path: object, *, required: bool
) -> list[str]:
    out: list[str] = []
    for i, value in enumerate(column.tolist()):
        if _is_missing(value):
            text = ""
        else:
            text = value if isinstance(value, str) else str(value)
        if required:
            text = text.strip()
            if not text:
                raise CodingsError(
                    f"{_row_label(i, lines, path)}{name} is empty",
                    field=name,
                    **_where(i, lines, path),
                )
        out.append(text)
    return out


def as_codings(
    frame: pd.DataFrame,
    *,
    path: str | None = None,
    lines: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Check a frame against contract 4 and return it with the contract's columns and dtypes.

    ``source_id``, ``code`` and ``coder`` are stripped of surrounding white space; ``start`` and
    ``end`` become int64 (integral floats and digit strings are accepted); missing ``memo`` and
    ``created_at`` become ``""``. The contract's columns come first, in order; any extra column is
    kept after them. The index is reset.

    Parameters
    ----------
    frame : DataFrame
        At least ``source_id, start, end, code, coder``.
    path : str, optional
        The file the rows came from, for error messages.
    lines : sequence of int, optional
        With ``path``: the file line of each row, so that errors name ``path:line``.

    Returns
    -------
    DataFrame
        A new codings table.

    Raises
    ------
    CodingsError
        A required column is missing; an offset is empty, not an integer, negative or beyond
        int64; ``end <= start``; ``source_id``, ``code`` or ``coder`` is empty. The error names the
        field and the row (or the file and line).

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"source_id": ["W-PSM1"], "start": [0.0], "end": ["12"],
    ...                       "code": [" initiator "], "coder": ["A"]})
    >>> as_codings(frame).iloc[0].to_dict()
    {'source_id': 'W-PSM1', 'start': 0, 'end': 12, 'code': 'initiator', 'coder': 'A', 'memo': '', 'created_at': ''}
    >>> as_codings(frame.assign(end=0))
    Traceback (most recent call last):
    ...
    psm_qual.errors.CodingsError: end: row 0: end 0 <= start 0 (an empty or reversed span)
    >>> as_codings(frame.drop(columns="coder"))
    Traceback (most recent call last):
    ...
    psm_qual.errors.CodingsError: coder: missing required column 'coder' (a codings table needs source_id, start, end, code, coder)
    """
    if not isinstance(frame, pd.DataFrame):
        raise CodingsError(
            f"expected a DataFrame of codings, got {type(frame).__name__}",
            path=path,
            field="codings",
        )
    for column in CODING_REQUIRED:
        if column not in frame.columns:
            raise CodingsError(
                f"missing required column {column!r} (a codings table needs "
                f"{', '.join(CODING_REQUIRED)})",
                path=path,
                field=column,
            )
    if lines is not None and len(lines) != len(frame):
        raise ValueError("lines must give one line number per row")
    data: dict[str, object] = {}
    for column in CODING_COLUMNS:
        if column in (START, END):
            data[column] = _offsets(frame[column], column, lines, path)
        elif column in _TEXT_COLUMNS:
            data[column] = _texts(frame[column], column, lines, path, required=True)
        elif column in frame.columns:
            data[column] = _texts(frame[column], column, lines, path, required=False)
        else:
            data[column] = [""] * len(frame)
    starts, ends = data[START], data[END]
    bad = np.flatnonzero(ends <= starts)  # type: ignore[operator]
    if len(bad):
        i = int(bad[0])
        raise CodingsError(
            f"{_row_label(i, lines, path)}end {ends[i]} <= start {starts[i]} "  # type: ignore[index]
            "(an empty or reversed span)",
            field=END,
            **_where(i, lines, path),
        )
    out = pd.DataFrame(
        {
            column: pd.Series(data[column], dtype="int64" if column in (START, END) else object)
            for column in CODING_COLUMNS
        }
    )
    extras = [c for c in frame.columns if c not in CODING_COLUMNS]
    for column in extras:
        out[column] = frame[column].to_numpy()
    return out


def _join_memos(memos: Sequence[str]) -> str:
    seen: list[str] = []
    for memo in memos:
        if memo and memo not in seen:
            seen.append(memo)
    return MEMO_SEPARATOR.join(seen)


def _first_timestamp(values: Sequence[str]) -> str:
    present = [v for v in values if v]
    return min(present) if present else ""


def merge_overlapping(codings: pd.DataFrame) -> pd.DataFrame:
    """Union each coder's overlapping or touching spans of the same code in the same source.

    Spans ``[a, b)`` and ``[c, d)`` with ``c <= b`` become ``[a, max(b, d))``. Distinct non-empty
    memos are joined with ``" | "`` in span order; ``created_at`` keeps the earliest timestamp.
    The result is sorted by ``source_id, start, end, code, coder``; merging it again changes
    nothing (the operation is idempotent).

    Parameters
    ----------
    codings : DataFrame
        A codings table (see :func:`as_codings`).

    Returns
    -------
    DataFrame
        A new codings table with the contract's columns only.

    Examples
    --------
    >>> import pandas as pd
    >>> codings = pd.DataFrame({
    ...     "source_id": ["S", "S", "S", "S"], "start": [0, 5, 10, 0], "end": [6, 10, 12, 3],
    ...     "code": ["x", "x", "x", "x"], "coder": ["A", "A", "A", "B"],
    ...     "memo": ["first", "", "third", ""]})
    >>> merge_overlapping(codings)[["start", "end", "coder", "memo"]]
       start  end coder           memo
    0      0    3     B
    1      0   12     A  first | third
    """
    frame = as_codings(codings)[list(CODING_COLUMNS)]
    if frame.empty:
        return frame
    frame = frame.sort_values([SOURCE_ID, CODE, CODER, START, END], kind="mergesort")
    rows: list[tuple] = []
    for (source_id, code, coder), group in frame.groupby(
        [SOURCE_ID, CODE, CODER], sort=False, dropna=False
    ):
        runs: list[tuple[list[int], list[str], list[str]]] = []  # [start, end], memos, stamps
        for start, end, memo, stamp in zip(
            group[START].tolist(),
            group[END].tolist(),
            group[MEMO].tolist(),
            group[CREATED_AT].tolist(),
            strict=True,
        ):
            if runs and start <= runs[-1][0][1]:
                span, memos, stamps = runs[-1]
                span[1] = max(span[1], end)
                memos.append(memo)
                stamps.append(stamp)
            else:
                runs.append(([start, end], [memo], [stamp]))
        rows.extend(
            (source_id, start, end, code, coder, _join_memos(memos), _first_timestamp(stamps))
            for (start, end), memos, stamps in runs
        )
    out = pd.DataFrame(rows, columns=list(CODING_COLUMNS))
    out = out.sort_values([SOURCE_ID, START, END, CODE, CODER], kind="mergesort")
    return as_codings(out.reset_index(drop=True))


def _segments_frame(segments: pd.DataFrame | Corpus) -> pd.DataFrame:
    frame = getattr(segments, "segments", segments)
    if not isinstance(frame, pd.DataFrame):
        raise CodingsError(
            f"expected a segments DataFrame or a Corpus, got {type(segments).__name__}",
            field="segments",
        )
    needed = (SEGMENT_ID, SOURCE_ID, START, END)
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise CodingsError(f"segments lack columns {missing}", field="segments")
    return frame


def _overlaps(
    seg_starts: np.ndarray, seg_ends: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (coding i, segment j) with overlap > 0, segments of one source."""
    order = np.argsort(seg_starts, kind="mergesort")
    sorted_starts, sorted_ends = seg_starts[order], seg_ends[order]
    if len(order) and bool(np.all(sorted_ends[:-1] <= sorted_starts[1:])):
        # Non-overlapping segments: ends are sorted too, so each coding hits a contiguous run.
        first = np.searchsorted(sorted_ends, starts, side="right")
        last = np.searchsorted(sorted_starts, ends, side="left")
        counts = np.maximum(last - first, 0)
        coding_idx = np.repeat(np.arange(len(starts)), counts)
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        segment_idx = order[np.repeat(first, counts) + offsets]
        return coding_idx, segment_idx
    hit = (seg_starts[None, :] < ends[:, None]) & (seg_ends[None, :] > starts[:, None])
    coding_idx, segment_idx = np.nonzero(hit)
    return coding_idx, segment_idx


def segment_codings(codings: pd.DataFrame, segments: pd.DataFrame | Corpus) -> pd.DataFrame:
    """Map each coded span to the segments it overlaps: one row per (segment, code, coder).

    A span counts for a segment when they share at least one code point. Spans that overlap no
    segment (for example a coded speaker label) are left out. This is the table that agreement,
    triangulation and findings count.

    Parameters
    ----------
    codings : DataFrame
        A codings table.
    segments : DataFrame or Corpus
        Segments (contract 2), or a corpus whose ``segments`` are used (interviewer turns
        included: a span coded on them is counted there).

    Returns
    -------
    DataFrame
        Columns :data:`SEGMENT_CODING_COLUMNS`: ``segment_id, source_id, code, coder, informant,
        group, technique, speaker, text`` (the last five from the segments, ``""`` where the
        segments lack them), in segment order, then code and coder.

    Examples
    --------
    >>> import pandas as pd
    >>> segments = pd.DataFrame({"segment_id": ["S:1", "S:2", "S:3"], "source_id": "S",
    ...                          "start": [0, 10, 20], "end": [10, 20, 30], "group": "PSM"})
    >>> codings = pd.DataFrame({"source_id": "S", "start": [0, 5, 19], "end": [10, 12, 20],
    ...                         "code": ["x", "y", "x"], "coder": "A"})
    >>> segment_codings(codings, segments)[["segment_id", "code", "coder", "group"]]
      segment_id code coder group
    0        S:1    x     A   PSM
    1        S:1    y     A   PSM
    2        S:2    x     A   PSM
    3        S:2    y     A   PSM
    """
    frame = as_codings(codings)
    seg = _segments_frame(segments)
    seg_sources = seg[SOURCE_ID].astype(str).to_numpy()
    seg_starts = seg[START].to_numpy(dtype="int64")
    seg_ends = seg[END].to_numpy(dtype="int64")
    by_source: dict[str, np.ndarray] = {}
    for position, source_id in enumerate(seg_sources.tolist()):
        by_source.setdefault(source_id, []).append(position)  # type: ignore[arg-type]
    sources = frame[SOURCE_ID].to_numpy()
    starts, ends = frame[START].to_numpy(), frame[END].to_numpy()
    codes, coders = frame[CODE].to_numpy(), frame[CODER].to_numpy()
    triples: set[tuple[int, str, str]] = set()
    for source_id in dict.fromkeys(sources.tolist()):
        if source_id not in by_source:
            continue
        positions = np.asarray(by_source[source_id])
        rows = np.flatnonzero(sources == source_id)
        coding_idx, segment_idx = _overlaps(
            seg_starts[positions], seg_ends[positions], starts[rows], ends[rows]
        )
        triples.update(
            zip(
                positions[segment_idx].tolist(),
                codes[rows[coding_idx]].tolist(),
                coders[rows[coding_idx]].tolist(),
                strict=True,
            )
        )
    ordered = sorted(triples)
    chosen = np.asarray([t[0] for t in ordered], dtype="int64")
    out = pd.DataFrame(
        {
            SEGMENT_ID: pd.Series(seg[SEGMENT_ID].to_numpy(dtype=object)[chosen], dtype=object),
            SOURCE_ID: pd.Series(seg_sources[chosen], dtype=object),
            CODE: pd.Series([t[1] for t in ordered], dtype=object),
            CODER: pd.Series([t[2] for t in ordered], dtype=object),
        }
    )
    for column in (INFORMANT, GROUP, TECHNIQUE, SPEAKER, TEXT):
        if column in seg.columns:
            values = seg[column].to_numpy(dtype=object)[chosen]
            out[column] = pd.Series(["" if _is_missing(v) else v for v in values], dtype=object)
        else:
            out[column] = pd.Series([""] * len(out), dtype=object)
    return out[list(SEGMENT_CODING_COLUMNS)].reset_index(drop=True)
