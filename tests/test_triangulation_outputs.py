"""Triangulation outputs: figures, framework matrix export, JSON and the command line."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from matplotlib.figure import Figure

from psm_qual.cli import main
from psm_qual.corpus import load_corpus
from psm_qual.errors import TriangulationError
from psm_qual.io.codings import write_codings
from psm_qual.io.framework import framework_html, read_framework, write_framework
from psm_qual.triangulation import (
    convergence_heatmap,
    framework_matrix,
    framework_table,
    heatmap,
    triangulate,
)
from psm_qual.triangulation.demo import build_corpus, toy_study

# --- figures -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["stance", "segments"])
def test_heatmap_annotates_every_cell(value):
    codings, corpus = toy_study()
    fig = heatmap(triangulate(codings, corpus), value=value)
    assert isinstance(fig, Figure)
    texts = [t.get_text() for t in fig.axes[0].texts]
    # 2 themes x 2 groups, then one Sugiyono label per theme
    assert texts == ["2\ngap", "1\ngap", "2\nperformed", "silent", "same", "specific"]
    assert fig.axes[0].get_xticklabels()[-1].get_text() == "Sugiyono"
    fig.savefig(__import__("io").BytesIO(), format="png")


def test_heatmap_wraps_long_labels():
    rows = [
        (
            "S1",
            "I1",
            "a very long informant group name indeed",
            "interview",
            "I1",
            "Text.",
            ("a-rather-long-theme-name/with-a-sub-code", "assessment/gap"),
        )
    ]
    corpus, codings = build_corpus(rows)
    fig = heatmap(triangulate(codings, corpus), wrap=12)
    xlabels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert "\n" in xlabels[0]
    assert max(len(line) for line in xlabels[0].splitlines()) <= 12
    with pytest.raises(TriangulationError, match="value: 'colour' is not one of"):
        heatmap(triangulate(codings, corpus), value="colour")


def test_convergence_heatmap_marks_overrides():
    codings, corpus = toy_study()
    overrides = pd.DataFrame(
        [
            {
                "theme": "housing",
                "a": "tenant",
                "b": "warden",
                "code": "dissonance",
                "memo": "warden denies it elsewhere",
            }
        ]
    )
    fig = convergence_heatmap(triangulate(codings, corpus, overrides=overrides))
    assert [t.get_text() for t in fig.axes[0].texts] == ["PA", "D*"]
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["tenant – warden"]


# --- framework matrix ----------------------------------------------------------------------


def test_framework_matrix_cells():
    codings, corpus = toy_study()
    fw = framework_matrix(codings, corpus, n_quotes=1, quote_chars=12)
    assert fw["case"].unique().tolist() == ["T1", "T2", "X1"]
    cell = fw.set_index(["theme", "case"]).loc[("housing", "X1")]
    assert (cell["segments"], cell["summary"], cell["references"]) == (0, "", ())
    cell = fw.set_index(["theme", "case"]).loc[("housing", "T2")]
    assert cell["summary"] == "1 segment; performed; sub-codes: repair"
    assert cell["references"] == (("I-T2:1", "We repaired…"),)
    by_group = framework_matrix(codings, corpus, case="group")
    assert by_group["case"].unique().tolist() == ["tenant", "warden"]
    with pytest.raises(TriangulationError, match="case: 'person' is not one of"):
        framework_matrix(codings, corpus, case="person")


@pytest.mark.parametrize("suffix", [".xlsx", ".html"])
def test_framework_export_round_trip(tmp_path, suffix):
    codings, corpus = toy_study()
    fw = framework_matrix(codings, corpus)
    wide = framework_table(fw)
    path = write_framework(fw, tmp_path / f"framework{suffix}")
    if suffix == ".xlsx":
        back = pd.read_excel(path, dtype=str, keep_default_na=False)
        pd.testing.assert_frame_equal(back, wide, check_dtype=False)
        pd.testing.assert_frame_equal(read_framework(path), wide, check_dtype=False)
        assert "\n[I-T1:3] The clinic is too far." in back.loc[0, "health"]
    else:
        page = path.read_text(encoding="utf-8")
        assert page.count("<tr>") == 1 + len(wide)
        assert "[I-T1:3] The clinic is too far." in page


def test_framework_export_errors(tmp_path):
    codings, corpus = toy_study()
    fw = framework_matrix(codings, corpus)
    with pytest.raises(TriangulationError, match="unsupported suffix '.csv'"):
        write_framework(fw, tmp_path / "framework.csv")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(TriangulationError, match="not a framework matrix"):
        framework_html(pd.DataFrame({"x": [1]}))
    assert "&lt;b&gt;" in framework_html(pd.DataFrame({"case": ["<b>"], "t": ["x"]}))


# --- JSON and command line -----------------------------------------------------------------


def test_to_json():
    codings, corpus = toy_study()
    data = json.loads(triangulate(codings, corpus).to_json())
    assert data["by"] == "group" and data["datasets"] == ["tenant", "warden"]
    health = data["themes"][0]
    assert health["theme"] == "health" and health["label"] == "same"
    assert health["convergence"] == [
        {
            "a": "tenant",
            "b": "warden",
            "code": "partial_agreement",
            "computed": "partial_agreement",
            "override": "",
            "memo": "",
        }
    ]
    assert health["summary"]["partial_agreement"] == 1
    assert health["cells"][0]["examples"] == ["I-T1:3", "I-T2:2"]
    assert data["params"]["prominence_cuts"] == [1 / 3, 2 / 3]


SOURCES = {
    "w-a1.txt": (
        "---\nid: W-A1\ninformant: A1\ngroup: AA\ntechnique: interview\nlanguage: en\n"
        "---\nP: How is it?\nA1: The roof was fixed. The clinic is far.\n"
    ),
    "w-b1.txt": (
        "---\nid: W-B1\ninformant: B1\ngroup: BB\ntechnique: interview\nlanguage: en\n"
        "---\nP: How is it?\nB1: The clinic is far.\n"
    ),
    "o-b1.txt": (
        "---\nid: O-B1\ninformant: B1\ngroup: BB\ntechnique: observation\n"
        "language: en\n---\nThe clinic was closed all day.\n"
    ),
}
CODES = {
    "The roof was fixed.": ("housing", "assessment/performed"),
    "The clinic is far.": ("health/access", "assessment/gap"),
    "The clinic was closed all day.": ("health/access", "assessment/gap"),
}


@pytest.fixture
def corpus_dir(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in SOURCES.items():
        (folder / name).write_text(text, encoding="utf-8")
    corpus = load_corpus(folder)
    rows = [
        {
            "source_id": s.source_id,
            "start": s.start,
            "end": s.end,
            "code": code,
            "coder": "a",
            "memo": "",
            "created_at": "",
        }
        for s in corpus.coded_segments.itertuples()
        for code in CODES.get(s.text, ())
    ]
    assert len(rows) == 8
    write_codings(pd.DataFrame(rows), tmp_path / "codings.csv")
    return folder


def test_cli_json(corpus_dir, capsys):
    codings = corpus_dir.parent / "codings.csv"
    assert main(["triangulate", str(corpus_dir), "--codings", str(codings), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"source", "technique"}
    source = {t["theme"]: t for t in out["source"]["themes"]}
    assert out["source"]["datasets"] == ["AA", "BB"]
    assert source["health"]["label"] == "same"
    assert source["housing"]["label"] == "specific"
    assert source["housing"]["convergence"][0]["code"] == "silence"
    technique = {t["theme"]: t for t in out["technique"]["themes"]}
    assert out["technique"]["datasets"] == ["interview", "observation"]
    assert technique["health"]["label"] == "same"
    assert technique["health"]["summary"]["silent"] == []
    assert (
        main(
            [
                "triangulate",
                str(corpus_dir),
                "--codings",
                str(codings),
                "--by",
                "informant",
                "--json",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["source"]["datasets"] == ["A1", "B1"]


def test_cli_text_and_errors(corpus_dir, capsys):
    codings = corpus_dir.parent / "codings.csv"
    assert main(["triangulate", str(corpus_dir), "--codings", str(codings)]) == 0
    out = capsys.readouterr().out
    assert "source triangulation by group: AA, BB" in out
    assert "  housing: specific (silence 1); silent: BB" in out
    assert main(["triangulate", str(corpus_dir), "--codings", str(corpus_dir / "nope.csv")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("psm-qual: error:") and "nope.csv" in err and err.count("\n") == 1
    assert (
        main(
            [
                "triangulate",
                str(corpus_dir),
                "--codings",
                str(codings),
                "--code",
                "x",
                "--code",
                "x",
            ]
        )
        == 2
    )
    assert "codes: repeated theme" in capsys.readouterr().err
