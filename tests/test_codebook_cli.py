"""Tests of ``psm-qual codebook FILE [--json]``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from psm_qual.cli import main
from psm_qual.datasets import codebook_path

DATA = Path(__file__).parent / "data" / "codebooks"


def test_text_summary(capsys):
    assert main(["codebook", str(codebook_path())]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("psm-roles 1.1.1")
    assert "29 codes (27 codable)" in out and "languages: id, en" in out
    assert "  dynamizer: 4 sub-codes" in out
    assert "  barrier (category): 6 sub-codes" in out


def test_json_summary(capsys):
    assert main(["codebook", str(DATA / "valid_nested.yaml"), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["id"], summary["version"], summary["n_codes"]) == ("mini", "0.1.0", 5)
    assert summary["languages"] == ["id", "en"]
    assert summary["top_level"] == [
        {"id": "care", "label": "Care", "codable": True, "n_children": 1, "n_descendants": 2},
        {
            "id": "paperwork",
            "label": "Paperwork",
            "codable": False,
            "n_children": 1,
            "n_descendants": 1,
        },
    ]


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("bad_unknown_parent.yaml", "bad_unknown_parent.yaml:6: "),
        ("bad_duplicate_id.yaml", "bad_duplicate_id.yaml:8: "),
        ("bad_yaml_syntax.yaml", "bad_yaml_syntax.yaml:6: invalid YAML"),
        ("bad_missing_version.yaml", "bad_missing_version.yaml:1: "),
        ("does_not_exist.yaml", "does_not_exist.yaml: No such file"),
    ],
)
@pytest.mark.parametrize("as_json", [False, True])
def test_bad_file_is_one_line_and_exit_2(capsys, name, where, as_json):
    argv = ["codebook", str(DATA / name)] + (["--json"] if as_json else [])
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("psm-qual: error: ") and where in lines[0]
