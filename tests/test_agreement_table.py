"""agreement_table, overlap_agreement, disagreement review, review I/O and the CLI."""

from __future__ import annotations

import json
import math
import warnings

import pandas as pd
import pytest

from psm_qual.agreement import (
    agreement_table,
    cohen_kappa,
    default_dimensions,
    disagreements,
    krippendorff_alpha,
    overlap_agreement,
    resolve,
)
from psm_qual.cli import main
from psm_qual.codebook.model import Code, Codebook
from psm_qual.errors import AgreementError, PsmQualWarning
from psm_qual.io.codings import read_codings, write_codings
from psm_qual.io.review import read_review, write_review

SEGMENTS = pd.DataFrame(
    {
        "segment_id": [f"S:{i}" for i in range(1, 7)],
        "source_id": "S",
        "start": [0, 10, 20, 30, 40, 50],
        "end": [10, 20, 30, 40, 50, 60],
        "text": [f"text {i}" for i in range(1, 7)],
        "informant": "PSM1",
    }
)

A = [
    (0, 10, "initiator"),
    (10, 20, "motivator"),
    (20, 30, "initiator/referral"),
    (40, 50, "assessment/gap"),
    (0, 10, "assessment/performed"),
]
B = [
    (0, 10, "initiator"),
    (10, 20, "initiator"),
    (20, 30, "initiator"),
    (40, 50, "assessment/gap"),
    (0, 10, "assessment/gap"),
]


def _codings(*coders):
    rows = []
    for name, spans in coders:
        rows += [
            {"source_id": "S", "start": s, "end": e, "code": c, "coder": name} for s, e, c in spans
        ]
    return pd.DataFrame(rows)


BOOK = Codebook(
    "b",
    {},
    "1",
    (
        Code("initiator"),
        Code("initiator/referral"),
        Code("motivator"),
        Code("assessment", codable=False),
        Code("assessment/performed"),
        Code("assessment/gap"),
        Code("barrier", codable=False),
        Code("barrier/funding"),
    ),
)


def test_identical_codings_give_one_where_data_vary():
    codings = _codings(("A", A), ("B", A))
    table = agreement_table(codings, segments=SEGMENTS, n_boot=50)
    for column in (
        "percent",
        "cohen_kappa",
        "scott_pi",
        "brennan_prediger",
        "fleiss_kappa",
        "krippendorff_alpha",
    ):
        assert (table[column] == 1.0).all(), column
    assert (table["band"] == "reliable").all()
    assert (table["kappa_band"] == "almost perfect").all()


def test_merging_overlapping_spans_keeps_perfect_agreement():
    pieces = [
        (0, 6, "initiator"),
        (4, 10, "initiator"),
        (10, 15, "motivator"),
        (15, 20, "motivator"),
        (20, 30, "initiator/referral"),
        (40, 50, "assessment/gap"),
        (0, 10, "assessment/performed"),
        (2, 3, "assessment/performed"),
    ]
    table = agreement_table(_codings(("A", A), ("B", pieces)), segments=SEGMENTS, n_boot=0)
    assert (table["cohen_kappa"] == 1.0).all()
    assert (table["krippendorff_alpha"] == 1.0).all()
    spans = agreement_table(_codings(("A", A), ("B", pieces)), unit="span", n_boot=0)
    assert (spans["alpha_u"] == 1.0).all()


def test_per_code_values_and_absence_counted():
    table = agreement_table(_codings(("A", A), ("B", B)), segments=SEGMENTS, n_boot=0)
    row = table.set_index("code").loc["initiator"]
    a = [1, 0, 0, 0, 0, 0]
    b = [1, 1, 1, 0, 0, 0]
    assert row["n_units"] == 6 and row["n_coded"] == 3
    assert row["cohen_kappa"] == pytest.approx(cohen_kappa(a, b))
    assert row["krippendorff_alpha"] == pytest.approx(krippendorff_alpha([a, b]))
    without = agreement_table(_codings(("A", A), ("B", B)), n_boot=0)
    assert without.set_index("code").loc["initiator", "n_units"] == 4  # union of coded spans


def test_constant_code_is_nan_with_note():
    codings = _codings(("A", A), ("B", A))
    table = agreement_table(codings, segments=SEGMENTS.iloc[:1], n_boot=0)
    row = table.set_index("code").loc["initiator"]
    assert math.isnan(row["cohen_kappa"]) and math.isnan(row["krippendorff_alpha"])
    assert row["percent"] == 1.0
    assert "no variation" in row["note"]
    assert row["band"] == "undefined"


def test_by_dimension_with_default_dimensions():
    assert default_dimensions(BOOK) == {
        "top-level": ("initiator", "motivator"),
        "assessment": ("assessment/performed", "assessment/gap"),
        "barrier/funding": ("barrier/funding",),
    }
    table = agreement_table(
        _codings(("A", A), ("B", B)), segments=SEGMENTS, by="dimension", codebook=BOOK, n_boot=0
    ).set_index("dimension")
    roles_a = ["initiator", "motivator", "initiator", "(none)", "(none)", "(none)"]
    roles_b = ["initiator", "initiator", "initiator", "(none)", "(none)", "(none)"]
    assert table.loc["top-level", "cohen_kappa"] == pytest.approx(cohen_kappa(roles_a, roles_b))
    assess_a = ["assessment/performed", "(none)", "(none)", "(none)", "assessment/gap", "(none)"]
    assess_b = ["assessment/gap", "(none)", "(none)", "(none)", "assessment/gap", "(none)"]
    assert table.loc["assessment", "krippendorff_alpha"] == pytest.approx(
        krippendorff_alpha([assess_a, assess_b])
    )
    assert "no variation" in table.loc["barrier/funding", "note"]


def test_three_coders_and_intervals():
    codings = _codings(("A", A), ("B", B), ("C", A))
    table = agreement_table(codings, segments=SEGMENTS, n_boot=200, seed=1)
    row = table.set_index("code").loc["initiator"]
    assert row["n_coders"] == 3
    assert row["alpha_low"] <= row["krippendorff_alpha"] <= row["alpha_high"]
    assert row["kappa_low"] <= row["kappa_high"]
    again = agreement_table(codings, segments=SEGMENTS, n_boot=200, seed=1)
    pd.testing.assert_frame_equal(table, again)
    swapped = agreement_table(codings, segments=SEGMENTS, coders=["C", "B", "A"], n_boot=0)
    plain = agreement_table(codings, segments=SEGMENTS, n_boot=0)
    pd.testing.assert_series_equal(swapped["krippendorff_alpha"], plain["krippendorff_alpha"])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"coders": ["A"]}, "coders: needs at least 2"),
        ({"coders": ["A", "Z"]}, "coders: no codings"),
        ({"unit": "word"}, "unit: unknown unit"),
        ({"by": "theme"}, "by: unknown by"),
        ({"measures": ["gwet"]}, "measures: unknown measure"),
        ({"by": "dimension"}, "dimensions: by='dimension' needs"),
    ],
)
def test_table_errors(kwargs, match):
    with pytest.raises(AgreementError, match=match):
        agreement_table(_codings(("A", A), ("B", B)), n_boot=0, **kwargs)


def test_overlap_agreement_threshold():
    codings = _codings(("A", [(0, 10, "x"), (20, 30, "x")]), ("B", [(2, 10, "x"), (40, 50, "x")]))
    half = overlap_agreement(codings, threshold=0.5).set_index("code")
    assert half.loc["x", ["matched_a", "matched_b"]].tolist() == [1, 1]
    assert half.loc["x", "agreement"] == 0.5
    strict = overlap_agreement(codings, threshold=0.9).set_index("code")
    assert strict.loc["x", "agreement"] == 0.0
    own = overlap_agreement(codings, threshold=0.9, basis="segment").set_index("code")
    assert own.loc["x", ["matched_a", "matched_b"]].tolist() == [0, 1]
    with pytest.raises(AgreementError, match="threshold"):
        overlap_agreement(codings, threshold=0)


def test_review_round_trip_and_resolve(tmp_path):
    codings = _codings(("A", A), ("B", B))
    review = disagreements(codings, segments=SEGMENTS)
    assert review["segment_id"].tolist() == ["S:1", "S:2", "S:3"]
    assert list(review.columns) == [
        "segment_id",
        "source_id",
        "start",
        "end",
        "informant",
        "text",
        "A",
        "B",
        "decision",
        "memo",
    ]
    assert review.loc[0, "A"] == "assessment/performed; initiator"
    path = write_review(review, tmp_path / "review.csv")
    filled = read_review(path)
    filled.loc[0, ["decision", "memo"]] = ["initiator; assessment/gap", "reads as a gap"]
    filled.loc[1, ["decision", "memo"]] = ["motivator", "encourages residents"]
    with pytest.warns(PsmQualWarning, match="1 review row"):
        consensus = resolve(filled, codings)
    got = set(zip(consensus["start"], consensus["code"], strict=True))
    assert got == {
        (0, "initiator"),
        (0, "assessment/gap"),
        (10, "motivator"),
        (40, "assessment/gap"),
    }
    assert (consensus["coder"] == "consensus").all()
    write_codings(consensus, tmp_path / "consensus.csv")
    assert len(read_codings(tmp_path / "consensus.csv")) == len(consensus)
    filled.loc[2, "decision"] = "initiator"
    with pytest.raises(AgreementError, match=r"review.csv:4: .*no memo"):
        resolve(filled, codings)


def test_identical_coders_have_no_disagreements_and_consensus_is_their_coding():
    codings = _codings(("A", A), ("B", A))
    assert disagreements(codings, segments=SEGMENTS).empty
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        consensus = resolve(disagreements(codings, segments=SEGMENTS), codings)
    assert sorted(
        zip(consensus["start"], consensus["end"], consensus["code"], strict=True)
    ) == sorted(A)


def test_cli_one_file_per_coder_and_json(tmp_path, capsys):
    write_codings(_codings(("A", A)), tmp_path / "a.csv")
    write_codings(_codings(("B", B)), tmp_path / "b.csv")
    assert (
        main(
            [
                "agreement",
                str(tmp_path / "a.csv"),
                str(tmp_path / "b.csv"),
                "--json",
                "--n-boot",
                "0",
            ]
        )
        == 0
    )
    records = json.loads(capsys.readouterr().out)
    assert {r["code"] for r in records} >= {"initiator", "motivator"}
    assert main(["agreement", str(tmp_path / "a.csv"), "--n-boot", "0"]) == 2
    assert "coders: needs at least 2" in capsys.readouterr().err
    write_codings(_codings(("A", A), ("B", B)), tmp_path / "both.csv")
    assert main(["agreement", str(tmp_path / "both.csv"), "--n-boot", "0"]) == 0
    assert "krippendorff_alpha" in capsys.readouterr().out


TINY_BOOK = """id: b
version: 1.0.0
codes:
  - id: initiator
    label: {en: Initiator}
    children:
      - id: referral
        label: {en: Referral}
  - id: motivator
    label: {en: Motivator}
  - id: assessment
    label: {en: Assessment}
    codable: false
    children:
      - id: performed
        label: {en: Performed}
      - id: gap
        label: {en: Gap}
"""


@pytest.mark.parametrize(
    ("options", "name"),
    [
        ([], "roles"),
        (["--roles-name", "role"], "role"),
        (["--top-level-name", "top-level"], "top-level"),
    ],
)
def test_cli_by_dimension_names_the_top_level_dimension(tmp_path, capsys, options, name):
    (tmp_path / "book.yaml").write_text(TINY_BOOK, encoding="utf-8")
    write_codings(_codings(("A", A), ("B", B)), tmp_path / "both.csv")
    argv = ["agreement", str(tmp_path / "both.csv"), "--codebook", str(tmp_path / "book.yaml")]
    argv += ["--by", "dimension", "--json", "--n-boot", "0", *options]
    assert main(argv) == 0
    names = [r["dimension"] for r in json.loads(capsys.readouterr().out)]
    assert names == [name, "assessment"]


def test_cli_validates_codings_and_notes_the_alpha_interval(tmp_path, capsys):
    (tmp_path / "book.yaml").write_text(TINY_BOOK, encoding="utf-8")
    write_codings(_codings(("A", A), ("B", B)), tmp_path / "both.csv")
    book = ["--codebook", str(tmp_path / "book.yaml")]
    assert main(["agreement", str(tmp_path / "both.csv"), *book, "--n-boot", "50"]) == 0
    assert "note: alpha intervals follow Krippendorff's bootstrap" in capsys.readouterr().out
    write_codings(_codings(("A", A + [(50, 60, "dynamizer")]), ("B", B)), tmp_path / "bad.csv")
    assert main(["agreement", str(tmp_path / "bad.csv"), *book, "--n-boot", "0"]) == 2
    assert "code: unknown code 'dynamizer'" in capsys.readouterr().err
