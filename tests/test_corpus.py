"""Tests for psm_qual.corpus: load_corpus (contracts 1 and 2) and the summary."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from psm_qual.columns import SEGMENT_COLUMNS, SEGMENT_EXTRA_COLUMNS, SOURCE_COLUMNS
from psm_qual.corpus import Corpus, corpus_summary, format_summary, load_corpus

FRONT = "---\nid: {id}\ninformant: {informant}\ngroup: {group}\ntechnique: {technique}\n---\n"


def _interview(sid: str = "W1", informant: str = "PSM1", body: str = "PSM1: Ya.\n") -> str:
    return FRONT.format(id=sid, informant=informant, group="PSM", technique="interview") + body


def test_small_corpus_sources(corpus_small: Corpus) -> None:
    sources = corpus_small.sources
    assert list(sources.columns) == list(SOURCE_COLUMNS)
    assert sources["source_id"].tolist() == ["D-NOTULEN", "O-RAPAT", "W-PPKS1", "W-PSM1"]
    ppks = sources.set_index("source_id").loc["W-PPKS1"]
    # metadata from sources.csv, group from informants.csv
    assert (ppks["informant"], ppks["group"], ppks["date"], ppks["format"]) == (
        "PPKS1",
        "PPKS",
        "2023-05-14",
        "md",
    )
    assert ppks["path"] == "wawancara_ppks1.md"


def test_small_corpus_segments_contract(corpus_small: Corpus) -> None:
    segments = corpus_small.segments
    assert list(segments.columns)[:12] == list(SEGMENT_COLUMNS + SEGMENT_EXTRA_COLUMNS)
    for row in segments.itertuples():
        assert corpus_small.bodies[row.source_id][row.start : row.end] == row.text
        assert row.text == row.text.strip() and row.text
    # ids count from 1 in body order within each source
    for sid, group in segments.groupby("source_id", sort=False):
        assert group["segment_id"].tolist() == [f"{sid}:{n}" for n in range(1, len(group) + 1)]
        assert group["start"].is_monotonic_increasing


@pytest.mark.parametrize(
    ("segment_id", "speaker", "role", "text"),
    [
        (
            "W-PSM1:1",
            "Peneliti",
            "interviewer",
            "Bagaimana Ibu mengetahui ada warga yang membutuhkan bantuan?",
        ),  # fmt: skip
        ("W-PSM1:2", "PSM1", "informant", "Biasanya dari laporan keluarga atau dari Pak RT."),
        ("W-PSM1:3", "PSM1", "informant", "Kalau mendesak saya langsung datang ke rumahnya."),
        ("W-PSM1:5", "PSM1", "informant", "Belum rutin, Pak."),
        ("W-PPKS1:1", "Pewawancara", "interviewer", "Apa bantuan yang Bapak terima?"),
        ("W-PPKS1:3", "PPKS1", "informant", "Kadang-kadang ibu PSM datang menengok."),
        ("O-RAPAT:1", "", "informant", "Pukul 09.00: rapat dimulai di aula kelurahan."),
        ("D-NOTULEN:2", "", "informant", "Hadir 5 orang PSM."),
    ],
)
def test_small_corpus_segment_values(
    corpus_small: Corpus, segment_id: str, speaker: str, role: str, text: str
) -> None:
    row = corpus_small.segments.set_index("segment_id").loc[segment_id]
    assert (row["speaker"], row["role"], row["text"]) == (speaker, role, text)


def test_coded_segments_drop_interviewer(corpus_small: Corpus) -> None:
    coded = corpus_small.coded_segments
    assert "interviewer" not in set(coded["role"])
    assert len(coded) == len(corpus_small.segments) - 3


def test_same_input_same_ids(corpus_small_dir: Path, corpus_small: Corpus) -> None:
    again = load_corpus(corpus_small_dir)
    pd.testing.assert_frame_equal(again.segments, corpus_small.segments)


def test_sources_subfolder(tmp_path: Path, corpus_small_dir: Path) -> None:
    shutil.copytree(corpus_small_dir, tmp_path / "sources")
    (tmp_path / "notes.txt").write_text("not a source: outside sources/\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert len(corpus.sources) == 4
    assert corpus.sources["path"].str.startswith("sources/").all()
    assert corpus.root == str(tmp_path)


def test_front_matter_wins_over_manifest(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(_interview("FM", body="PSM1: Ya.\n"), encoding="utf-8")
    (tmp_path / "sources.csv").write_text(
        "file,id,informant,group,technique,language\na.txt,MAN,PSM9,TKSK,observation,en\n",
        encoding="utf-8",
    )
    row = load_corpus(tmp_path).sources.iloc[0]
    assert (row["source_id"], row["informant"], row["group"], row["technique"]) == (
        "FM",
        "PSM1",
        "PSM",
        "interview",
    )
    assert row["language"] == "en"  # not in the front matter: from the manifest


def test_default_id_is_stem_and_language_id(tmp_path: Path) -> None:
    (tmp_path / "catatan-lapangan.txt").write_text(
        "---\ntechnique: observation\n---\nSatu. Dua.\n", encoding="utf-8"
    )
    corpus = load_corpus(tmp_path)
    assert corpus.sources["source_id"].tolist() == ["catatan-lapangan"]
    assert corpus.sources["language"].tolist() == ["id"]
    assert corpus.segments["text"].tolist() == ["Satu.", "Dua."]


def test_custom_interviewer_labels(tmp_path: Path) -> None:
    body = "Mahasiswa: Siapa?\nPSM1: Saya.\n"
    (tmp_path / "w.txt").write_text(_interview(body=body), encoding="utf-8")
    default = load_corpus(tmp_path).segments["role"].tolist()
    custom = load_corpus(tmp_path, interviewer_labels=["Mahasiswa"]).segments["role"].tolist()
    assert default == ["informant", "informant"]
    assert custom == ["interviewer", "informant"]


def test_english_source(tmp_path: Path) -> None:
    body = "Interviewer: How do you find out? \nPSM1: Neighbours tell me. Then I visit.\n"
    text = _interview(body=body).replace("---\nid", "---\nlanguage: en\nid")
    (tmp_path / "w.txt").write_text(text, encoding="utf-8")
    segments = load_corpus(tmp_path).segments
    assert segments["text"].tolist() == [
        "How do you find out?",
        "Neighbours tell me.",
        "Then I visit.",
    ]
    assert segments["language"].unique().tolist() == ["en"]


def test_readme_changelog_license_skipped(tmp_path: Path) -> None:
    for name in ("README.md", "CHANGELOG.txt", "LICENSE.txt", "readme.txt"):
        (tmp_path / name).write_text("Not a source.\n", encoding="utf-8")
    (tmp_path / "w.txt").write_text(_interview(), encoding="utf-8")
    assert load_corpus(tmp_path).sources["source_id"].tolist() == ["W1"]


def test_progress_bar_on_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "w.txt").write_text(_interview(), encoding="utf-8")
    load_corpus(tmp_path)
    assert "Loading sources" not in capsys.readouterr().err
    load_corpus(tmp_path, progress=True)
    assert "Loading sources" in capsys.readouterr().err


def test_progress_bar_by_default_for_many_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for n in range(51):
        (tmp_path / f"o{n:02d}.txt").write_text(
            f"---\ntechnique: observation\n---\nCatatan {n}.\n", encoding="utf-8"
        )
    corpus = load_corpus(tmp_path)
    assert len(corpus.sources) == 51
    assert "Loading sources" in capsys.readouterr().err


def test_summary(corpus_small: Corpus) -> None:
    summary = corpus_summary(corpus_small)
    assert summary["sources"] == 4
    assert summary["by_technique"] == {"interview": 2, "observation": 1, "documentation": 1}
    assert summary["by_group"] == {"(none)": 1, "PPKS": 1, "PSM": 2}
    assert summary["interviews_by_group"] == {"PPKS": 1, "PSM": 1}
    assert summary["informants"] == 2 and summary["informant_ids"] == ["PPKS1", "PSM1"]
    assert summary["segments"] == len(corpus_small.segments)
    assert summary["coded_segments"] == summary["segments"] - 3
    # counted by hand: "Notulen rapat PSM." = 3 words, "Hadir 5 orang PSM." = 4 words ...
    notulen = corpus_small.segments[corpus_small.segments["source_id"] == "D-NOTULEN"]
    assert corpus_summary(Corpus(corpus_small.sources.iloc[:1], notulen))["words"] == 7
    text = format_summary(summary)
    assert text.splitlines()[0] == "Sources:      4 (interview 2, observation 1, documentation 1)"
    assert "Informants:   2 (PPKS1, PSM1)" in text
