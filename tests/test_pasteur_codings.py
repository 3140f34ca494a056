"""The study's codings: two independent coders and an adjudicated consensus (issue 3)."""

from __future__ import annotations

import pandas as pd
import pytest

from psm_qual.codebook import load_codebook
from psm_qual.coding import segment_codings, validate_codings
from psm_qual.corpus import load_corpus
from psm_qual.datasets import codebook_path, codings_path, pasteur_path
from psm_qual.io.codings import read_codings
from psm_qual.io.review import read_review

NAMES = ("coder_a", "coder_b", "consensus")


@pytest.fixture(scope="module")
def study():
    corpus = load_corpus(pasteur_path())
    codebook = load_codebook(codebook_path())
    codings = {name: read_codings(codings_path(name)) for name in NAMES}
    return corpus, codebook, codings


def _codes_per_segment(codings: pd.DataFrame, corpus) -> dict[str, frozenset[str]]:
    frame = segment_codings(codings, corpus)
    return {seg: frozenset(g["code"]) for seg, g in frame.groupby("segment_id")}


@pytest.mark.parametrize("name", NAMES)
def test_codings_validate_against_corpus_and_codebook(study, name):
    corpus, codebook, codings = study
    frame = codings[name]
    validate_codings(frame, corpus=corpus, codebook=codebook, path=str(codings_path(name)))
    assert set(frame["coder"]) == {name}
    assert len(frame) > 1000


@pytest.mark.parametrize("name", NAMES)
def test_each_coded_segment_has_one_role_and_one_assessment(study, name):
    corpus, codebook, codings = study
    roles = {c.id for c in codebook.children(None) if c.codable}
    for segment, codes in _codes_per_segment(codings[name], corpus).items():
        role_codes = {c for c in codes if c.split("/")[0] in roles}
        assessments = {c for c in codes if c.startswith("assessment/")}
        if role_codes:  # barrier-only segments (e.g. certification status) carry no role
            assert len(role_codes) == 1 and len(assessments) == 1, (segment, codes)
        else:
            assert not assessments and codes <= {c.id for c in codebook.descendants("barrier")}


def test_the_coders_disagree_and_every_changed_consensus_row_has_a_memo(study):
    corpus, _, codings = study
    a = _codes_per_segment(codings["coder_a"], corpus)
    b = _codes_per_segment(codings["coder_b"], corpus)
    c = _codes_per_segment(codings["consensus"], corpus)
    differ = {s for s in a.keys() | b.keys() if a.get(s, frozenset()) != b.get(s, frozenset())}
    assert 20 < len(differ) < len(a) / 2  # real, but not wholesale, disagreement
    changed = {s for s in c if c[s] != a.get(s, frozenset()) or c[s] != b.get(s, frozenset())}
    assert changed
    review = read_review(pasteur_path() / "codings" / "review.csv")
    reviewed = dict(zip(review["segment_id"], review["memo"], strict=True))
    for segment in changed | (differ - c.keys()):
        assert segment in reviewed and str(reviewed[segment]).strip(), segment
    # consensus rows are whole-segment spans: every row on a changed segment carries a memo
    spans = corpus.segments.set_index(["source_id", "start", "end"])["segment_id"]
    rows = codings["consensus"].join(spans, on=["source_id", "start", "end"])
    assert rows["segment_id"].notna().all()
    on_changed = rows[rows["segment_id"].isin(changed)]
    assert len(on_changed) > 0
    assert (on_changed["memo"].str.strip() != "").all()
