"""Tests of ``psm-qual codings`` on a small corpus folder."""

from __future__ import annotations

import json
import re

import pytest

from psm_qual.cli import main
from psm_qual.coding import code_segment
from psm_qual.corpus import load_corpus
from psm_qual.io.codings import write_codings

SOURCE = """---
id: W-PSM1
informant: PSM1
group: PSM
technique: interview
language: id
---
Peneliti: Bagaimana Ibu tahu ada warga yang butuh bantuan?
PSM1: Biasanya dari laporan Pak RT.
PSM1: Kalau mendesak saya langsung datang ke rumahnya, tapi tidak ada dana transport.
"""

CODEBOOK = """id: tiny
title: {id: Kecil, en: Tiny}
version: 0.1.0
codes:
  - id: initiator
    label: {id: Inisiator, en: Initiator}
  - id: assessment
    label: {id: Penilaian, en: Assessment}
    codable: false
    children:
      - id: gap
        label: {id: Kesenjangan, en: Gap}
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    (root / "w-psm1.txt").write_text(SOURCE, encoding="utf-8")
    (root / "tiny.yaml").write_text(CODEBOOK, encoding="utf-8")
    corpus = load_corpus(root, progress=False)
    codings = None
    for segment_id in corpus.coded_segments["segment_id"]:
        codings = code_segment(codings, segment_id, "initiator", coder="A", corpus=corpus)
    last = corpus.coded_segments["segment_id"].iloc[-1]
    codings = code_segment(codings, last, "assessment/gap", coder="B", corpus=corpus)
    write_codings(codings, root / "codings.csv")
    return root, len(corpus.coded_segments), len(codings)


def test_codings_json_summary(folder, capsys):
    root, segments, rows = folder
    status = main(
        [
            "codings",
            str(root),
            str(root / "codings.csv"),
            "--json",
            "--codebook",
            str(root / "tiny.yaml"),
        ]
    )
    assert status == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["rows"] == rows
    assert summary["coders"] == ["A", "B"]
    assert summary["segments_per_coder"] == {"A": segments, "B": 1}
    assert {(r["code"], r["coder"]) for r in summary["per_code"]} == {
        ("initiator", "A"),
        ("assessment/gap", "B"),
    }


def test_codings_text_summary(folder, capsys):
    root, segments, rows = folder
    assert main(["codings", str(root), str(root / "codings.csv")]) == 0
    out = capsys.readouterr().out
    assert f"{rows} rows, 2 coders, 2 codes" in out
    assert f"coder A: {segments} segments coded" in out


@pytest.mark.parametrize(
    ("line", "extra", "message"),
    [
        ("W-PSM1,0,5000,initiator,A,,\n", [], r"bad\.csv:3: end: span ends at 5000"),
        (
            "W-PSM1,0,5,assessment,A,,\n",
            ["--codebook"],
            r"bad\.csv:3: code: code 'assessment' is not codable",
        ),
    ],
)
def test_codings_errors_are_one_line_with_file_and_line(folder, capsys, line, extra, message):
    root, _, _ = folder
    bad = root / "bad.csv"
    bad.write_text(
        "source_id,start,end,code,coder,memo,created_at\nW-PSM1,0,5,initiator,A,,\n" + line,
        encoding="utf-8",
    )
    if extra:
        extra = [extra[0], str(root / "tiny.yaml")]
    assert main(["codings", str(root), str(bad), *extra]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert re.search(message, err)


def test_codings_missing_file(folder, capsys):
    root, _, _ = folder
    assert main(["codings", str(root), str(root / "nope.csv")]) == 2
    assert "nope.csv" in capsys.readouterr().err
