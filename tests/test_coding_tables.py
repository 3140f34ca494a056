"""Tests of psm_qual.coding.tables: frequencies, code x attribute crosstabs, co-occurrence."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psm_qual.coding import (
    code_by,
    code_frequencies,
    codings_summary,
    cooccurrence,
    empty_codings,
    roll_up,
    segment_codings,
)
from psm_qual.columns import SOURCE_COLUMNS
from psm_qual.corpus import Corpus
from psm_qual.errors import CodingsError

SEGMENTS = pd.DataFrame(
    {
        "segment_id": ["A:1", "A:2", "A:3", "B:1", "B:2", "D:1"],
        "source_id": ["A", "A", "A", "B", "B", "D"],
        "start": [0, 20, 40, 0, 20, 0],
        "end": [15, 35, 60, 15, 35, 30],
        "speaker": ["P", "PSM1", "PSM1", "RT1", "RT1", ""],
        "text": "",
        "informant": ["PSM1", "PSM1", "PSM1", "RT1", "RT1", ""],
        "group": ["PSM", "PSM", "PSM", "RT", "RT", ""],
        "technique": ["interview"] * 5 + ["documentation"],
        "language": "id",
        "role": ["interviewer"] + ["informant"] * 5,
        "timestamp": "",
    }
)
CORPUS = Corpus(pd.DataFrame(columns=list(SOURCE_COLUMNS)), SEGMENTS)


def _codings(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["source_id", "start", "end", "code", "coder"])


CODINGS = _codings(
    [
        ("A", 20, 60, "initiator", "A"),  # two segments
        ("A", 22, 30, "initiator", "A"),  # same segment again: counts once
        ("A", 20, 35, "assessment/gap", "A"),
        ("B", 0, 15, "initiator", "A"),
        ("B", 0, 15, "initiator", "B"),
        ("D", 0, 30, "administrator", "B"),
    ]
)


def test_code_frequencies():
    out = code_frequencies(CODINGS, CORPUS)
    assert out.to_dict("records") == [
        {"code": "administrator", "coder": "B", "spans": 1, "segments": 1},
        {"code": "assessment/gap", "coder": "A", "spans": 1, "segments": 1},
        {"code": "initiator", "coder": "A", "spans": 3, "segments": 3},
        {"code": "initiator", "coder": "B", "spans": 1, "segments": 1},
    ]


def test_code_frequencies_counts_spans_outside_segments_as_zero_segments():
    out = code_frequencies(_codings([("A", 16, 19, "x", "A")]), CORPUS)
    assert out.to_dict("records") == [{"code": "x", "coder": "A", "spans": 1, "segments": 0}]


def test_code_frequencies_of_nothing():
    out = code_frequencies(empty_codings(), CORPUS)
    assert out.empty and list(out.columns) == ["code", "coder", "spans", "segments"]


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        (
            "group",
            {
                ("initiator", "A", "PSM"): 2,
                ("initiator", "A", "RT"): 1,
                ("initiator", "B", "RT"): 1,
                ("assessment/gap", "A", "PSM"): 1,
                ("administrator", "B", ""): 1,
            },
        ),
        (
            "technique",
            {
                ("initiator", "A", "interview"): 3,
                ("initiator", "B", "interview"): 1,
                ("assessment/gap", "A", "interview"): 1,
                ("administrator", "B", "documentation"): 1,
            },
        ),
        (
            "source_id",
            {
                ("initiator", "A", "A"): 2,
                ("initiator", "A", "B"): 1,
                ("initiator", "B", "B"): 1,
                ("assessment/gap", "A", "A"): 1,
                ("administrator", "B", "D"): 1,
            },
        ),
    ],
)
def test_code_by_long(by, expected):
    out = code_by(CODINGS, CORPUS, by)
    assert list(out.columns) == ["code", "coder", by, "segments"]
    got = {(r.code, r.coder, getattr(r, by)): r.segments for r in out.itertuples()}
    assert got == expected


def test_code_by_wide_is_the_pivot_of_long():
    wide = code_by(CODINGS, CORPUS, "informant", wide=True)
    assert list(wide.columns) == ["", "PSM1", "RT1"]
    assert wide.loc[("A", "initiator")].tolist() == [0, 2, 1]
    assert wide.loc[("B", "administrator")].tolist() == [1, 0, 0]
    assert int(wide.to_numpy().sum()) == int(
        code_by(CODINGS, CORPUS, "informant")["segments"].sum()
    )


def test_code_by_rejects_unknown_attribute():
    with pytest.raises(CodingsError, match=r"by: cannot cross codes with 'speaker'; choose one of"):
        code_by(CODINGS, CORPUS, "speaker")  # type: ignore[arg-type]


rows = st.lists(
    st.tuples(
        st.sampled_from(["A", "B", "D"]),
        st.integers(0, 55),
        st.integers(1, 30),
        st.sampled_from(["x", "x/y", "z"]),
        st.sampled_from(["A", "B"]),
    ),
    max_size=20,
)


@settings(max_examples=15, deadline=None)
@given(rows)
def test_invariant_crosstab_totals_equal_coded_segments(data):
    codings = _codings([(s, a, a + n, c, k) for s, a, n, c, k in data])
    coded = segment_codings(codings, CORPUS)
    freqs = code_frequencies(codings, CORPUS).set_index(["code", "coder"])["segments"]
    for by in ("group", "informant", "technique", "source_id"):
        long = code_by(codings, CORPUS, by)
        assert long["segments"].sum() == len(coded)
        totals = long.groupby(["code", "coder"])["segments"].sum()
        for key, value in totals.items():
            assert freqs[key] == value
        if len(long):
            wide = code_by(codings, CORPUS, by, wide=True)
            assert (wide.sum(axis=1).sort_index() == totals.swaplevel().sort_index()).all()
    # co-occurrence diagonal: units coded with each code
    matrix = cooccurrence(codings, CORPUS)
    for code in matrix.index:
        assert matrix.loc[code, code] == (coded["code"] == code).sum()
    assert (matrix.to_numpy() == matrix.to_numpy().T).all()


def test_invariant_roll_up_then_group_totals():
    # after roll-up a role counts once per segment whatever sub-codes were used
    codings = _codings([("A", 20, 35, "x/y", "A"), ("A", 20, 35, "x", "A")])
    out = code_by(roll_up(codings), CORPUS, "group")
    assert out.to_dict("records") == [{"code": "x", "coder": "A", "group": "PSM", "segments": 1}]


def test_cooccurrence_counts_same_coder_same_segment():
    matrix = cooccurrence(CODINGS, CORPUS)
    assert list(matrix.index) == ["administrator", "assessment/gap", "initiator"]
    assert matrix.loc["initiator", "assessment/gap"] == 1
    assert matrix.loc["initiator", "initiator"] == 4  # A:2, A:3, B:1 (A) and B:1 (B)
    assert matrix.loc["administrator", "initiator"] == 0
    only_b = cooccurrence(CODINGS, CORPUS, coder="B")
    assert list(only_b.index) == ["administrator", "initiator"]
    assert only_b.to_numpy().tolist() == [[1, 0], [0, 1]]


def test_cooccurrence_of_nothing_is_empty():
    assert cooccurrence(empty_codings(), CORPUS).empty


def test_codings_summary():
    summary = codings_summary(CODINGS, CORPUS)
    assert summary["rows"] == 6
    assert summary["coders"] == ["A", "B"]
    assert summary["codes"] == ["administrator", "assessment/gap", "initiator"]
    assert summary["segments_per_coder"] == {"A": 3, "B": 2}
    assert summary["coded_segments"] == 5
    assert summary["sources"] == 3
    assert len(summary["per_code"]) == 4
