"""Disagreement review: list the segments where coders differ, then apply the team's decisions.

Workflow: ``review = disagreements(codings, segments=corpus)`` -> write with
:func:`psm_qual.io.review.write_review` -> the team fills ``decision`` (the segment's final
codes, separated by ``;``, or ``-`` for no code) and ``memo`` (why) -> read back with
:func:`psm_qual.io.review.read_review` -> ``consensus = resolve(review, codings)`` -> write
with :func:`psm_qual.io.codings.write_codings`.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from psm_qual.agreement.table import _segments_of, select_coders
from psm_qual.coding.frame import as_codings, merge_overlapping, segment_codings
from psm_qual.columns import (
    CODE,
    CODER,
    CODING_COLUMNS,
    CREATED_AT,
    END,
    INFORMANT,
    MEMO,
    SEGMENT_ID,
    SOURCE_ID,
    START,
    TEXT,
)
from psm_qual.errors import AgreementError, PsmQualWarning

__all__ = ["disagreements", "resolve", "agreed_spans", "DECISION", "NO_CODE", "CODE_SEPARATOR"]

DECISION = "decision"
#: A decision meaning "this segment gets no code".
NO_CODE = "-"
#: Separator of codes in coder and decision cells.
CODE_SEPARATOR = "; "


def disagreements(
    codings: pd.DataFrame, *, segments: Any, coders: Sequence[str] | None = None
) -> pd.DataFrame:
    """The segments on which the coders' code sets differ, ready for a consensus meeting.

    Parameters
    ----------
    codings : DataFrame
        Contract-4 codings of all coders (overlapping spans are merged first).
    segments : DataFrame or Corpus
        The segments (interviewer turns dropped).
    coders : sequence of str, optional
        Coders to compare (default: all).

    Returns
    -------
    DataFrame
        Columns ``segment_id, source_id, start, end, informant, text``, one column per coder
        (its codes on the segment, sorted, joined with ``"; "``), ``decision`` and ``memo``
        (both empty), in segment order.

    Examples
    --------
    >>> seg = pd.DataFrame({"segment_id": ["S:1", "S:2"], "source_id": "S", "start": [0, 6],
    ...                     "end": [5, 9], "text": ["Hello", "Bye"]})
    >>> c = pd.DataFrame({"source_id": "S", "start": [0, 0, 6], "end": [5, 5, 9],
    ...                   "code": ["x", "x", "y"], "coder": ["A", "B", "A"]})
    >>> disagreements(c, segments=seg)[["segment_id", "text", "A", "B", "decision"]]
      segment_id text  A B decision
    0        S:2  Bye  y
    """
    frame = as_codings(codings)
    names = select_coders(frame, coders)
    merged = merge_overlapping(frame[frame[CODER].astype(str).isin(names)])
    seg = _segments_of(segments).reset_index(drop=True)
    mapped = segment_codings(merged, seg)
    sets = mapped.groupby([SEGMENT_ID, CODER])[CODE].agg(lambda s: tuple(sorted(set(s))))
    rows = []
    for record in seg.itertuples(index=False):
        sid = getattr(record, SEGMENT_ID)
        cells = {c: sets.get((sid, c), ()) for c in names}
        if len(set(cells.values())) <= 1:
            continue
        row = {
            SEGMENT_ID: sid,
            SOURCE_ID: getattr(record, SOURCE_ID),
            START: int(getattr(record, START)),
            END: int(getattr(record, END)),
            INFORMANT: _text(record, INFORMANT),
            TEXT: _text(record, TEXT),
        }
        row.update({c: CODE_SEPARATOR.join(v) for c, v in cells.items()})
        row[DECISION] = ""
        row[MEMO] = ""
        rows.append(row)
    columns = [SEGMENT_ID, SOURCE_ID, START, END, INFORMANT, TEXT, *names, DECISION, MEMO]
    return pd.DataFrame(rows, columns=columns)


def _text(record: Any, column: str) -> str:
    value = getattr(record, column, "")
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def agreed_spans(codings: pd.DataFrame, *, coders: Sequence[str] | None = None) -> pd.DataFrame:
    """Per source and code, the stretches every coder coded (intersection of merged spans).

    Returns
    -------
    DataFrame
        Columns ``source_id, code, start, end``.

    Examples
    --------
    >>> c = pd.DataFrame({"source_id": "S", "start": [0, 3], "end": [10, 12], "code": "x",
    ...                   "coder": ["A", "B"]})
    >>> agreed_spans(c).to_dict("records")
    [{'source_id': 'S', 'code': 'x', 'start': 3, 'end': 10}]
    """
    frame = as_codings(codings)
    names = select_coders(frame, coders)
    merged = merge_overlapping(frame[frame[CODER].astype(str).isin(names)])
    rows = []
    for (source, code), group in merged.groupby([SOURCE_ID, CODE], sort=True):
        current: list[tuple[int, int]] | None = None
        for name in names:
            spans = sorted(
                zip(
                    group.loc[group[CODER] == name, START].astype(int),
                    group.loc[group[CODER] == name, END].astype(int),
                    strict=True,
                )
            )
            current = spans if current is None else _intersect(current, spans)
            if not current:
                break
        rows.extend((source, code, a, b) for a, b in current or [])
    return pd.DataFrame(rows, columns=[SOURCE_ID, CODE, START, END])


def _intersect(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        low, high = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if low < high:
            out.append((low, high))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def _subtract(spans: list[tuple[int, int]], cuts: list[tuple[int, int]]):
    out = []
    for start, end in spans:
        pieces = [(start, end)]
        for cut_start, cut_end in cuts:
            nxt = []
            for a, b in pieces:
                if cut_end <= a or cut_start >= b:
                    nxt.append((a, b))
                    continue
                if a < cut_start:
                    nxt.append((a, cut_start))
                if cut_end < b:
                    nxt.append((cut_end, b))
            pieces = nxt
        out.extend(pieces)
    return out


def resolve(
    review: pd.DataFrame,
    codings: pd.DataFrame,
    *,
    coder: str = "consensus",
    require_memo: bool = True,
    coders: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Consensus codings from the coders' codings and a filled-in review table.

    - Text every coder coded with the same code is kept (:func:`agreed_spans`), except inside
      segments that carry a decision;
    - a decided segment gets exactly the codes of its ``decision`` (``;``-separated, ``-`` for
      none), spanning the whole segment, with the row's memo;
    - a row without decision keeps only the agreed text (a :class:`PsmQualWarning` counts
      them).

    Parameters
    ----------
    review : DataFrame
        From :func:`disagreements` (or :func:`psm_qual.io.review.read_review`), with
        ``decision`` and ``memo`` filled in.
    codings : DataFrame
        The coders' codings the review was made from.
    coder : str
        Coder name of the consensus rows.
    require_memo : bool
        A decision without a memo is an error.
    coders : sequence of str, optional
        The coders that were compared (default: all in ``codings`` other than ``coder``).

    Returns
    -------
    DataFrame
        Contract-4 codings (columns :data:`psm_qual.columns.CODING_COLUMNS`), one coder.

    Raises
    ------
    AgreementError
        A decision without memo (naming the review row / file line), missing columns.

    Examples
    --------
    >>> seg = pd.DataFrame({"segment_id": ["S:1", "S:2"], "source_id": "S", "start": [0, 6],
    ...                     "end": [5, 9], "text": ["Hello", "Bye"]})
    >>> c = pd.DataFrame({"source_id": "S", "start": [0, 0, 6], "end": [5, 5, 9],
    ...                   "code": ["x", "x", "y"], "coder": ["A", "B", "A"]})
    >>> review = disagreements(c, segments=seg)
    >>> review.loc[0, ["decision", "memo"]] = ["y", "B missed the farewell"]
    >>> resolve(review, c)[["start", "end", "code", "coder", "memo"]]
       start  end code      coder                   memo
    0      0    5    x  consensus
    1      6    9    y  consensus  B missed the farewell
    """
    missing = [
        c for c in (SEGMENT_ID, SOURCE_ID, START, END, DECISION, MEMO) if c not in review.columns
    ]
    path = review.attrs.get("path")
    if missing:
        raise AgreementError(f"review lacks columns {missing}", path=path, field="review")
    frame = as_codings(codings)
    frame = frame[frame[CODER].astype(str) != coder]
    agreed = agreed_spans(frame, coders=coders)
    decided: dict[str, list[tuple[int, int]]] = {}
    rows: list[dict[str, Any]] = []
    undecided = 0
    for i, record in enumerate(review.to_dict("records")):
        decision = str(record.get(DECISION) or "").strip()
        memo = str(record.get(MEMO) or "").strip()
        if not decision:
            undecided += 1
            continue
        where = (
            {"path": path, "line": i + 2}
            if path
            else {"field": f"review row {i} (segment {record[SEGMENT_ID]})"}
        )
        if require_memo and not memo:
            raise AgreementError(
                f"decision {decision!r} for segment {record[SEGMENT_ID]} has no memo; "
                "say why in the memo column",
                **where,
            )
        try:
            start, end = int(record[START]), int(record[END])
        except (TypeError, ValueError):
            raise AgreementError("start and end must be integers", **where) from None
        source = str(record[SOURCE_ID])
        decided.setdefault(source, []).append((start, end))
        if decision == NO_CODE:
            continue
        for code in (c.strip() for c in decision.split(";")):
            if code:
                rows.append(
                    {
                        SOURCE_ID: source,
                        START: start,
                        END: end,
                        CODE: code,
                        CODER: coder,
                        MEMO: memo,
                        CREATED_AT: "",
                    }
                )
    if undecided:
        warnings.warn(
            f"{undecided} review row(s) have no decision: only the text every coder "
            "coded alike is kept there",
            PsmQualWarning,
            stacklevel=2,
        )
    for record in agreed.to_dict("records"):
        cuts = decided.get(str(record[SOURCE_ID]), [])
        for a, b in _subtract([(record[START], record[END])], cuts):
            rows.append(
                {
                    SOURCE_ID: record[SOURCE_ID],
                    START: a,
                    END: b,
                    CODE: record[CODE],
                    CODER: coder,
                    MEMO: "",
                    CREATED_AT: "",
                }
            )
    out = pd.DataFrame(rows, columns=list(CODING_COLUMNS))
    if out.empty:
        return as_codings(out)
    out = merge_overlapping(as_codings(out))
    return out.sort_values([SOURCE_ID, START, END, CODE], kind="mergesort").reset_index(drop=True)
