"""MAXQDA-style segment overlap agreement per code and coder pair."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from typing import Literal

import numpy as np
import pandas as pd

from psm_qual.agreement.table import select_coders
from psm_qual.coding.frame import as_codings, merge_overlapping
from psm_qual.columns import CODE, CODER, END, SOURCE_ID, START
from psm_qual.errors import AgreementError

__all__ = ["overlap_agreement"]


def overlap_agreement(
    codings: pd.DataFrame,
    *,
    threshold: float = 0.5,
    coders: Sequence[str] | None = None,
    basis: Literal["union", "segment"] = "union",
) -> pd.DataFrame:
    """MAXQDA-style segment overlap agreement per code and coder pair.

    A coder's (merged) span of a code *agrees* when the other coder has a span of the same code
    in the same source that overlaps it by at least ``threshold``: the overlap divided by the
    extent of the two spans together (``basis="union"``, MAXQDA's rule) or by the span's own
    length (``basis="segment"``). Agreement = matched spans of both coders / all their spans.

    Parameters
    ----------
    codings : DataFrame
        Contract-4 codings.
    threshold : float
        In (0, 1].
    coders : sequence of str, optional
        Coders to compare pairwise (default: all).
    basis : {"union", "segment"}

    Returns
    -------
    DataFrame
        Columns ``code, coder_a, coder_b, n_a, n_b, matched_a, matched_b, agreement``, one row
        per code and pair, then a row with code ``"(all)"`` per pair.

    References
    ----------
    VERBI (2022). MAXQDA manual: Intercoder agreement, "Segment agreement" (minimum overlap of
    segments as a percentage).

    Examples
    --------
    >>> c = pd.DataFrame({"source_id": "S", "start": [0, 20, 2, 40], "end": [10, 30, 10, 50],
    ...                   "code": "x", "coder": ["A", "A", "B", "B"]})
    >>> overlap_agreement(c).to_dict("records")[0]
    {'code': 'x', 'coder_a': 'A', 'coder_b': 'B', 'n_a': 2, 'n_b': 2, 'matched_a': 1, 'matched_b': 1, 'agreement': 0.5}
    """
    if not 0 < threshold <= 1:
        raise AgreementError(f"must lie in (0, 1], got {threshold}", field="threshold")
    if basis not in ("union", "segment"):
        raise AgreementError(f"unknown basis {basis!r}; choose union or segment", field="basis")
    frame = as_codings(codings)
    names = select_coders(frame, coders)
    merged = merge_overlapping(frame[frame[CODER].astype(str).isin(names)])
    rows = []
    for first, second in combinations(names, 2):
        totals = dict.fromkeys(("n_a", "n_b", "matched_a", "matched_b"), 0)
        for code in sorted(merged[CODE].astype(str).unique()):
            a = merged[(merged[CODE] == code) & (merged[CODER] == first)]
            b = merged[(merged[CODE] == code) & (merged[CODER] == second)]
            matched_a = _matched(a, b, threshold, basis)
            matched_b = _matched(b, a, threshold, basis)
            counts = {"n_a": len(a), "n_b": len(b), "matched_a": matched_a, "matched_b": matched_b}
            for k, v in counts.items():
                totals[k] += v
            rows.append({"code": code, "coder_a": first, "coder_b": second, **counts})
        rows.append({"code": "(all)", "coder_a": first, "coder_b": second, **totals})
    out = pd.DataFrame(
        rows, columns=["code", "coder_a", "coder_b", "n_a", "n_b", "matched_a", "matched_b"]
    )
    total = out["n_a"] + out["n_b"]
    out["agreement"] = np.where(
        total > 0, (out["matched_a"] + out["matched_b"]) / total.where(total > 0, 1), np.nan
    )
    return out


def _matched(a: pd.DataFrame, b: pd.DataFrame, threshold: float, basis: str) -> int:
    if a.empty or b.empty:
        return 0
    count = 0
    for source, spans in a.groupby(SOURCE_ID):
        other = b[b[SOURCE_ID] == source]
        if other.empty:
            continue
        s1, e1 = spans[START].to_numpy()[:, None], spans[END].to_numpy()[:, None]
        s2, e2 = other[START].to_numpy()[None, :], other[END].to_numpy()[None, :]
        overlap = np.clip(np.minimum(e1, e2) - np.maximum(s1, s2), 0, None)
        if basis == "union":
            base = np.maximum(e1, e2) - np.minimum(s1, s2)
        else:
            base = np.broadcast_to(e1 - s1, overlap.shape)
        share = overlap / base
        count += int(((share >= threshold - 1e-12) & (overlap > 0)).any(axis=1).sum())
    return count
