"""Paired pre/post tests: scipy agreement, published worked examples, the small-sample rule."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from psm_qual.errors import EvaluationError
from psm_qual.evaluation import paired_comparison, survey_comparison

# Student's sleep data (Cushny & Peebles 1905; R datasets::sleep), as listed in the BYU-Idaho
# Statistics Notebook, "Sleep paired Wilcoxon" example
# (https://byuistats.github.io/Statistics-Notebook/Analyses/Wilcoxon%20Tests/Examples/SleepPairedWilcoxon.html).
DRUG1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
DRUG2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]

# NBIS "Wilcoxon signed rank test II (paired observations)", Example 3.1
# (https://nbisweden.github.io/workshop-mlbiostatistics/session-rank-tests/docs/wilcoxon-signed-rank-ii.html):
# ranks of |drug - placebo| give W+ = 40 and W- = 15, so T = min = 15 for n = 10.
NBIS_DRUG = [6.1, 6.0, 8.2, 7.6, 6.5, 5.4, 6.9, 6.7, 7.4, 5.8]
NBIS_PLACEBO = [5.2, 7.9, 3.9, 4.7, 5.3, 7.4, 4.2, 6.1, 3.8, 7.3]

FIXED = [
    # pre, post: 12 pairs, ties and a zero difference
    ([2, 3, 3, 1, 2, 4, 2, 3, 1, 2, 3, 2], [4, 3, 5, 2, 4, 4, 3, 5, 2, 4, 4, 3]),
    # 15 pairs of continuous values, mixed signs
    (list(np.linspace(1, 15, 15)), list(np.linspace(1, 15, 15) + np.sin(np.arange(15)) * 3 + 0.5)),
]


def test_student_sleep_paired_t_matches_r_documentation() -> None:
    # R: t.test(extra[group == 1], extra[group == 2], paired = TRUE) ->
    # t = -4.0621, df = 9, p-value = 0.002833, 95% CI -2.4598858 -0.7001142, mean diff -1.58
    result = paired_comparison(DRUG2, DRUG1)  # post - pre = drug1 - drug2
    assert result["t"] == pytest.approx(-4.0621, abs=1e-4)
    assert result["df"] == 9
    assert result["t_p"] == pytest.approx(0.002833, abs=1e-6)
    assert (result["ci_low"], result["ci_high"]) == pytest.approx((-2.4598858, -0.7001142), abs=1e-6)
    assert result["mean_diff"] == pytest.approx(-1.58)


def test_student_sleep_wilcoxon_matches_r() -> None:
    # R: wilcox.test(..., paired = TRUE) -> V = 0, p-value = 0.009091 (normal approximation with
    # continuity correction, as R falls back to it with ties and zeros)
    result = paired_comparison(DRUG1, DRUG2, wilcoxon_method="approx", correction=True)
    assert result["t_minus"] == 0 and result["wilcoxon_w"] == 0
    assert result["wilcoxon_p"] == pytest.approx(0.009091, abs=1e-6)
    assert result["rank_biserial"] == pytest.approx(1.0)


def test_nbis_worked_example_rank_sums() -> None:
    result = paired_comparison(NBIS_PLACEBO, NBIS_DRUG)
    assert (result["t_plus"], result["t_minus"], result["wilcoxon_w"]) == (40, 15, 15)
    assert result["rank_biserial"] == pytest.approx((40 - 15) / 55)
    # exact two-sided p for T = 15, n = 10 without ties
    assert result["wilcoxon_p"] == pytest.approx(0.232421875)


@pytest.mark.parametrize(("pre", "post"), FIXED)
def test_matches_scipy(pre, post) -> None:
    pre_a, post_a = np.asarray(pre, float), np.asarray(post, float)
    result = paired_comparison(pre_a, post_a, wilcoxon_method="approx")
    wilcoxon = stats.wilcoxon(post_a, pre_a, method="approx")
    t_test = stats.ttest_rel(post_a, pre_a)
    assert result["wilcoxon_w"] == pytest.approx(wilcoxon.statistic)
    assert result["wilcoxon_p"] == pytest.approx(wilcoxon.pvalue)
    assert abs(result["wilcoxon_z"]) == pytest.approx(abs(wilcoxon.zstatistic))
    assert result["t"] == pytest.approx(t_test.statistic)
    assert result["t_p"] == pytest.approx(t_test.pvalue)
    diff = post_a - pre_a
    nonzero = int((diff != 0).sum())
    assert result["r"] == pytest.approx(result["wilcoxon_z"] / math.sqrt(nonzero))
    assert result["cohen_dz"] == pytest.approx(diff.mean() / diff.std(ddof=1))
    assert result["dz_ci_low"] < result["cohen_dz"] < result["dz_ci_high"]
    j = 1 - 3 / (4 * (len(diff) - 1) - 1)
    sd_av = (pre_a.std(ddof=1) + post_a.std(ddof=1)) / 2
    assert result["hedges_gav"] == pytest.approx(diff.mean() / sd_av * j)


def test_effect_sizes_are_antisymmetric() -> None:
    pre, post = FIXED[0]
    forward, backward = paired_comparison(pre, post), paired_comparison(post, pre)
    for key in ("r", "rank_biserial", "cohen_dz", "hedges_gav", "t", "mean_diff"):
        assert forward[key] == pytest.approx(-backward[key])
    assert forward["wilcoxon_p"] == pytest.approx(backward["wilcoxon_p"])


@pytest.mark.parametrize(("n", "status"), [(2, "too small to test"), (9, "too small to test"),
                                           (10, "tested")])
def test_small_sample_rule(n: int, status: str) -> None:
    pre = list(range(n))
    post = [v + 1 + (i % 3) for i, v in enumerate(pre)]
    result = paired_comparison(pre, post)
    assert result["status"] == status and result["n"] == n
    assert result["mean_diff"] == pytest.approx(np.mean(np.subtract(post, pre)))
    tested = status == "tested"
    for key in ("wilcoxon_p", "t_p", "r", "cohen_dz"):
        assert math.isnan(result[key]) != tested


def test_missing_pairs_are_dropped_before_the_rule() -> None:
    pre = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    post = [2, 3, 4, 5, 6, 7, 8, 9, 11, float("nan")]
    assert paired_comparison(pre, post)["n"] == 9
    assert paired_comparison(pre, post)["status"] == "too small to test"


def test_bad_input() -> None:
    with pytest.raises(EvaluationError, match="must be paired"):
        paired_comparison([1, 2], [1, 2, 3])
    with pytest.raises(EvaluationError, match="min_pairs"):
        paired_comparison([1, 2], [1, 2], min_pairs=1)
    with pytest.raises(EvaluationError, match="lacks column 'post'"):
        survey_comparison(pd.DataFrame({"item": ["x"], "pre": [1]}))


def test_survey_comparison_per_item() -> None:
    rows = [(f"R{i}", item, i % 4 + 1, i % 4 + 1 + k) for i in range(12)
            for k, item in enumerate(["a", "b"])]
    survey = pd.DataFrame(rows, columns=["respondent", "item", "pre", "post"])
    table = survey_comparison(survey)
    assert table["item"].tolist() == ["a", "b"]
    assert table["status"].tolist() == ["tested", "tested"]
    assert table.loc[0, "mean_diff"] == 0 and math.isnan(table.loc[0, "wilcoxon_p"])
    assert table.loc[1, "mean_diff"] == 1 and table.loc[1, "rank_biserial"] == 1
