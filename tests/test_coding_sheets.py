"""Tests of psm_qual.coding.sheets: blank sheets, filled sheets back to codings, file round trip."""

from __future__ import annotations

import pandas as pd
import pytest

from psm_qual.codebook import Code, Codebook
from psm_qual.coding import coding_sheet, from_sheet, segment_codings, sheet_choices
from psm_qual.columns import CODING_COLUMNS, SOURCE_COLUMNS
from psm_qual.corpus import Corpus
from psm_qual.errors import CodingsError
from psm_qual.io.codings import SHEET_COLUMNS, read_sheet, write_sheet

STAMP = "2024-05-01T10:00:00+00:00"

SEGMENTS = pd.DataFrame(
    {
        "segment_id": ["W:1", "W:2", "W:3", "O:1"],
        "source_id": ["W", "W", "W", "O"],
        "start": [10, 40, 70, 0],
        "end": [30, 60, 95, 25],
        "speaker": ["Peneliti", "PSM1", "PSM1", ""],
        "text": ["Bagaimana, Bu?", 'Saya "datang",\nlalu lapor.', "Dana tidak ada 😀", "Catatan."],
        "informant": ["PSM1", "PSM1", "PSM1", ""],
        "group": ["PSM", "PSM", "PSM", ""],
        "technique": ["interview", "interview", "interview", "observation"],
        "language": "id",
        "role": ["interviewer", "informant", "informant", "informant"],
        "timestamp": "",
    }
)
CORPUS = Corpus(pd.DataFrame(columns=list(SOURCE_COLUMNS)), SEGMENTS)

PSM_BOOK = Codebook(
    "psm",
    {},
    "1",
    (
        Code("initiator"),
        Code("initiator/case-handling"),
        Code("motivator"),
        Code("assessment", codable=False),
        Code("assessment/performed"),
        Code("assessment/gap"),
        Code("barrier", codable=False),
        Code("barrier/funding"),
        Code("barrier/skills"),
    ),
)
# Any codebook works: other names for the dimension parents, a codable dimension parent.
OTHER_BOOK = Codebook(
    "other",
    {},
    "1",
    (
        Code("care"),
        Code("care/listening"),
        Code("outreach"),
        Code("judgement", codable=False),
        Code("judgement/done"),
        Code("judgement/missed"),
        Code("obstacle"),
        Code("obstacle/time"),
    ),
)


def test_sheet_choices_depend_on_codebook_and_dimensions():
    assert sheet_choices(PSM_BOOK) == {
        "role": ("initiator", "initiator/case-handling", "motivator"),
        "assessment": ("assessment/performed", "assessment/gap"),
        "barriers": ("barrier/funding", "barrier/skills"),
    }
    assert sheet_choices(OTHER_BOOK, dimensions=("judgement", "obstacle")) == {
        "role": ("care", "care/listening", "outreach"),
        "assessment": ("judgement/done", "judgement/missed"),
        "barriers": ("obstacle", "obstacle/time"),
    }


def test_coding_sheet_has_one_blank_row_per_coded_segment():
    sheet = coding_sheet(CORPUS, PSM_BOOK)
    assert tuple(sheet.columns) == SHEET_COLUMNS
    assert sheet["segment_id"].tolist() == ["W:2", "W:3", "O:1"]
    assert (sheet[["role", "assessment", "barriers", "memo"]] == "").all().all()
    assert sheet.loc[0, "text"] == 'Saya "datang",\nlalu lapor.'
    assert sheet.attrs["choices"]["barriers"] == ("barrier/funding", "barrier/skills")


def _filled() -> pd.DataFrame:
    sheet = coding_sheet(CORPUS, PSM_BOOK)
    sheet.loc[0, ["role", "assessment", "barriers", "memo"]] = [
        "case-handling",
        "performed",
        "",
        "datang, lalu lapor",
    ]
    sheet.loc[1, ["role", "assessment", "barriers", "memo"]] = [
        "initiator",
        "assessment/gap",
        "funding; barrier/skills",
        "",
    ]
    return sheet


def test_from_sheet_rows():
    out = from_sheet(_filled(), coder="A", corpus=CORPUS, codebook=PSM_BOOK, created_at=STAMP)
    assert tuple(out.columns) == CODING_COLUMNS
    assert out[["source_id", "start", "end", "code", "memo"]].values.tolist() == [
        ["W", 40, 60, "initiator/case-handling", "datang, lalu lapor"],
        ["W", 40, 60, "assessment/performed", "datang, lalu lapor"],
        ["W", 70, 95, "initiator", ""],
        ["W", 70, 95, "assessment/gap", ""],
        ["W", 70, 95, "barrier/funding", ""],
        ["W", 70, 95, "barrier/skills", ""],
    ]
    assert set(out["coder"]) == {"A"} and set(out["created_at"]) == {STAMP}
    # whole-segment spans map back to exactly their segments
    assert segment_codings(out, CORPUS)["segment_id"].unique().tolist() == ["W:2", "W:3"]


def test_from_sheet_with_another_codebook():
    sheet = coding_sheet(CORPUS, OTHER_BOOK, dimensions=("judgement", "obstacle"))
    sheet.loc[2, ["role", "assessment", "barriers"]] = ["listening", "missed", "obstacle;time"]
    out = from_sheet(
        sheet, coder="B", corpus=CORPUS, codebook=OTHER_BOOK, dimensions=("judgement", "obstacle")
    )
    assert out["code"].tolist() == [
        "care/listening",
        "judgement/missed",
        "obstacle",
        "obstacle/time",
    ]


def test_blank_sheet_gives_empty_codings():
    out = from_sheet(coding_sheet(CORPUS, PSM_BOOK), coder="A", corpus=CORPUS, codebook=PSM_BOOK)
    assert out.empty and tuple(out.columns) == CODING_COLUMNS


@pytest.mark.parametrize(
    ("cells", "match"),
    [
        (
            {"role": "healer"},
            r"role: sheet row 1: 'healer' is not a role code; choose one of initiator, ",
        ),
        ({"role": "performed"}, r"role: sheet row 1: 'performed' is not a role code"),
        ({"role": "initiator;motivator"}, r"role: sheet row 1: one code only"),
        (
            {"assessment": "done"},
            r"assessment: sheet row 1: 'done' is not an assessment code; choose one of assessment/performed, assessment/gap",
        ),
        ({"assessment": "assessment"}, r"'assessment' is not an assessment code"),
        ({"barriers": "funding;money"}, r"barriers: sheet row 1: 'money' is not a barrier code"),
        ({"memo": "unsure"}, r"memo: sheet row 1: a memo but no code"),
        (
            {"segment_id": "W:9", "role": "initiator"},
            r"segment_id: sheet row 1: unknown segment 'W:9'",
        ),
    ],
)
def test_from_sheet_errors_name_the_row_and_column(cells, match):
    sheet = coding_sheet(CORPUS, PSM_BOOK)
    for column, value in cells.items():
        sheet.loc[1, column] = value
    with pytest.raises(CodingsError, match=match):
        from_sheet(sheet, coder="A", corpus=CORPUS, codebook=PSM_BOOK)


def test_from_sheet_needs_a_coder():
    with pytest.raises(CodingsError, match="coder is empty"):
        from_sheet(_filled(), coder="", corpus=CORPUS, codebook=PSM_BOOK)


def test_sheet_file_round_trip_and_errors_name_file_line(tmp_path):
    sheet = _filled()
    path = write_sheet(sheet, tmp_path / "sheet_a.csv")
    back = read_sheet(path)
    pd.testing.assert_frame_equal(back, sheet.astype(object), check_index_type=False)
    direct = from_sheet(sheet, coder="A", corpus=CORPUS, codebook=PSM_BOOK, created_at=STAMP)
    via_file = from_sheet(back, coder="A", corpus=CORPUS, codebook=PSM_BOOK, created_at=STAMP)
    pd.testing.assert_frame_equal(direct, via_file)
    # the first data row's text spans two lines, so the third row starts on line 5
    back.loc[2, "role"] = "healer"
    with pytest.raises(CodingsError, match=r"sheet_a\.csv:5: role: 'healer' is not a role code"):
        from_sheet(back, coder="A", corpus=CORPUS, codebook=PSM_BOOK)


def test_sheet_read_from_file_tolerates_missing_filled_columns(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("segment_id,role\nW:2,motivator\nW:3,\n", encoding="utf-8")
    out = from_sheet(read_sheet(path), coder="A", corpus=CORPUS, codebook=PSM_BOOK)
    assert out["code"].tolist() == ["motivator"]
