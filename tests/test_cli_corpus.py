"""Tests for ``psm-qual corpus`` and ``psm-qual kwic``: output, JSON, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from psm_qual.cli import main

GOOD = "---\nid: W1\ntechnique: interview\n---\nPSM1: Ya.\n"


def test_corpus_text(corpus_small_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", str(corpus_small_dir)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Sources:      4 (interview 2, observation 1, documentation 1)"


def test_corpus_json(corpus_small_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", str(corpus_small_dir), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert {"sources", "by_technique", "by_group", "informants", "segments", "words"} <= set(
        summary
    )
    assert summary["sources"] == 4 and summary["informants"] == 2


def test_corpus_interviewer_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "w.txt").write_text(GOOD.replace("PSM1:", "Mhs:"), encoding="utf-8")
    assert main(["corpus", str(tmp_path), "--json", "--interviewer", "Mhs"]) == 0
    assert json.loads(capsys.readouterr().out)["coded_segments"] == 0


def test_kwic_text_and_json(corpus_small_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kwic", str(corpus_small_dir), "psm", "--window", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "4 occurrence(s) of 'psm'"
    assert "[PSM]" in lines[0]
    assert main(["kwic", str(corpus_small_dir), "buku catatan", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["segment_id"], r["keyword"]) for r in rows] == [("W-PSM1:6", "Buku catatan")]


BAD = {
    "latin-1": {"w.txt": b"---\ntechnique: interview\n---\nCaf\xe9\n"},
    "no-metadata": {"w.txt": b"PSM1: Ya.\n"},
    "unterminated": {"w.txt": b"---\nid: W1\nPSM1: Ya.\n"},
    "invalid-yaml": {"w.txt": b"---\nid: [W1\n---\nPSM1: Ya.\n"},
    "impossible-date": {"w.txt": GOOD.replace("id: W1", "date: 2023-02-30").encode()},
    "unknown-technique": {"w.txt": GOOD.replace("interview", "survey").encode()},
    "duplicate-id": {"a.txt": GOOD.encode(), "b.txt": GOOD.encode()},
    "informant-missing": {
        "w.txt": GOOD.replace("id: W1", "informant: X").encode(),
        "informants.csv": b"id,group\nY,PSM\n",
    },
    "empty-body": {"w.txt": b"---\ntechnique: interview\n---\n\n"},
    "empty-folder": {},
    "whatsapp-date": {"w.txt": b"---\ntechnique: documentation\n---\n31/02/23 08.15 - A: b\n"},
    "captions": {"c.vtt": b"nonsense", "sources.csv": b"file,technique\nc.vtt,interview\n"},
}


@pytest.mark.parametrize("files", BAD.values(), ids=BAD.keys())
@pytest.mark.parametrize("command", [["corpus"], ["corpus", "--json"], ["kwic", "psm"]])
def test_bad_input_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict, command: list[str]
) -> None:
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    argv = [command[0], str(tmp_path), *command[1:]]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"psm-qual: error: {tmp_path}")
    assert "Traceback" not in captured.err


def test_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().err.strip().endswith("nope: not a folder")
