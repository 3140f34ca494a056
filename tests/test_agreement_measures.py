"""Agreement measures against published worked examples, the krippendorff package and invariants."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psm_qual.agreement import (
    MEASURES,
    alpha_bootstrap,
    alpha_components,
    brennan_prediger_kappa,
    category_counts,
    cohen_kappa,
    fleiss_kappa,
    interpret,
    kappa_bootstrap,
    krippendorff_alpha,
    measure,
    pairs_from_table,
    percent_agreement,
    scott_pi,
    unitizing_alpha,
    unitizing_components,
)
from psm_qual.agreement.krippendorff import LEVELS
from psm_qual.errors import AgreementError

WORKED = Path(__file__).parent / "data" / "agreement" / "worked_examples.json"
EXAMPLES = json.loads(WORKED.read_text(encoding="utf-8"))["examples"]


def _close(actual: float, spec, default_tol: float = 1e-6) -> None:
    if isinstance(spec, dict):
        target = spec.get("exact", spec.get("published"))
        tol = spec.get("tolerance", default_tol)
        if "exact" not in spec:
            tol = max(tol, 0.0005)
    else:
        target, tol = spec, default_tol
    assert actual == pytest.approx(target, abs=tol)


def _check_alpha(example: dict) -> None:
    data = example["input"]["data"]
    expected = example["expected"]
    for level in LEVELS:
        key = f"alpha_{level}"
        if key in expected:
            _close(krippendorff_alpha(data, level), expected[key])
    nominal = alpha_components(data, "nominal")
    interval = alpha_components(data, "interval")
    for key, value in (
        ("nominal_Do", nominal.observed),
        ("nominal_De", nominal.expected),
        ("interval_Do", interval.observed),
        ("interval_De", interval.expected),
    ):
        if key in expected:
            _close(value, expected[key])
    if "n_pairable_values" in expected:
        assert nominal.n_pairable == expected["n_pairable_values"]
        assert nominal.n_units == expected["n_pairable_units"]
    if "value_marginals_n_c" in expected:
        marginals = dict(
            zip(nominal.values.tolist(), nominal.value_marginals.tolist(), strict=True)
        )
        assert {str(int(k)): v for k, v in marginals.items()} == pytest.approx(
            {k: float(v) for k, v in expected["value_marginals_n_c"].items()}
        )
    if "coincidence_matrix" in expected:
        assert nominal.values.tolist() == expected["coincidence_matrix_values"]
        np.testing.assert_allclose(nominal.coincidences, expected["coincidence_matrix"], atol=1e-6)


def _two_coder(example: dict) -> None:
    inp, expected = example["input"], example["expected"]
    a, b = pairs_from_table(inp["table"], inp["categories"])
    if "as_label_vectors" in inp:
        assert (a, b) == (inp["as_label_vectors"]["A"], inp["as_label_vectors"]["B"])
    if "cohen_kappa" in expected:
        _close(cohen_kappa(a, b), expected["cohen_kappa"])
    if "scott_pi" in expected:
        _close(scott_pi(a, b), expected["scott_pi"])
    for key, function in (("p_o", percent_agreement), ("Pr_a", percent_agreement)):
        if key in expected:
            _close(function(a, b), expected[key])
    for key, function in (("cohen_kappa_exact", cohen_kappa), ("scott_pi_exact", scott_pi)):
        if key in expected:
            _close(function(a, b), expected[key])
    if "krippendorff_alpha_exact" in expected:
        _close(krippendorff_alpha([a, b]), expected["krippendorff_alpha_exact"])


def _fleiss(example: dict) -> None:
    _close(fleiss_kappa(example["input"]["table"]), example["expected"]["fleiss_kappa"])


def _bands(example: dict) -> None:
    scale = "krippendorff" if "krippendorff" in example["id"] else "landis_koch"
    labels = [interpret(v, scale=scale) for v in example["input"]["values"]]
    assert labels == example["expected"]["labels"]


CHECKS = {
    "krippendorff_alpha": _check_alpha,
    "cohen_kappa": _two_coder,
    "scott_pi": _two_coder,
    "fleiss_kappa": _fleiss,
    "interpretation_band": _bands,
}


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["id"] for e in EXAMPLES])
def test_worked_example(example):
    # An example whose measure has no check fails: every example must be reproduced.
    CHECKS[example["measure"]](example)


def test_worked_examples_file_is_the_shared_copy():
    assert len(EXAMPLES) >= 8
    assert {e["measure"] for e in EXAMPLES} <= set(CHECKS)


# Further published examples (cited in tests/data/agreement/README.md).
ARTSTEIN_POESIO_1 = (
    [[20, 10], [20, 50]],
    {"percent": 0.7, "brennan_prediger": 0.4, "scott_pi": 0.341, "cohen_kappa": 0.348},
)
ARTSTEIN_POESIO_2 = (
    [[46, 0, 0], [6, 32, 6], [0, 0, 10]],
    {
        "percent": 0.88,
        "brennan_prediger": 0.82,
        "scott_pi": 0.7995,
        "cohen_kappa": 0.8013,
        "krippendorff_alpha": 0.800,
    },
)
BRENNAN_PREDIGER_1 = (
    [[50, 0, 0], [10, 10, 10], [20, 0, 0]],
    {"percent": 0.60, "cohen_kappa": 0.27, "brennan_prediger": 0.40},
)
BRENNAN_PREDIGER_2 = (
    [[50, 0, 10], [0, 10, 10], [10, 10, 0]],
    {"percent": 0.60, "cohen_kappa": 0.29, "brennan_prediger": 0.40},
)


@pytest.mark.parametrize(
    ("table", "expected", "tol"),
    [
        (*ARTSTEIN_POESIO_1, 0.001),
        (*ARTSTEIN_POESIO_2, 0.001),
        (*BRENNAN_PREDIGER_1, 0.01),
        (*BRENNAN_PREDIGER_2, 0.01),
    ],
    ids=[
        "artstein_poesio_2008_p558",
        "artstein_poesio_2008_p568",
        "brennan_prediger_1981_p689",
        "brennan_prediger_1981_p691",
    ],
)
def test_published_two_coder_tables(table, expected, tol):
    a, b = pairs_from_table(table)
    for name, value in expected.items():
        assert measure(name, [a, b]) == pytest.approx(value, abs=tol), name


FLEISS_1971 = [  # Fleiss (1971, p. 379): 30 patients, 6 psychiatrists, 5 diagnoses
    (4, 4, 4, 4, 4, 4),
    (2, 2, 2, 5, 5, 5),
    (2, 3, 3, 3, 3, 5),
    (5, 5, 5, 5, 5, 5),
    (2, 2, 2, 4, 4, 4),
    (1, 1, 3, 3, 3, 3),
    (3, 3, 3, 3, 5, 5),
    (1, 1, 3, 3, 3, 4),
    (1, 1, 4, 4, 4, 4),
    (5, 5, 5, 5, 5, 5),
    (1, 4, 4, 4, 4, 4),
    (1, 2, 4, 4, 4, 4),
    (2, 2, 2, 3, 3, 3),
    (1, 4, 4, 4, 4, 4),
    (2, 2, 4, 4, 4, 5),
    (3, 3, 3, 3, 3, 5),
    (1, 1, 1, 4, 5, 5),
    (1, 1, 1, 1, 1, 2),
    (2, 2, 4, 4, 4, 4),
    (1, 3, 3, 5, 5, 5),
    (5, 5, 5, 5, 5, 5),
    (2, 4, 4, 4, 4, 4),
    (2, 2, 4, 5, 5, 5),
    (1, 1, 4, 4, 4, 4),
    (1, 4, 4, 4, 4, 5),
    (2, 2, 2, 2, 2, 4),
    (1, 1, 1, 1, 5, 5),
    (2, 2, 4, 4, 4, 4),
    (1, 3, 3, 3, 3, 3),
    (5, 5, 5, 5, 5, 5),
]


def test_fleiss_1971_original_table():
    data = np.array(FLEISS_1971).T  # raters x subjects
    counts = category_counts(data)
    assert counts.shape == (30, 5)
    assert fleiss_kappa(counts) == pytest.approx(0.430, abs=0.001)
    assert measure("fleiss_kappa", data) == pytest.approx(0.430, abs=0.001)


def test_krippendorff_2011_binary_two_observers():
    # Krippendorff (2011), sec. A: binary data, two observers, no missing: alpha = 0.095.
    data = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
    assert krippendorff_alpha(data) == pytest.approx(0.095, abs=0.0005)


KRIPPENDORFF_2004_UNITS = [
    ("i", 225, 295, "c"),
    ("i", 370, 400, "c"),
    ("j", 220, 300, "c"),
    ("j", 355, 375, "c"),
    ("j", 400, 420, "c"),
    ("i", 180, 240, "k"),
    ("i", 300, 350, "k"),
    ("j", 180, 240, "k"),
    ("j", 300, 350, "k"),
]


def test_unitizing_alpha_krippendorff_2004():
    comp = unitizing_components(KRIPPENDORFF_2004_UNITS, continuum=(150, 450))
    by = comp.by_category.set_index("category")
    assert by.loc["c", "observed"] == pytest.approx(0.0144, abs=0.0001)
    assert by.loc["c", "expected"] == pytest.approx(0.0532, abs=0.0001)
    assert by.loc["c", "alpha"] == pytest.approx(0.7286, abs=0.0001)
    assert by.loc["k", "observed"] == 0
    assert by.loc["k", "expected"] == pytest.approx(0.0490, abs=0.0001)
    assert by.loc["k", "alpha"] == 1.0
    assert comp.alpha == pytest.approx(0.8591, abs=0.0005)


def test_unitizing_alpha_perfect_and_errors():
    units = [("a", 0, 10, "x"), ("b", 0, 10, "x"), ("a", 20, 30, "x"), ("b", 20, 30, "x")]
    assert unitizing_alpha(units, continuum=(0, 50)) == 1.0
    moved = [("a", 0, 10, "x"), ("b", 30, 40, "x")]
    assert unitizing_alpha(moved, continuum=(0, 50)) < 0.5
    with pytest.raises(AgreementError, match="continuum"):
        unitizing_alpha(units, continuum=(0, 25))
    with pytest.raises(AgreementError, match="overlap"):
        unitizing_alpha(units + [("a", 5, 15, "x")], continuum=(0, 50))
    with pytest.raises(AgreementError, match="coders"):
        unitizing_alpha(units[:1], continuum=(0, 50))


# The krippendorff package (GPL) as a test oracle.
@st.composite
def reliability_data(draw):
    n_coders = draw(st.integers(2, 5))
    n_units = draw(st.integers(2, 25))
    cell = st.one_of(st.none(), st.integers(1, 6))
    rows = [[draw(cell) for _ in range(n_units)] for _ in range(n_coders)]
    return rows


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reliability_data(), st.sampled_from(LEVELS))
def test_alpha_matches_krippendorff_package(data, level):
    krippendorff = pytest.importorskip("krippendorff")
    array = np.array(data, dtype=float)
    counts = (~np.isnan(array)).sum(axis=0)
    pairable = array[:, counts >= 2]
    values = pairable[~np.isnan(pairable)]
    if np.unique(values).size < 2:
        with pytest.raises(AgreementError) if values.size == 0 else _nullcontext():
            result = krippendorff_alpha(data, level)
            assert math.isnan(result)
        return
    expected = krippendorff.alpha(reliability_data=array, level_of_measurement=level)
    assert krippendorff_alpha(data, level) == pytest.approx(expected, abs=1e-9)


class _nullcontext:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


labels = st.lists(st.sampled_from("abc"), min_size=2, max_size=30)


@settings(max_examples=80, deadline=None)
@given(labels, st.data())
def test_invariants_self_agreement_and_symmetry(a, data):
    b = data.draw(st.lists(st.sampled_from("abc"), min_size=len(a), max_size=len(a)))
    varied = len(set(a)) > 1
    for name in ("cohen_kappa", "scott_pi", "brennan_prediger", "krippendorff_alpha"):
        self_value = measure(name, [a, a])
        assert (
            (self_value == pytest.approx(1.0))
            if varied
            else (math.isnan(self_value) or self_value == 1.0)
        )
    assert percent_agreement(a, a) == 1.0
    for name in ("percent", "cohen_kappa", "scott_pi", "brennan_prediger", "krippendorff_alpha"):
        forward, backward = measure(name, [a, b]), measure(name, [b, a])
        assert (math.isnan(forward) and math.isnan(backward)) or forward == pytest.approx(backward)


def test_constant_data_gives_nan_not_one():
    a = ["x"] * 5
    assert math.isnan(cohen_kappa(a, a))
    assert math.isnan(scott_pi(a, a))
    assert math.isnan(krippendorff_alpha([a, a]))
    assert math.isnan(fleiss_kappa([[2, 0]] * 5))
    assert percent_agreement(a, a) == 1.0


def test_three_coders_pairwise_mean():
    data = [[1, 1, 2, 2], [1, 2, 2, 2], [1, 1, 2, 2]]
    pairs = [
        cohen_kappa(data[0], data[1]),
        cohen_kappa(data[0], data[2]),
        cohen_kappa(data[1], data[2]),
    ]
    assert measure("cohen_kappa", data) == pytest.approx(np.mean(pairs))


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: krippendorff_alpha([[1, 2, 3]]), "reliability_data: needs at least 2 coders"),
        (lambda: krippendorff_alpha([[1, 2, 3], [1, 2]]), "reliability_data: ragged"),
        (lambda: krippendorff_alpha([[None, None], [None, None]]), "all values are missing"),
        (lambda: krippendorff_alpha([[1, None], [None, 2]]), "no pairable units"),
        (
            lambda: krippendorff_alpha([[1, 2], [1, 2]], "cardinal"),
            "level_of_measurement: unknown level 'cardinal'",
        ),
        (lambda: krippendorff_alpha([["a", "b"], ["a", "b"]], "interval"), "numeric values"),
        (lambda: cohen_kappa([1, None], [None, 2]), "b: no shared units"),
        (lambda: cohen_kappa([1, 2, 3], [1, 2]), "b: the two coders rated different"),
        (lambda: brennan_prediger_kappa([1, 2, 3], [1, 2, 3], n_categories=2), "n_categories"),
        (lambda: fleiss_kappa([[1, 2], [3]]), "counts: must be"),
        (lambda: fleiss_kappa([1, 2, 3]), "counts: must be a non-empty"),
        (lambda: fleiss_kappa([[1, 2], [2, 2]]), "counts: every subject needs the same"),
        (lambda: fleiss_kappa([[1, 0], [0, 1]]), "at least 2 raters"),
        (lambda: fleiss_kappa([[1.5, 0.5], [1, 1]]), "integer counts"),
        (lambda: interpret(0.5, scale="cicchetti"), "scale: unknown scale"),
        (lambda: interpret(1.5), "value:"),
        (lambda: measure("gwet_ac1", [[1], [1]]), "measures: unknown measure"),
        (lambda: pairs_from_table([[1, 2, 3]]), "table: must be a square"),
        (lambda: alpha_bootstrap([[1, 2], [1, 2]], n_boot=0), "n_boot"),
        (lambda: kappa_bootstrap([[1, 2], [1, 2]], confidence=1.5), "confidence"),
    ],
)
def test_bad_input_names_the_argument(call, match):
    with pytest.raises(AgreementError, match=match):
        call()


def test_input_layouts_agree():
    data = [[1, 2, 3, None], [1, 2, 2, 3]]
    frame = pd.DataFrame(data, index=["A", "B"])
    array = np.array(data, dtype=float)
    values = {krippendorff_alpha(x) for x in (data, frame, array)}
    assert len(values) == 1
    strings = [["a", "b", "c", None], ["a", "b", "b", "c"]]
    assert krippendorff_alpha(strings) == pytest.approx(values.pop())
    ordinal = krippendorff_alpha(strings, "ordinal", value_domain=["a", "b", "c"])
    assert ordinal == pytest.approx(krippendorff_alpha(data, "ordinal"))


def test_alpha_bootstrap_is_seeded_and_covers_estimate():
    data = EXAMPLES[0]["input"]["data"]
    first = alpha_bootstrap(data, "interval", n_boot=500, seed=3)
    second = alpha_bootstrap(data, "interval", n_boot=500, seed=3)
    assert first == second
    assert first.low <= first.estimate <= first.high <= 1.0
    assert first.estimate == pytest.approx(0.849107, abs=1e-6)
    wider = alpha_bootstrap(data, "interval", n_boot=500, seed=3, confidence=0.99)
    assert wider.low <= first.low and wider.high >= first.high


def test_alpha_bootstrap_rare_code_in_many_units_keeps_lower_limit_above_zero():
    # 20 of 800 units coded by both coders, 2 more by one: alpha ~0.95. Krippendorff's cap
    # draws M = 25 q = 100 pairs per replicate, so ~6% of the replicates hold no rare value;
    # the KALPHA correction (diagonal shares to the power of the data's 800 pairs) must not
    # set them to 0, which would put the lower limit at 0.
    a = [1] * 22 + [0] * 778
    b = [1] * 20 + [0] * 780
    ci = alpha_bootstrap([a, b], n_boot=2000, seed=0)
    assert ci.estimate == pytest.approx(krippendorff_alpha([a, b]))
    assert 0.3 < ci.low < ci.estimate <= ci.high == 1.0


def test_kappa_bootstrap_perfect_agreement_and_registry():
    a = [1, 2, 3, 1, 2, 3, 1, 2]
    ci = kappa_bootstrap([a, a], n_boot=200, seed=1)
    assert (ci.estimate, ci.high) == (1.0, 1.0)
    assert set(MEASURES) == {
        "percent",
        "cohen_kappa",
        "scott_pi",
        "brennan_prediger",
        "fleiss_kappa",
        "krippendorff_alpha",
    }
