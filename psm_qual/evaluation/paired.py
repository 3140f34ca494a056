"""Paired pre/post comparison of survey items: Wilcoxon signed-rank and paired t, with effect sizes.

With fewer than ``min_pairs`` complete pairs (10 by default) an item is reported as
``"too small to test"`` with descriptives only: no p-value, no effect size.

Effect sizes: for the Wilcoxon test ``r = Z / sqrt(n)`` (Z from the normal approximation with
tie correction, no continuity correction, n the non-zero pairs; Rosenthal 1991) and the
matched-pairs rank-biserial correlation ``(T+ - T-) / (T+ + T-)`` (Kerby 2014); for the t test
Cohen's ``d_z`` (mean difference / SD of differences) and Hedges' ``g_av`` (mean difference /
mean of the two SDs, times the small-sample correction; Lakens 2013). Confidence intervals: the
mean difference (t distribution) and ``d_z`` (normal approximation,
``SE = sqrt(1/n + d_z^2 / (2n))``).

References
----------
Lakens, D. (2013). Calculating and reporting effect sizes to facilitate cumulative science.
Frontiers in Psychology, 4, 863. Kerby, D. S. (2014). The simple difference formula.
Comprehensive Psychology, 3, 11.IT.3.1.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from psm_qual.errors import EvaluationError

__all__ = ["MIN_PAIRS", "PAIRED_COLUMNS", "paired_comparison", "survey_comparison"]

#: Fewer complete pairs than this: descriptives only.
MIN_PAIRS = 10

#: Columns of :func:`survey_comparison` (and keys of :func:`paired_comparison`).
PAIRED_COLUMNS = (
    "item", "n", "status", "pre_mean", "post_mean", "pre_median", "post_median",
    "mean_diff", "sd_diff", "median_diff",
    "wilcoxon_w", "t_plus", "t_minus", "wilcoxon_z", "wilcoxon_p", "r", "rank_biserial",
    "t", "df", "t_p", "ci_low", "ci_high", "cohen_dz", "dz_ci_low", "dz_ci_high", "hedges_gav",
)

TESTED = "tested"
TOO_SMALL = "too small to test"


def _signed_ranks(diff: np.ndarray) -> tuple[float, float, float]:
    nonzero = diff[diff != 0]
    ranks = stats.rankdata(np.abs(nonzero))
    t_plus = float(ranks[nonzero > 0].sum())
    t_minus = float(ranks[nonzero < 0].sum())
    n = len(nonzero)
    _, counts = np.unique(np.abs(nonzero), return_counts=True)
    variance = n * (n + 1) * (2 * n + 1) / 24 - float((counts**3 - counts).sum()) / 48
    z = (t_plus - n * (n + 1) / 4) / math.sqrt(variance) if variance > 0 else float("nan")
    return t_plus, t_minus, z


def paired_comparison(
    pre,
    post,
    *,
    min_pairs: int = MIN_PAIRS,
    confidence: float = 0.95,
    wilcoxon_method: Literal["auto", "exact", "approx"] = "auto",
    correction: bool = False,
) -> dict:
    """Compare paired ``pre`` and ``post`` values (pairs with a missing value are dropped).

    Parameters
    ----------
    pre, post : array-like
        The two measurements of each respondent, in the same order.
    min_pairs : int
        Below this many complete pairs the result has ``status="too small to test"`` and only
        descriptives (test statistics and effect sizes are NaN).
    confidence : float
        Level of the confidence intervals.
    wilcoxon_method, correction
        Passed to :func:`scipy.stats.wilcoxon` (``method`` and continuity ``correction``)
        for the p-value; the Wilcoxon statistic and Z do not depend on them.

    Returns
    -------
    dict
        Keys :data:`PAIRED_COLUMNS` (without ``item``): differences are ``post - pre``;
        ``wilcoxon_w`` is ``min(T+, T-)`` (zeros dropped); ``t_p`` and ``wilcoxon_p`` are
        two-sided.

    Raises
    ------
    EvaluationError
        ``pre`` and ``post`` of different lengths, or ``min_pairs`` below 2.

    Examples
    --------
    Student's sleep data (Cushny & Peebles 1905, R's ``datasets::sleep``), drug 1 vs drug 2:

    >>> drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
    >>> drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
    >>> result = paired_comparison(drug2, drug1)
    >>> round(result["t"], 4), result["df"], round(result["t_p"], 6)
    (-4.0621, 9, 0.002833)
    >>> paired_comparison([1, 2, 3], [2, 3, 5])["status"]
    'too small to test'
    """
    pre_arr = np.asarray(pre, dtype=float)
    post_arr = np.asarray(post, dtype=float)
    if pre_arr.shape != post_arr.shape or pre_arr.ndim != 1:
        raise EvaluationError(
            f"pre and post must be paired: {pre_arr.shape} vs {post_arr.shape}", field="pre"
        )
    if min_pairs < 2:
        raise EvaluationError("min_pairs must be at least 2", field="min_pairs")
    keep = ~(np.isnan(pre_arr) | np.isnan(post_arr))
    pre_arr, post_arr = pre_arr[keep], post_arr[keep]
    diff = post_arr - pre_arr
    n = len(diff)
    nan = float("nan")
    result = {column: nan for column in PAIRED_COLUMNS if column != "item"}
    result.update(
        n=n,
        status=TESTED if n >= min_pairs else TOO_SMALL,
        pre_mean=float(pre_arr.mean()) if n else nan,
        post_mean=float(post_arr.mean()) if n else nan,
        pre_median=float(np.median(pre_arr)) if n else nan,
        post_median=float(np.median(post_arr)) if n else nan,
        mean_diff=float(diff.mean()) if n else nan,
        sd_diff=float(diff.std(ddof=1)) if n > 1 else nan,
        median_diff=float(np.median(diff)) if n else nan,
    )
    if n < min_pairs:
        return result
    t_plus, t_minus, z = _signed_ranks(diff)
    nonzero = int((diff != 0).sum())
    if nonzero:
        test = stats.wilcoxon(post_arr, pre_arr, method=wilcoxon_method, correction=correction)
        result.update(
            wilcoxon_w=min(t_plus, t_minus), t_plus=t_plus, t_minus=t_minus, wilcoxon_z=z,
            wilcoxon_p=float(test.pvalue), r=z / math.sqrt(nonzero),
            rank_biserial=(t_plus - t_minus) / (t_plus + t_minus),
        )
    sd = result["sd_diff"]
    if sd > 0:
        t_test = stats.ttest_rel(post_arr, pre_arr)
        low, high = t_test.confidence_interval(confidence)
        dz = result["mean_diff"] / sd
        quantile = stats.norm.ppf(0.5 + confidence / 2)
        se = math.sqrt(1 / n + dz**2 / (2 * n))
        sd_av = (pre_arr.std(ddof=1) + post_arr.std(ddof=1)) / 2
        correction_j = 1 - 3 / (4 * (n - 1) - 1)
        result.update(
            t=float(t_test.statistic), df=n - 1, t_p=float(t_test.pvalue),
            ci_low=float(low), ci_high=float(high), cohen_dz=dz,
            dz_ci_low=dz - quantile * se, dz_ci_high=dz + quantile * se,
            hedges_gav=result["mean_diff"] / sd_av * correction_j if sd_av > 0 else nan,
        )
    return result


def survey_comparison(
    survey: pd.DataFrame, *, min_pairs: int = MIN_PAIRS, confidence: float = 0.95
) -> pd.DataFrame:
    """:func:`paired_comparison` of ``pre`` vs ``post`` for each survey item.

    Returns
    -------
    DataFrame
        One row per item (in first-seen order), columns :data:`PAIRED_COLUMNS`.

    Examples
    --------
    >>> survey = pd.DataFrame({"respondent": ["a", "b", "a", "b"], "item": ["x", "x", "y", "y"],
    ...                        "pre": [1, 2, 3, 3], "post": [2, 4, 3, 4]})
    >>> survey_comparison(survey)[["item", "n", "status", "mean_diff"]].values.tolist()
    [['x', 2, 'too small to test', 1.5], ['y', 2, 'too small to test', 0.5]]
    """
    missing = [c for c in ("item", "pre", "post") if c not in survey.columns]
    if missing:
        raise EvaluationError(f"the survey lacks column {missing[0]!r}", field=missing[0])
    rows = []
    for item, part in survey.groupby("item", sort=False):
        result = paired_comparison(part["pre"], part["post"], min_pairs=min_pairs,
                                   confidence=confidence)
        rows.append({"item": item, **result})
    return pd.DataFrame(rows, columns=list(PAIRED_COLUMNS))
