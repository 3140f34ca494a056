"""Tests of psm_qual.coding.frame: the codings table of contract 4."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psm_qual.codebook import Code, Codebook
from psm_qual.coding.frame import (
    SEGMENT_CODING_COLUMNS,
    as_codings,
    empty_codings,
    merge_overlapping,
    roll_up,
    segment_codings,
)
from psm_qual.columns import CODING_COLUMNS
from psm_qual.errors import CodingsError


def _codings(**columns) -> pd.DataFrame:
    base = {"source_id": ["S"], "start": [0], "end": [5], "code": ["x"], "coder": ["A"]}
    base.update(columns)
    return pd.DataFrame(base)


SEGMENTS = pd.DataFrame(
    {
        "segment_id": ["S:1", "S:2", "S:3", "T:1"],
        "source_id": ["S", "S", "S", "T"],
        "start": [0, 10, 20, 0],
        "end": [10, 20, 30, 8],
        "speaker": ["PSM1", "PSM1", "Peneliti", "Obs"],
        "text": ["a" * 10, "b" * 10, "c" * 10, "d" * 8],
        "informant": ["PSM1", "PSM1", "PSM1", ""],
        "group": ["PSM", "PSM", "PSM", ""],
        "technique": ["interview", "interview", "interview", "observation"],
    }
)


def test_empty_codings_has_contract_columns_and_passes_as_codings():
    frame = empty_codings()
    assert tuple(frame.columns) == CODING_COLUMNS
    assert as_codings(frame).shape == (0, 7)
    assert as_codings(frame)["end"].dtype == np.int64


def test_as_codings_coerces_and_orders_columns():
    frame = pd.DataFrame(
        {
            "coder": ["A"],
            "code": ["x "],
            "end": ["7"],
            "start": [2.0],
            "source_id": ["S"],
            "memo": [np.nan],
            "extra": [1],
        }
    )
    out = as_codings(frame)
    assert tuple(out.columns) == CODING_COLUMNS + ("extra",)
    assert out.iloc[0].to_dict() == {
        "source_id": "S",
        "start": 2,
        "end": 7,
        "code": "x",
        "coder": "A",
        "memo": "",
        "created_at": "",
        "extra": 1,
    }
    assert out["start"].dtype == np.int64


def test_as_codings_does_not_modify_its_input():
    frame = _codings(code=[" x "])
    as_codings(frame)
    assert frame.loc[0, "code"] == " x "


@pytest.mark.parametrize(
    ("columns", "match"),
    [
        ({"start": [-1]}, r"start: row 0: start is negative \(-1\)"),
        ({"start": ["-1"]}, r"start is negative"),
        ({"start": [1.5]}, r"start: row 0: start is not an integer \(1.5\)"),
        ({"start": ["abc"]}, r"start is not an integer \('abc'\)"),
        ({"start": [None]}, r"start: row 0: start is empty"),
        ({"start": [True]}, r"start is not an integer"),
        ({"end": [2**63]}, r"end is too large"),
        ({"end": [str(10**30)]}, r"end: row 0: end is too large"),
        ({"end": [1e300]}, r"end is too large"),
        ({"end": [0]}, r"end: row 0: end 0 <= start 0"),
        ({"start": [9], "end": [3]}, r"end 3 <= start 9"),
        ({"code": [""]}, r"code: row 0: code is empty"),
        ({"code": ["  "]}, r"code is empty"),
        ({"coder": [None]}, r"coder: row 0: coder is empty"),
        ({"source_id": [np.nan]}, r"source_id: row 0: source_id is empty"),
    ],
)
def test_as_codings_rejects_bad_values(columns, match):
    with pytest.raises(CodingsError, match=match):
        as_codings(_codings(**columns))


@pytest.mark.parametrize("column", ["source_id", "start", "end", "code", "coder"])
def test_as_codings_requires_the_first_five_columns(column):
    with pytest.raises(CodingsError, match=f"missing required column '{column}'"):
        as_codings(_codings().drop(columns=column))


def test_as_codings_names_file_and_line_when_given():
    frame = pd.DataFrame(
        {"source_id": ["S", "S"], "start": [0, 4], "end": [3, 4], "code": "x", "coder": "A"}
    )
    with pytest.raises(CodingsError, match=r"^f\.csv:9: end: end 4 <= start 4"):
        as_codings(frame, path="f.csv", lines=[2, 9])


def test_as_codings_rejects_non_frames():
    with pytest.raises(CodingsError, match="expected a DataFrame"):
        as_codings([("S", 0, 1, "x", "A")])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([(0, 5), (5, 9)], [(0, 9)]),  # touching
        ([(0, 5), (3, 9)], [(0, 9)]),  # overlapping
        ([(0, 5), (6, 9)], [(0, 5), (6, 9)]),  # a gap of one code point
        ([(0, 9), (2, 3)], [(0, 9)]),  # nested
        ([(6, 9), (0, 5), (4, 7)], [(0, 9)]),  # unsorted chain
        ([(0, 5), (0, 5)], [(0, 5)]),  # duplicate
    ],
)
def test_merge_overlapping_cases(spans, expected):
    frame = pd.DataFrame(
        {
            "source_id": "S",
            "start": [s for s, _ in spans],
            "end": [e for _, e in spans],
            "code": "x",
            "coder": "A",
        }
    )
    merged = merge_overlapping(frame)
    assert list(zip(merged["start"], merged["end"], strict=True)) == expected


def test_merge_keeps_coders_codes_and_sources_apart():
    frame = pd.DataFrame(
        {
            "source_id": ["S", "S", "S", "T"],
            "start": [0, 2, 2, 2],
            "end": [5, 9, 9, 9],
            "code": ["x", "y", "x", "x"],
            "coder": ["A", "A", "B", "A"],
        }
    )
    assert len(merge_overlapping(frame)) == 4


def test_merge_joins_distinct_memos_and_keeps_earliest_timestamp():
    frame = _codings(
        start=[0, 3, 4],
        end=[4, 6, 8],
        memo=["m1", "m1", "m2"],
        created_at=["2024-01-02T00:00:00+00:00", "", "2024-01-01T00:00:00+00:00"],
        source_id="S",
        code="x",
        coder="A",
    )
    merged = merge_overlapping(frame)
    assert merged.iloc[0].to_dict() == {
        "source_id": "S",
        "start": 0,
        "end": 8,
        "code": "x",
        "coder": "A",
        "memo": "m1 | m2",
        "created_at": "2024-01-01T00:00:00+00:00",
    }


spans = st.lists(
    st.tuples(
        st.sampled_from(["S", "T"]),
        st.integers(0, 60),
        st.integers(1, 15),
        st.sampled_from(["x", "y/z"]),
        st.sampled_from(["A", "B"]),
        st.sampled_from(["", "m", "n, o"]),
    ),
    max_size=25,
)


def _frame(rows) -> pd.DataFrame:
    return pd.DataFrame(
        [(s, a, a + n, c, k, m) for s, a, n, c, k, m in rows],
        columns=["source_id", "start", "end", "code", "coder", "memo"],
    )


@settings(max_examples=30, deadline=None)
@given(spans)
def test_merge_is_idempotent_and_covers_the_same_code_points(rows):
    frame = _frame(rows)
    once = merge_overlapping(frame)
    pd.testing.assert_frame_equal(merge_overlapping(once), once)

    def points(table):
        return {
            (r.source_id, r.code, r.coder, p)
            for r in table.itertuples()
            for p in range(r.start, r.end)
        }

    assert points(once) == points(frame)
    # no two spans of one (source, code, coder) touch after merging
    for _, group in once.groupby(["source_id", "code", "coder"]):
        starts, ends = group["start"].to_numpy(), group["end"].to_numpy()
        assert (starts[1:] > ends[:-1]).all()


def test_segment_codings_whole_segment_gives_exactly_that_segment():
    for row in SEGMENTS.itertuples():
        codings = _codings(source_id=[row.source_id], start=[row.start], end=[row.end])
        out = segment_codings(codings, SEGMENTS)
        assert out["segment_id"].tolist() == [row.segment_id]


def test_segment_codings_columns_and_metadata():
    codings = _codings(source_id=["T"], start=[1], end=[2], code=["y"], coder=["B"])
    out = segment_codings(codings, SEGMENTS)
    assert tuple(out.columns) == SEGMENT_CODING_COLUMNS
    assert out.iloc[0].to_dict() == {
        "segment_id": "T:1",
        "source_id": "T",
        "code": "y",
        "coder": "B",
        "informant": "",
        "group": "",
        "technique": "observation",
        "speaker": "Obs",
        "text": "dddddddd",
    }


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (0, 30, ["S:1", "S:2", "S:3"]),
        (9, 11, ["S:1", "S:2"]),
        (10, 20, ["S:2"]),
        (19, 20, ["S:2"]),
        (20, 21, ["S:3"]),
        (30, 40, []),  # beyond every segment
    ],
)
def test_segment_codings_overlap_needs_one_shared_code_point(start, end, expected):
    out = segment_codings(_codings(start=[start], end=[end]), SEGMENTS)
    assert out["segment_id"].tolist() == expected


def test_segment_codings_one_row_per_segment_code_coder():
    codings = _codings(start=[0, 2, 12], end=[3, 4, 14], source_id="S", code="x", coder="A")
    out = segment_codings(codings, SEGMENTS)
    assert out["segment_id"].tolist() == ["S:1", "S:2"]


def test_segment_codings_accepts_overlapping_segments():
    segments = pd.DataFrame(
        {"segment_id": ["S:1", "S:2"], "source_id": "S", "start": [0, 5], "end": [10, 15]}
    )
    out = segment_codings(_codings(start=[6], end=[7]), segments)
    assert out["segment_id"].tolist() == ["S:1", "S:2"]
    assert (out["group"] == "").all()


def test_segment_codings_of_empty_codings_is_empty_with_columns():
    out = segment_codings(empty_codings(), SEGMENTS)
    assert tuple(out.columns) == SEGMENT_CODING_COLUMNS and out.empty


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 35), st.integers(1, 12)), max_size=15))
def test_segment_codings_matches_brute_force(pairs):
    codings = (
        _codings(
            source_id="S",
            start=[a for a, _ in pairs],
            end=[a + n for a, n in pairs],
            code="x",
            coder="A",
        )
        if pairs
        else empty_codings()
    )
    expected = [
        seg.segment_id
        for seg in SEGMENTS[SEGMENTS.source_id == "S"].itertuples()
        if any(a < seg.end and a + n > seg.start for a, n in pairs)
    ]
    assert segment_codings(codings, SEGMENTS)["segment_id"].tolist() == expected


def test_segment_codings_rejects_bad_segments():
    with pytest.raises(CodingsError, match="segments lack columns"):
        segment_codings(_codings(), SEGMENTS.drop(columns="end"))


BOOK = Codebook(
    "b",
    {},
    "1",
    (
        Code("initiator"),
        Code("initiator/referral"),
        Code("initiator/referral/urgent"),
        Code("assessment", codable=False),
        Code("assessment/gap"),
    ),
)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("initiator/referral/urgent", "initiator"),
        ("initiator/referral", "initiator"),
        ("initiator", "initiator"),
        ("assessment/gap", "assessment/gap"),
    ],
)
def test_roll_up_to_highest_codable_ancestor(code, expected):
    assert roll_up(_codings(code=[code]), BOOK)["code"].tolist() == [expected]


def test_roll_up_without_codebook_takes_top_level_and_dedupes():
    codings = _codings(code=["a/b", "a/c", "d"], start=0, end=5, source_id="S", coder="A")
    assert roll_up(codings)["code"].tolist() == ["a", "d"]


def test_roll_up_unknown_code():
    with pytest.raises(CodingsError, match="code 'nope' is not in codebook 'b'"):
        roll_up(_codings(code=["nope"]), BOOK)
