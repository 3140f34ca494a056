"""Another study's corpus, codebook and codings, in the same formats, with no code change."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from psm_qual.cli import main
from psm_qual.codebook import load_codebook
from psm_qual.coding import code_matches
from psm_qual.corpus import load_corpus
from psm_qual.io.codings import write_codings
from psm_qual.needs import problem_analysis

STUDY = Path(__file__).parent / "data" / "study_other"
RULES = [  # (regex, codes) applied by a "coder" of this study
    (r"door to door|find the sick|came to my house|visits us|visit ten|visited four",
     ["outreach", "assessment/performed"]),
    (r"never write|no register|not keep any notes|no notes", ["records", "assessment/gap"]),
    (r"\bbus\b", ["barrier/transport"]),
]


@pytest.fixture(scope="module")
def codings_file(tmp_path_factory) -> Path:
    corpus = load_corpus(STUDY)
    frames = [code_matches(corpus, pattern, codes, coder="rater", regex=True)
              for pattern, codes in RULES]
    path = tmp_path_factory.mktemp("other") / "codings.csv"
    write_codings(pd.concat(frames, ignore_index=True), path)
    return path


def test_findings_cli_rates_the_other_studys_roles(codings_file, capsys):
    status = main(["findings", str(STUDY), "--codings", str(codings_file),
                   "--codebook", str(STUDY / "codebook.yaml"), "--json"])
    assert status == 0
    roles = {r["role"]: r for r in json.loads(capsys.readouterr().out)["roles"]}
    assert list(roles) == ["outreach", "records"]
    assert roles["outreach"]["rating"] == "good"
    assert roles["outreach"]["groups"] == ["nurse", "patient", "volunteer"]
    assert roles["records"]["rating"] == "not_performed"
    assert roles["records"]["techniques"] == ["interview", "observation"]


def test_triangulate_cli_on_the_other_study(codings_file, capsys):
    status = main(["triangulate", str(STUDY), "--codings", str(codings_file),
                   "--codebook", str(STUDY / "codebook.yaml"), "--json"])
    assert status == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"source", "technique"}
    text = json.dumps(result)
    assert "outreach" in text and "records" in text and "PSM" not in text


def test_problems_of_the_other_study(codings_file):
    from psm_qual.io.codings import read_codings

    problems = problem_analysis(read_codings(codings_file), load_corpus(STUDY),
                                codebook=load_codebook(STUDY / "codebook.yaml"))
    assert [p.id for p in problems] == ["gap:records", "barrier:transport"]
    assert problems[1].groups == ("patient", "volunteer")
