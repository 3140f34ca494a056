"""The Pasteur replication end to end: published results rebuilt from data/pasteur.

These are the only tests (besides data/pasteur/paper.yaml, the replication table's "paper"
column) that name the study's expected answers.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from psm_qual.cli import main
from psm_qual.codebook import load_codebook
from psm_qual.corpus import load_corpus
from psm_qual.datasets import codebook_path, codings_path, pasteur_path
from psm_qual.errors import PsmQualError
from psm_qual.findings import role_assessment
from psm_qual.io.codings import read_codings
from psm_qual.needs import problem_analysis
from psm_qual.replication import replicate

PAPER_RATINGS = {
    "initiator": "good",
    "motivator": "fair",
    "dynamizer": "not_performed",
    "administrator": "partial",
}
PAPER_PROBLEMS = {
    "gap:dynamizer",
    "gap:administrator/recording+reporting",
    "gap:administrator/meetings+organisation",
    "barrier:funding",
}


@pytest.fixture(scope="module")
def study():
    return (
        load_corpus(pasteur_path()),
        load_codebook(codebook_path()),
        read_codings(codings_path("consensus")),
    )


@pytest.fixture(scope="module")
def replicated(tmp_path_factory):
    out = tmp_path_factory.mktemp("replication") / "pasteur"
    result = replicate(out, n_boot=200)
    return out, result


def test_role_ratings_match_the_paper(study):
    corpus, codebook, consensus = study
    table = role_assessment(consensus, corpus, codebook=codebook)
    assert dict(zip(table["role"], table["rating"], strict=True)) == PAPER_RATINGS
    # every role's evidence comes from more than one informant group
    assert all(len(groups) >= 2 for groups in table["groups"])


def test_problems_match_the_paper(study):
    corpus, codebook, consensus = study
    problems = problem_analysis(consensus, corpus, codebook=codebook)
    assert {p.id for p in problems} == PAPER_PROBLEMS


def test_perturbing_the_dynamizer_evidence_changes_rating_and_problems(study):
    corpus, codebook, consensus = study
    dyn = consensus[consensus["code"].str.startswith("dynamizer")][["source_id", "start", "end"]]
    spans = set(map(tuple, dyn.to_numpy()))
    is_dyn_gap = consensus.apply(
        lambda r: r["code"] == "assessment/gap" and (r["source_id"], r["start"], r["end"]) in spans, axis=1
    )
    flipped = consensus.copy()
    flipped.loc[is_dyn_gap, "code"] = "assessment/performed"
    table = role_assessment(flipped, corpus, codebook=codebook).set_index("role")
    assert table.loc["dynamizer", "rating"] == "good"
    assert table.loc["initiator", "rating"] == "good"
    ids = {p.id for p in problem_analysis(flipped, corpus, codebook=codebook)}
    assert "gap:dynamizer" not in ids


def test_replication_writes_report_and_all_items_match(replicated):
    out, result = replicated
    table = pd.read_csv(out / "replication.csv")
    assert result["items"] == len(table) > 10
    assert table["match"].all(), table[~table["match"]].to_string()
    for name in ("report.html", "findings.csv", "problems.csv", "agreement_by_dimension.csv",
                 "triangulation_source.json", "triangulation_technique.json", "logic_model.csv"):
        assert (out / name).stat().st_size > 0, name
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "reconstructed" in html and "data:image/png;base64," in html


def test_failed_replication_writes_nothing(tmp_path):
    study_dir = tmp_path / "study"
    shutil.copytree(pasteur_path(), study_dir)
    (study_dir / "programme.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(PsmQualError, match=r"programme.yaml:\d+: invalid YAML"):
        replicate(out, root=study_dir, n_boot=10)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [study_dir]


def test_cli_replicate_reports_bad_study_in_one_line(tmp_path, capsys):
    status = main(["replicate", "--study", str(tmp_path / "missing"), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(err) == 1 and "missing: not a study folder" in err[0]
    assert not (tmp_path / "o").exists()


def test_cli_findings_json(capsys):
    status = main(["findings", str(pasteur_path()), "--codings", str(codings_path("consensus")),
                   "--codebook", str(codebook_path()), "--json"])
    assert status == 0
    import json

    roles = json.loads(capsys.readouterr().out)["roles"]
    assert {r["role"]: r["rating"] for r in roles} == PAPER_RATINGS
    assert set(roles[0]) == {"role", "rating", "score", "performed", "gap", "groups", "techniques"}


def test_failure_half_way_leaves_no_partial_output(tmp_path, monkeypatch):
    import psm_qual.findings

    def broken(*args, **kwargs):
        raise psm_qual.findings.FindingsError("simulated failure", field="codings")

    out = tmp_path / "out"
    out.mkdir()
    (out / "report.html").write_text("earlier report", encoding="utf-8")
    monkeypatch.setattr(psm_qual.findings, "role_assessment", broken)
    with pytest.raises(PsmQualError, match="simulated failure"):
        replicate(out, n_boot=10)
    assert (out / "report.html").read_text(encoding="utf-8") == "earlier report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary folder left


def _chromium() -> str | None:
    import os

    path = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    if path is None and os.environ.get("PSM_QUAL_REQUIRE_BROWSER"):
        pytest.fail("PSM_QUAL_REQUIRE_BROWSER is set but chromium is not installed")
    return path


def test_report_opens_in_a_real_browser_with_its_figures(replicated, tmp_path):
    chromium = _chromium()
    if chromium is None:
        pytest.skip("chromium not installed (make test installs it on Debian)")
    sync_api = pytest.importorskip("playwright.sync_api")
    out, _ = replicated
    blocked: list[str] = []
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=chromium, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--disable-dev-shm-usage"],
        )
        try:
            page = context.new_page()

            def route(r):
                if r.request.url.startswith(("file:", "data:")):
                    return r.continue_()
                blocked.append(r.request.url)
                return r.abort()

            page.route("**/*", route)
            page.goto((out / "report.html").resolve().as_uri())
            images = page.eval_on_selector_all("img", "els => els.map(e => e.complete && e.naturalWidth)")
            headings = page.eval_on_selector_all("h2", "els => els.map(e => e.textContent)")
            rows = page.eval_on_selector_all(
                "table tr", "els => els.map(e => e.textContent)")
        finally:
            context.close()
    assert images and all(width and width > 100 for width in images), images
    assert "Replication table" in headings and "Findings: role assessment" in headings
    assert any("initiator" in row and "good" in row for row in rows)
    assert not blocked  # the report is self-contained


def test_replicate_never_replaces_a_folder_that_is_not_a_report(tmp_path):
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.docx").write_bytes(b"precious")
    with pytest.raises(PsmQualError, match="thesis: exists and is not an earlier replication report"):
        replicate(out, n_boot=10)
    assert (out / "chapter1.docx").read_bytes() == b"precious"
