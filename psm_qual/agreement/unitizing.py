"""Krippendorff's unitizing alpha (alpha-U) for spans on a continuum.

Coders mark units (spans with a category) on a continuum such as a text; their boundaries need
not coincide. For each category, a coder's units and the gaps between them tile the continuum;
disagreement between two coders' sections g and h is

- (b_g - b_h)^2 + (e_g - e_h)^2 when both are units and they overlap,
- l_g^2 when g is a unit lying wholly inside a gap h of the other coder (and vice versa),
- 0 otherwise,

and alpha-U = 1 - D_o / D_e with the expected disagreement over all possible unitizations
(Krippendorff 2004, sec. 12.4; Krippendorff 1995).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

from psm_qual.columns import CODE, CODER, END, SOURCE_ID, START
from psm_qual.errors import AgreementError

__all__ = ["UnitizingComponents", "unitizing_alpha", "unitizing_components", "codings_continuum"]


@dataclass(frozen=True)
class UnitizingComponents:
    """Alpha-U per category and overall.

    Attributes
    ----------
    alpha : float
        Over all categories: 1 - sum D_o / sum D_e (NaN when no category has D_e > 0).
    by_category : DataFrame
        Columns ``category, observed, expected, alpha``.
    """

    alpha: float
    by_category: pd.DataFrame


def _units_frame(units: Any) -> pd.DataFrame:
    if isinstance(units, pd.DataFrame):
        missing = [c for c in (CODER, START, END, CODE) if c not in units.columns]
        if missing:
            raise AgreementError(f"lacks columns {missing}", field="units")
        frame = units[[CODER, START, END, CODE]].copy()
    else:
        try:
            frame = pd.DataFrame(list(units), columns=[CODER, START, END, CODE])
        except (TypeError, ValueError):
            raise AgreementError(
                "must be a DataFrame or (coder, start, end, category) tuples", field="units"
            ) from None
    try:
        frame[START] = frame[START].astype("int64")
        frame[END] = frame[END].astype("int64")
    except (TypeError, ValueError):
        raise AgreementError("start and end must be integers", field="units") from None
    if (frame[END] <= frame[START]).any():
        raise AgreementError("every unit needs end > start", field="units")
    return frame


def _sections(starts: np.ndarray, ends: np.ndarray, begin: int, finish: int):
    """A coder's units and the gaps between them: (begins, lengths, is_unit)."""
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], ends[order]
    if len(starts) > 1 and (starts[1:] < ends[:-1]).any():
        raise AgreementError(
            "a coder's units of one category overlap; merge them first "
            "(psm_qual.coding.frame.merge_overlapping)",
            field="units",
        )
    bounds = np.concatenate([[begin], np.ravel(np.column_stack([starts, ends])), [finish]])
    gap_b, gap_e = bounds[0::2], bounds[1::2]
    keep = gap_e > gap_b
    b = np.concatenate([starts, gap_b[keep]])
    length = np.concatenate([ends - starts, (gap_e - gap_b)[keep]])
    unit = np.concatenate([np.ones(len(starts), bool), np.zeros(int(keep.sum()), bool)])
    return b.astype(float), length.astype(float), unit


def _pair_disagreement(first, second) -> float:
    b1, l1, u1 = (x[:, None] for x in first)
    b2, l2, u2 = (x[None, :] for x in second)
    bd, ld = b1 - b2, l1 - l2
    both = u1 & u2 & (-l1 < bd) & (bd < l2)
    unit_in_gap = u1 & ~u2 & (-ld >= bd) & (bd >= 0)
    gap_around = ~u1 & u2 & (-ld <= bd) & (bd <= 0)
    total = np.where(both, bd**2 + (bd + ld) ** 2, 0.0)
    total += np.where(unit_in_gap, np.broadcast_to(l1**2, total.shape), 0.0)
    total += np.where(gap_around, np.broadcast_to(l2**2, total.shape), 0.0)
    return float(total.sum())


def unitizing_components(
    units: Any, *, continuum: tuple[int, int], coders: list[str] | None = None
) -> UnitizingComponents:
    """Alpha-U per category and overall; see :func:`unitizing_alpha`.

    Examples
    --------
    >>> units = [("i", 225, 295, "c"), ("i", 370, 400, "c"), ("j", 220, 300, "c"),
    ...          ("j", 355, 375, "c"), ("j", 400, 420, "c")]
    >>> comp = unitizing_components(units, continuum=(150, 450))
    >>> comp.by_category.round(4).to_dict("records")
    [{'category': 'c', 'observed': 0.0144, 'expected': 0.0532, 'alpha': 0.7286}]
    """
    frame = _units_frame(units)
    begin, finish = (int(x) for x in continuum)
    length = finish - begin
    if length <= 0:
        raise AgreementError("must be (begin, end) with end > begin", field="continuum")
    if ((frame[START] < begin) | (frame[END] > finish)).any():
        raise AgreementError("a unit lies outside the continuum", field="continuum")
    names = sorted(frame[CODER].astype(str).unique()) if coders is None else list(coders)
    if len(names) < 2:
        raise AgreementError(f"needs at least 2 coders, got {len(names)}", field="coders")
    m = len(names)
    rows = []
    for category in sorted(frame[CODE].astype(str).unique()):
        in_cat = frame[frame[CODE].astype(str) == category]
        sections = []
        for coder in names:
            mine = in_cat[in_cat[CODER].astype(str) == coder]
            sections.append(_sections(mine[START].to_numpy(), mine[END].to_numpy(), begin, finish))
        observed = 2.0 * sum(
            _pair_disagreement(sections[i], sections[j]) for i, j in combinations(range(m), 2)
        )
        observed /= m * (m - 1) * float(length) ** 2
        unit_lengths = np.concatenate([s[1][s[2]] for s in sections])
        gaps = np.concatenate([s[1][~s[2]] for s in sections])
        n_units = len(unit_lengths)
        ell = unit_lengths[:, None]
        fit = np.where(gaps[None, :] >= ell, gaps[None, :] - ell + 1.0, 0.0).sum(axis=1)
        numerator = (
            (n_units - 1.0) * (2 * unit_lengths**3 - 3 * unit_lengths**2 + unit_lengths) / 3.0
            + unit_lengths**2 * fit
        ).sum()
        denominator = m * length * (m * length - 1.0) - (unit_lengths * (unit_lengths - 1)).sum()
        expected = 2.0 / length * numerator / denominator
        alpha = float("nan") if expected == 0 else 1.0 - observed / expected
        rows.append(
            {"category": category, "observed": observed, "expected": expected, "alpha": alpha}
        )
    table = pd.DataFrame(rows, columns=["category", "observed", "expected", "alpha"])
    total_expected = table["expected"].sum()
    overall = (
        float("nan") if total_expected == 0 else 1.0 - table["observed"].sum() / total_expected
    )
    return UnitizingComponents(float(overall), table)


def unitizing_alpha(
    units: Any, *, continuum: tuple[int, int], coders: list[str] | None = None
) -> float:
    """Krippendorff's unitizing alpha (alpha-U) over all categories.

    Parameters
    ----------
    units : DataFrame or iterable of (coder, start, end, category)
        A DataFrame needs columns ``coder, start, end, code``. A coder's units of one category
        must not overlap (merge them first). Offsets are integers, end exclusive.
    continuum : (int, int)
        The stretch that was unitized, ``(begin, end)``.
    coders : list of str, optional
        The coders (default: every coder in ``units``); a listed coder without units marked
        nothing, which counts as a judgement.

    Returns
    -------
    float
        1 - sum_c D_o(c) / sum_c D_e(c); per-category values via :func:`unitizing_components`.

    References
    ----------
    Krippendorff, K. (1995). On the reliability of unitizing continuous data. Sociological
    Methodology, 25, 47-76. Krippendorff, K. (2004). Content Analysis (2nd ed.), sec. 12.4,
    pp. 251-256. Sage.

    Examples
    --------
    Krippendorff (2004, p. 254): two coders, continuum 150-450, categories c and k:

    >>> units = [("i", 225, 295, "c"), ("i", 370, 400, "c"), ("j", 220, 300, "c"),
    ...          ("j", 355, 375, "c"), ("j", 400, 420, "c"), ("i", 180, 240, "k"),
    ...          ("i", 300, 350, "k"), ("j", 180, 240, "k"), ("j", 300, 350, "k")]
    >>> round(unitizing_alpha(units, continuum=(150, 450)), 4)
    0.8587
    """
    return unitizing_components(units, continuum=continuum, coders=coders).alpha


def codings_continuum(
    codings: pd.DataFrame, *, lengths: Mapping[str, int] | None = None
) -> tuple[pd.DataFrame, tuple[int, int]]:
    """Lay the sources of a codings table end to end as one continuum for alpha-U.

    Parameters
    ----------
    codings : DataFrame
        Contract-4 codings (``source_id, start, end, code, coder``).
    lengths : mapping, optional
        Each source's body length (e.g. ``{k: len(v) for k, v in corpus.bodies.items()}``);
        default: the largest end coded in the source.

    Returns
    -------
    (DataFrame, (int, int))
        Units with shifted ``start``/``end`` (columns ``coder, start, end, code``) and the
        continuum.

    Examples
    --------
    >>> c = pd.DataFrame({"source_id": ["a", "b"], "start": [0, 2], "end": [5, 4],
    ...                   "code": "x", "coder": "A"})
    >>> units, continuum = codings_continuum(c, lengths={"a": 10, "b": 6})
    >>> units["start"].tolist(), continuum
    ([0, 12], (0, 16))
    """
    sources = sorted(codings[SOURCE_ID].astype(str).unique())
    offsets: dict[str, int] = {}
    position = 0
    for source in sources:
        offsets[source] = position
        ends = codings.loc[codings[SOURCE_ID].astype(str) == source, END]
        size = int(lengths[source]) if lengths and source in lengths else int(ends.max())
        if size < int(ends.max()):
            raise AgreementError(f"source {source!r} is shorter than its codings", field="lengths")
        position += size
    shift = codings[SOURCE_ID].astype(str).map(offsets).astype("int64")
    units = pd.DataFrame(
        {
            CODER: codings[CODER].astype(str).to_numpy(),
            START: (codings[START].astype("int64") + shift).to_numpy(),
            END: (codings[END].astype("int64") + shift).to_numpy(),
            CODE: codings[CODE].astype(str).to_numpy(),
        }
    )
    return units, (0, max(position, 1))
