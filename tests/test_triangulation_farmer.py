"""Farmer convergence coding: every row of the decision table, overrides, per-theme summary."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from psm_qual.errors import TriangulationError
from psm_qual.triangulation import (
    FARMER_RULES,
    apply_overrides,
    compare_meaning,
    convergence,
    farmer_code,
    jaccard,
    prominence_bin,
    source_matrix,
    triangulate,
)
from psm_qual.triangulation.demo import toy_study
from tests.test_triangulation_cases import two_groups

HIGH = {"total": 2, "coded": 2}  # share 1.0 -> high
LOW = {"total": 4, "coded": 1}  # share 0.25 -> low
NONE = {"total": 2, "coded": 0}

# (presence, meaning, prominence, examples) -> expected code, and the two groups that produce it.
# The expected codes are typed here again (not read from FARMER_RULES) so the table is tested.
CASES = [
    (("neither", "-", "-", "-"), "not_applicable", NONE, NONE),
    (("one", "-", "-", "-"), "silence", HIGH, NONE),
    (("both", "same", "same", "same"), "agreement", HIGH, HIGH),
    (("both", "same", "same", "differ"), "partial_agreement", HIGH, {**HIGH, "sub": "y"}),
    (("both", "same", "differ", "same"), "partial_agreement", HIGH, LOW),
    (("both", "same", "differ", "differ"), "partial_agreement", HIGH, {**LOW, "sub": "y"}),
    (("both", "differ", "same", "same"), "partial_agreement", HIGH, {**HIGH, "stance": "mixed"}),
    (
        ("both", "differ", "same", "differ"),
        "partial_agreement",
        HIGH,
        {**HIGH, "stance": "none", "sub": "y"},
    ),
    (("both", "differ", "differ", "same"), "dissonance", HIGH, {**LOW, "stance": "mixed"}),
    (
        ("both", "differ", "differ", "differ"),
        "dissonance",
        HIGH,
        {**LOW, "stance": "mixed", "sub": "y"},
    ),
    (
        ("both", "contradict", "same", "same"),
        "partial_agreement",
        HIGH,
        {**HIGH, "stance": "performed"},
    ),
    (
        ("both", "contradict", "same", "differ"),
        "dissonance",
        HIGH,
        {**HIGH, "stance": "performed", "sub": "y"},
    ),
    (("both", "contradict", "differ", "same"), "dissonance", HIGH, {**LOW, "stance": "performed"}),
    (
        ("both", "contradict", "differ", "differ"),
        "dissonance",
        HIGH,
        {**LOW, "stance": "performed", "sub": "y"},
    ),
]


def test_cases_cover_every_rule():
    assert sorted(key for key, *_ in CASES) == sorted(FARMER_RULES)
    assert len(FARMER_RULES) == 14


@pytest.mark.parametrize(("key", "expected", "a", "b"), CASES, ids=[str(c[0]) for c in CASES])
def test_every_row_of_the_decision_table_from_a_corpus(key, expected, a, b):
    codings, corpus = two_groups(a, b)
    result = triangulate(codings, corpus, codes=["t"])
    row = result.convergence.iloc[0]
    assert (row["a"], row["b"]) == ("A", "B")
    assert (row["presence"], row["meaning"], row["prominence"], row["examples_match"]) == key
    assert row["computed"] == row["final"] == expected
    assert row["override"] == "" and row["memo"] == ""


@pytest.mark.parametrize(("key", "expected"), [(c[0], c[1]) for c in CASES])
def test_farmer_code_reads_the_table(key, expected):
    assert farmer_code(*key) == expected


def test_the_table_can_be_replaced():
    rules = {**FARMER_RULES, ("one", "-", "-", "-"): "dissonance"}
    codings, corpus = two_groups(HIGH, NONE)
    table = convergence(source_matrix(codings, corpus, codes=["t"]), rules=rules)
    assert table["computed"].tolist() == ["dissonance"]
    with pytest.raises(TriangulationError, match="rules: no rule"):
        farmer_code("both", "same", "same", "maybe")


def test_inputs_are_parameters():
    # B has 1 of 4 informants coded: low at the default cuts, the same bin as A at cut 0.2.
    codings, corpus = two_groups({"total": 4, "coded": 1, "sub": "x"}, LOW)
    m = source_matrix(codings, corpus, codes=["t"])
    assert convergence(m)["computed"].tolist() == ["agreement"]
    # presence: min_segments=2 makes both silent
    assert convergence(m, min_segments=2)["computed"].tolist() == ["not_applicable"]
    codings, corpus = two_groups(HIGH, LOW)
    m = source_matrix(codings, corpus, codes=["t"])
    assert convergence(m)["prominence"].tolist() == ["differ"]
    assert convergence(m, prominence_cuts=(0.2,), prominence_labels=("few", "many"))[
        "prominence"
    ].tolist() == ["same"]
    codings, corpus = two_groups(HIGH, {**HIGH, "sub": "y"})
    m = source_matrix(codings, corpus, codes=["t"])
    assert convergence(m, jaccard_threshold=0.0)["examples_match"].tolist() == ["same"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"min_segments": 0}, "min_segments"),
        ({"prominence_cuts": (0.7, 0.3)}, "prominence_cuts"),
        ({"prominence_cuts": (0.5,)}, "prominence_labels"),
        ({"jaccard_threshold": 1.5}, "jaccard_threshold"),
    ],
)
def test_bad_parameters(kwargs, field):
    codings, corpus = toy_study()
    with pytest.raises(TriangulationError, match=f"^{field}: "):
        convergence(source_matrix(codings, corpus), **kwargs)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("gap", "gap", "same"),
        ("performed", "gap", "contradict"),
        ("gap", "performed", "contradict"),
        ("mixed", "gap", "differ"),
        ("none", "performed", "differ"),
        ("none", "none", "same"),
    ],
)
def test_compare_meaning(a, b, expected):
    assert compare_meaning(a, b) == expected


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        (0.0, "low"),
        (0.33, "low"),
        (1 / 3, "medium"),
        (0.5, "medium"),
        (2 / 3, "high"),
        (1.0, "high"),
    ],
)
def test_prominence_bins(share, expected):
    assert prominence_bin(share) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [([], [], 1.0), (["x"], [], 0.0), (["x", "y"], ["y"], 0.5), (["x"], ["x"], 1.0)],
)
def test_jaccard(a, b, expected):
    assert math.isclose(jaccard(a, b), expected)


# --- overrides -----------------------------------------------------------------------------


def _override(**row):
    base = {
        "theme": "health",
        "a": "tenant",
        "b": "warden",
        "code": "agreement",
        "memo": "the observation shows the same access problem",
    }
    return pd.DataFrame([{**base, **row}])


def test_override_keeps_the_computed_code():
    codings, corpus = toy_study()
    table = convergence(source_matrix(codings, corpus))
    fixed = apply_overrides(table, _override(a="warden", b="tenant"))  # either order
    row = fixed.iloc[0]
    assert (row["computed"], row["override"], row["final"]) == (
        "partial_agreement",
        "agreement",
        "agreement",
    )
    assert row["memo"].startswith("the observation")
    assert fixed.iloc[1]["override"] == "" and fixed.iloc[1]["final"] == "silence"
    # the input table is not changed
    assert table.iloc[0]["final"] == "partial_agreement"


def test_override_updates_the_summary_of_a_triangulation():
    codings, corpus = toy_study()
    result = triangulate(codings, corpus)
    fixed = apply_overrides(result, _override(code="dissonance"))
    health = fixed.summary.set_index("theme").loc["health"]
    assert (health["dissonance"], health["partial_agreement"], health["overridden"]) == (1, 0, 1)
    assert result.summary.set_index("theme").loc["health", "overridden"] == 0
    via_argument = triangulate(codings, corpus, overrides=_override(code="dissonance"))
    assert via_argument.summary.equals(fixed.summary)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"memo": ""}, "memo: override 1: a memo is required"),
        ({"memo": "   "}, "memo: override 1: a memo is required"),
        ({"memo": None}, "memo: override 1: a memo is required"),
        ({"code": "agree"}, "code: override 1: 'agree' is not one of"),
        ({"b": "nobody"}, "overrides: override 1: no pair"),
        ({"theme": "food"}, "overrides: override 1: no pair"),
    ],
)
def test_bad_overrides(row, message):
    codings, corpus = toy_study()
    table = convergence(source_matrix(codings, corpus))
    with pytest.raises(TriangulationError, match=message):
        apply_overrides(table, _override(**row))


def test_override_twice_and_missing_column():
    codings, corpus = toy_study()
    table = convergence(source_matrix(codings, corpus))
    twice = pd.concat([_override(), _override(a="warden", b="tenant")], ignore_index=True)
    with pytest.raises(TriangulationError, match="override 2: overrides that pair a second time"):
        apply_overrides(table, twice)
    with pytest.raises(TriangulationError, match=r"lack columns \['memo'\]"):
        apply_overrides(table, _override().drop(columns="memo"))


# --- summary -------------------------------------------------------------------------------


def test_summary_counts_every_pair():
    corpus_rows = {"total": 2, "coded": 1}
    codings, corpus = two_groups(corpus_rows, NONE)
    result = triangulate(codings, corpus, by="informant", codes=["t"])
    n = len(result.datasets)
    row = result.summary.iloc[0]
    counted = sum(
        int(row[c])
        for c in ("agreement", "partial_agreement", "silence", "dissonance", "not_applicable")
    )
    assert counted == n * (n - 1) // 2 == 6
    assert row["present"] == ("A0",)
    assert row["silent"] == ("A1", "B0", "B1")
    assert (row["silence"], row["not_applicable"]) == (3, 3)
