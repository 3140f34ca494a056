"""Tests of psm_qual.io.codings: codings CSV and coding sheets."""

from __future__ import annotations

import codecs
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psm_qual.columns import CODING_COLUMNS
from psm_qual.errors import CodingsError
from psm_qual.io.codings import read_codings, read_sheet, write_codings, write_sheet

HEADER = "source_id,start,end,code,coder,memo,created_at\n"


def _write(tmp_path: Path, text: str | bytes, name: str = "c.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode("utf-8"))
    return path


ids = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=8
)
memo_text = st.lists(
    st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from([",", '"', "\n", "\r\n", "\r", "😀", "ğ", " | "]),
    ),
    max_size=20,
).map("".join)
rows = st.lists(
    st.tuples(
        ids,
        st.integers(0, 2**62),
        st.integers(1, 1000),
        ids,
        ids,
        memo_text,
        st.sampled_from(["", "2024-05-01T10:00:00+00:00"]),
    ),
    max_size=12,
)


def _frame(data) -> pd.DataFrame:
    return pd.DataFrame(
        [(s, a, a + n, c, k, m, t) for s, a, n, c, k, m, t in data], columns=list(CODING_COLUMNS)
    )


@settings(max_examples=80, deadline=None)
@given(rows)
def test_round_trip(data):
    frame = _frame(data)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "codings.csv"
        write_codings(frame, path)
        back = read_codings(path)
    expected = frame.astype({"start": "int64", "end": "int64"})
    pd.testing.assert_frame_equal(back, expected, check_dtype=False, check_index_type=False)
    assert back["start"].dtype == "int64" and back["end"].dtype == "int64"


def test_read_keeps_memo_with_comma_quote_newline_emoji(tmp_path):
    path = _write(tmp_path, HEADER + 'S,0,5,x,A,"kata ""PSM"", lalu\nbaris 2 😀",\n')
    assert read_codings(path).loc[0, "memo"] == 'kata "PSM", lalu\nbaris 2 😀'


def test_read_accepts_bom_crlf_column_order_and_missing_optional_columns(tmp_path):
    text = "coder,code,end,start,source_id,extra\r\nA,x,5,0,S,zz\r\n"
    path = _write(tmp_path, codecs.BOM_UTF8 + text.encode())
    frame = read_codings(path)
    assert tuple(frame.columns) == CODING_COLUMNS
    assert frame.iloc[0].tolist() == ["S", 0, 5, "x", "A", "", ""]


def test_read_skips_blank_lines_and_records_lines(tmp_path):
    path = _write(tmp_path, HEADER + '\nS,0,5,x,A,"two\nlines",\n,,,,,,\nS,5,9,x,A,,\n')
    frame = read_codings(path)
    assert len(frame) == 2
    assert frame.attrs["lines"] == [3, 6]
    assert frame.attrs["path"] == str(path)


def test_read_header_only_gives_empty_frame(tmp_path):
    frame = read_codings(_write(tmp_path, HEADER))
    assert frame.empty and tuple(frame.columns) == CODING_COLUMNS
    assert frame["start"].dtype == "int64"


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("", r"c\.csv: empty file"),
        ("source_id,start,end,code\n", r"c\.csv:1: coder: missing required column 'coder'"),
        ("source_id,start,end,code,coder,code\n", r"c\.csv:1: code: duplicate column"),
        (HEADER + "S,0,5,x\n", r"c\.csv:2: 4 fields where the header has 7"),
        (HEADER + "S,0,5,x,A,,,extra\n", r"c\.csv:2: 8 fields where the header has 7"),
        (HEADER + 'S,0,5,x,A,"a\nb",\nS,5,4,x,A,,\n', r"c\.csv:4: end: end 4 <= start 5"),
        (HEADER + "S,0,5,x,A,,\nS,-3,5,x,A,,\n", r"c\.csv:3: start: start is negative"),
        (HEADER + "S,0,99999999999999999999999,x,A,,\n", r"c\.csv:2: end: end is too large"),
        (HEADER + "S,zero,5,x,A,,\n", r"c\.csv:2: start: start is not an integer"),
        (HEADER + "S,0,5,,A,,\n", r"c\.csv:2: code: code is empty"),
        (HEADER + "S,0,5,x, ,,\n", r"c\.csv:2: coder: coder is empty"),
        (HEADER + ',0,5,x,A,"unclosed\n', r"c\.csv:\d+: malformed CSV"),
        (b"source_id,start,end,code,coder\nS\xe9,0,5,x,A\n", r"c\.csv:2: not UTF-8"),
    ],
)
def test_read_errors_name_file_and_line(tmp_path, text, match):
    with pytest.raises(CodingsError, match=match):
        read_codings(_write(tmp_path, text))


def test_read_extra_empty_trailing_field_is_tolerated(tmp_path):
    frame = read_codings(_write(tmp_path, HEADER + "S,0,5,x,A,,,\n"))
    assert len(frame) == 1


def test_write_refuses_invalid_and_writes_nothing(tmp_path):
    path = tmp_path / "out.csv"
    path.write_text("old")
    bad = pd.DataFrame({"source_id": ["S"], "start": [5], "end": [5], "code": "x", "coder": "A"})
    with pytest.raises(CodingsError, match="end 5 <= start 5"):
        write_codings(bad, path)
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_write_drops_extra_columns_and_uses_lf(tmp_path):
    frame = pd.DataFrame(
        {"source_id": ["S"], "start": [0], "end": [5], "code": "x", "coder": "A", "extra": 1}
    )
    path = write_codings(frame, tmp_path / "sub" / "out.csv")
    assert path.read_bytes() == (HEADER + "S,0,5,x,A,,\n").encode()


def test_sheet_round_trip(tmp_path):
    sheet = pd.DataFrame(
        {
            "segment_id": ["S:1", "S:2"],
            "source_id": "S",
            "informant": ["PSM1", ""],
            "speaker": "PSM1",
            "text": ['Saya "datang",\nlalu', "😀"],
            "role": ["initiator", ""],
            "assessment": ["gap", ""],
            "barriers": ["funding;skills", ""],
            "memo": ["", ""],
        }
    )
    path = write_sheet(sheet, tmp_path / "sheet.csv")
    back = read_sheet(path)
    pd.testing.assert_frame_equal(back, sheet.astype(object), check_index_type=False)
    assert back.attrs["lines"] == [2, 4]


def test_sheet_needs_segment_id(tmp_path):
    with pytest.raises(CodingsError, match=r"sheet\.csv:1: segment_id: missing required column"):
        read_sheet(_write(tmp_path, "text,role\nx,y\n", "sheet.csv"))
    with pytest.raises(CodingsError, match="needs a 'segment_id' column"):
        write_sheet(pd.DataFrame({"text": ["x"]}), tmp_path / "s.csv")
