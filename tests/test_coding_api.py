"""Tests of psm_qual.coding.api (code_span, code_segment, code_matches) and validate_codings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pandas as pd
import pytest

from psm_qual.codebook import Code, Codebook
from psm_qual.coding import (
    as_codings,
    code_matches,
    code_segment,
    code_span,
    segment_codings,
    timestamp,
    validate_codings,
)
from psm_qual.columns import CODING_COLUMNS, SOURCE_COLUMNS
from psm_qual.corpus import Corpus
from psm_qual.errors import CodingsError

STAMP = "2024-05-01T10:00:00+00:00"

TURNS = {
    "W-PSM1": (
        "PSM1",
        "PSM",
        "interview",
        [
            (
                "Peneliti",
                "interviewer",
                "Bagaimana Ibu tahu ada warga yang butuh bantuan dari Pak RT?",
            ),
            ("PSM1", "informant", "Biasanya dari laporan Pak RT."),
            ("PSM1", "informant", "Kalau mendesak saya langsung datang ke rumahnya."),
        ],
    ),
    "O-RUMAH": (
        "",
        "",
        "observation",
        [
            ("", "informant", "PSM mencatat nama warga di buku kas."),
            ("", "informant", "Tidak ada kartu Pak RTnya."),
        ],
    ),
}


def make_corpus(turns=TURNS) -> Corpus:
    """A corpus built from DataFrames: bodies of 'Label: text' lines, one segment per line."""
    rows, bodies, sources = [], {}, []
    for source_id, (informant, group, technique, lines) in turns.items():
        body = ""
        for n, (speaker, role, text) in enumerate(lines, start=1):
            prefix = f"{speaker}: " if speaker else ""
            start = len(body) + len(prefix)
            body += prefix + text + "\n"
            rows.append(
                {
                    "segment_id": f"{source_id}:{n}",
                    "source_id": source_id,
                    "start": start,
                    "end": start + len(text),
                    "speaker": speaker,
                    "text": text,
                    "informant": informant,
                    "group": group,
                    "technique": technique,
                    "language": "id",
                    "role": role,
                    "timestamp": "",
                }
            )
        bodies[source_id] = body
        sources.append(
            {c: "" for c in SOURCE_COLUMNS}
            | {
                "source_id": source_id,
                "informant": informant,
                "group": group,
                "technique": technique,
            }
        )
    corpus = Corpus(pd.DataFrame(sources), pd.DataFrame(rows), bodies)
    for row in corpus.segments.itertuples():
        assert corpus.bodies[row.source_id][row.start : row.end] == row.text
    return corpus


CORPUS = make_corpus()

BOOK = Codebook(
    "test-book",
    {},
    "1",
    (
        Code("initiator"),
        Code("initiator/referral"),
        Code("administrator"),
        Code("assessment", codable=False),
        Code("assessment/performed"),
        Code("assessment/gap"),
        Code("barrier", codable=False),
        Code("barrier/funding"),
    ),
)


# --- timestamp -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-01T10:00:00Z", STAMP),
        ("2024-05-01T17:00:00+07:00", STAMP),
        ("2024-05-01 10:00", STAMP),
        (datetime(2024, 5, 1, 10, 0, 0, 999), STAMP),
        (datetime(2024, 5, 1, 5, 0, tzinfo=timezone(timedelta(hours=-5))), STAMP),
    ],
)
def test_timestamp_normalises_to_utc(value, expected):
    assert timestamp(value) == expected


def test_timestamp_now_is_utc_iso():
    before = datetime.now(UTC).replace(microsecond=0)
    parsed = datetime.fromisoformat(timestamp())
    assert parsed.utcoffset() == timedelta(0)
    assert before <= parsed <= datetime.now(UTC)


# --- code_span / code_segment ---------------------------------------------------------------


def test_code_span_is_pure_and_appends():
    first = code_span(None, "W-PSM1", 3, 9, "initiator", coder="A", created_at=STAMP)
    second = code_span(
        first, "W-PSM1", 3, 9, "administrator", coder="A", memo="m", created_at=STAMP
    )
    assert len(first) == 1 and len(second) == 2
    assert tuple(second.columns) == CODING_COLUMNS
    assert second.iloc[1].tolist() == ["W-PSM1", 3, 9, "administrator", "A", "m", STAMP]


def test_code_span_does_not_duplicate_existing_rows():
    once = code_span(None, "W-PSM1", 3, 9, ["initiator", "initiator"], coder="A")
    assert len(once) == 1
    assert len(code_span(once, "W-PSM1", 3, 9, "initiator", coder="A")) == 1
    assert len(code_span(once, "W-PSM1", 3, 9, "initiator", coder="B")) == 2


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        (("W-PSM1", 5, 5, "x"), {"coder": "A"}, r"end 5 <= start 5"),
        (("W-PSM1", -1, 5, "x"), {"coder": "A"}, r"start is negative"),
        (("W-PSM1", 0, 5, ""), {"coder": "A"}, r"code is empty"),
        (("W-PSM1", 0, 5, []), {"coder": "A"}, r"code: no code given"),
        (("W-PSM1", 0, 5, "x"), {"coder": " "}, r"coder is empty"),
        (("W-PSM1", 0, 5, "x"), {"coder": "A", "created_at": "soon"}, r"created_at: not an ISO"),
    ],
)
def test_code_span_errors(args, kwargs, match):
    with pytest.raises(CodingsError, match=match):
        code_span(None, *args, **kwargs)


def test_code_segment_by_id_and_by_row_agree():
    by_id = code_segment(
        None,
        "W-PSM1:2",
        ["initiator", "assessment/performed"],
        coder="A",
        corpus=CORPUS,
        created_at=STAMP,
    )
    row = CORPUS.segments.set_index("segment_id").loc["W-PSM1:2"].to_dict()
    row["source_id"] = "W-PSM1"
    by_row = code_segment(
        None, row, ["initiator", "assessment/performed"], coder="A", created_at=STAMP
    )
    pd.testing.assert_frame_equal(by_id, by_row)
    assert segment_codings(by_id, CORPUS)["segment_id"].unique().tolist() == ["W-PSM1:2"]


@pytest.mark.parametrize(
    ("segment", "corpus", "match"),
    [
        ("W-PSM1:99", CORPUS, r"segment_id: no segment 'W-PSM1:99'"),
        ("W-PSM1:1", None, r"corpus: a segment id needs the corpus"),
        ({"source_id": "W-PSM1"}, None, r"segment: a segment row needs source_id, start and end"),
    ],
)
def test_code_segment_errors(segment, corpus, match):
    with pytest.raises(CodingsError, match=match):
        code_segment(None, segment, "initiator", coder="A", corpus=corpus)


# --- code_matches ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "kwargs", "expected"),
    [
        ("pak rt", {}, ["W-PSM1:2"]),  # whole words; interviewer turn and "RTnya" excluded
        ("Pak RT", {"case": True}, ["W-PSM1:2"]),
        ("pak rt", {"case": True}, []),
        ("datang  ke", {}, ["W-PSM1:3"]),  # any white space between words
        ("warga", {}, ["O-RUMAH:1"]),  # interviewer's "warga" not coded
        ("rt", {}, ["W-PSM1:2"]),
        (r"\brt\w*", {"regex": True}, ["W-PSM1:2", "O-RUMAH:2"]),
        (r"BUKU\s+KAS", {"regex": True}, ["O-RUMAH:1"]),
        (r"BUKU\s+KAS", {"regex": True, "case": True}, []),
        ("rumah", {}, []),  # "rumahnya" is not the word "rumah"
    ],
)
def test_code_matches(pattern, kwargs, expected):
    out = code_matches(CORPUS, pattern, "initiator", coder="A", **kwargs)
    assert segment_codings(out, CORPUS)["segment_id"].tolist() == expected


def test_code_matches_whole_segment_spans_and_several_codes():
    out = code_matches(
        CORPUS,
        "pak rt",
        ["initiator", "assessment/performed"],
        coder="rule",
        memo="phrase",
        created_at=STAMP,
    )
    seg = CORPUS.segments.set_index("segment_id").loc["W-PSM1:2"]
    assert out[["start", "end"]].drop_duplicates().values.tolist() == [[seg.start, seg.end]]
    assert out["code"].tolist() == ["initiator", "assessment/performed"]
    assert set(out["memo"]) == {"phrase"} and set(out["created_at"]) == {STAMP}


def test_code_matches_appends_to_codings():
    base = code_span(None, "W-PSM1", 0, 3, "administrator", coder="A")
    out = code_matches(CORPUS, "pak rt", "initiator", coder="A", codings=base)
    assert out["code"].tolist() == ["administrator", "initiator"]


@pytest.mark.parametrize(
    ("pattern", "regex", "match"),
    [("(unclosed", True, r"pattern: invalid regular expression"), ("  ", False, "empty phrase")],
)
def test_code_matches_errors(pattern, regex, match):
    with pytest.raises(CodingsError, match=match):
        code_matches(CORPUS, pattern, "initiator", coder="A", regex=regex)


# --- validate_codings -----------------------------------------------------------------------


def _one(**values) -> pd.DataFrame:
    row = {"source_id": "W-PSM1", "start": 0, "end": 5, "code": "initiator", "coder": "A"}
    return pd.DataFrame([row | values])


BODY = len(CORPUS.bodies["W-PSM1"])


@pytest.mark.parametrize(
    ("values", "match"),
    [
        (
            {"source_id": "W-PSM2"},
            r"a\.csv:2: source_id: unknown source 'W-PSM2'; did you mean 'W-PSM1'",
        ),
        (
            {"end": BODY + 1},
            rf"a\.csv:2: end: span ends at {BODY + 1}, past the end of source 'W-PSM1' \(body ends at {BODY}\)",
        ),
        (
            {"code": "initator"},
            r"a\.csv:2: code: unknown code 'initator' \(not in codebook 'test-book'\); did you mean 'initiator'",
        ),
        (
            {"code": "assessment"},
            r"a\.csv:2: code: code 'assessment' is not codable .* use one of assessment/performed, assessment/gap",
        ),
        ({"code": "barrier"}, r"not codable .* use one of barrier/funding$"),
        ({"coder": ""}, r"a\.csv:2: coder: coder is empty"),
        ({"end": 0}, r"a\.csv:2: end: end 0 <= start 0"),
        ({"start": "x"}, r"a\.csv:2: start: start is not an integer"),
    ],
)
def test_validate_errors_name_file_line_and_field(values, match):
    with pytest.raises(CodingsError, match=match):
        validate_codings(_one(**values), corpus=CORPUS, codebook=BOOK, path="a.csv")


def test_validate_without_path_names_row_and_field():
    frame = pd.concat([_one(), _one(code="nope")], ignore_index=True)
    with pytest.raises(CodingsError, match=r"^code: row 1: unknown code 'nope'"):
        validate_codings(frame, codebook=BOOK)


def test_validate_uses_lines_recorded_by_read_codings():
    frame = pd.concat([_one(), _one(code="nope")], ignore_index=True)
    frame.attrs.update(path="f.csv", lines=[2, 7])
    with pytest.raises(CodingsError, match=r"^f\.csv:7: code: unknown code"):
        validate_codings(frame, codebook=BOOK)


def test_validate_end_at_body_length_is_fine_and_returns_clean_frame():
    frame = _one(end=BODY, code=" initiator/referral ")
    frame.attrs["path"] = "x.csv"
    out = validate_codings(frame, corpus=CORPUS, codebook=BOOK)
    assert out.loc[0, "code"] == "initiator/referral"
    assert out.attrs["path"] == "x.csv"
    pd.testing.assert_frame_equal(out, as_codings(frame))


def test_validate_without_bodies_uses_last_segment_end():
    corpus = Corpus(CORPUS.sources, CORPUS.segments)
    last = int(CORPUS.segments.query("source_id == 'W-PSM1'")["end"].max())
    validate_codings(_one(end=last), corpus=corpus)
    with pytest.raises(CodingsError, match=r"last segment ends at"):
        validate_codings(_one(end=last + 1), corpus=corpus)


def test_validate_subset_of_read_rows_keeps_their_lines(tmp_path):
    from psm_qual.io.codings import read_codings

    path = tmp_path / "c.csv"
    path.write_text(
        "source_id,start,end,code,coder,memo\n"
        'W-PSM1,0,5,initiator,A,"two\nlines"\n'
        "W-PSM1,0,5,nope,B,\n",
        encoding="utf-8",
    )
    frame = read_codings(path)
    only_b = frame[frame["coder"] == "B"]
    with pytest.raises(CodingsError, match=r"c\.csv:4: code: unknown code 'nope'"):
        validate_codings(only_b, codebook=BOOK, path=str(path))
