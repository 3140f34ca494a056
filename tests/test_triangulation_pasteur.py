"""Triangulation acceptance on the bundled Pasteur corpus and its consensus coding (issue 6).

These tests name the expected Pasteur answers on purpose; the library does not.
"""

from __future__ import annotations

import pytest

from psm_qual.codebook import load_codebook
from psm_qual.corpus import load_corpus
from psm_qual.datasets import codebook_path, codings_path, pasteur_path
from psm_qual.io.codings import read_codings
from psm_qual.triangulation import columns as tc
from psm_qual.triangulation import triangulate, triangulate_both

ROLES = ("initiator", "motivator", "dynamizer", "administrator")
GROUPS = {"PSM", "PUSKESOS", "TKSK", "PPKS"}
TECHNIQUES = ("interview", "observation", "documentation")


@pytest.fixture(scope="module")
def pasteur():
    corpus = load_corpus(pasteur_path(), progress=False)
    codebook = load_codebook(codebook_path())
    codings = read_codings(codings_path("consensus"))
    results = triangulate_both(codings, corpus, by="group", codebook=codebook)
    return corpus, codebook, codings, results


def _cells(result, theme):
    matrix = result.matrix
    return matrix[matrix["theme"] == theme].set_index("dataset")


@pytest.mark.parametrize("role", ROLES)
def test_every_role_has_evidence_from_two_informant_groups(pasteur, role):
    cells = _cells(pasteur[3]["source"], role)
    groups = set(cells.index[cells["segments"] > 0]) & GROUPS
    assert len(groups) >= 2, groups


def test_initiator_converges_across_groups_and_techniques(pasteur):
    results = pasteur[3]
    for name, datasets in (("source", GROUPS), ("technique", set(TECHNIQUES))):
        result = results[name]
        label = result.labels.set_index("theme").loc["initiator", "label"]
        assert label == "same", name
        cells = _cells(result, "initiator").loc[sorted(datasets)]
        assert set(cells["stance"]) == {"performed"}, name
        pairs = result.convergence[result.convergence[tc.THEME] == "initiator"]
        pairs = pairs[pairs[tc.A].isin(datasets) & pairs[tc.B].isin(datasets)]
        assert len(pairs) == len(datasets) * (len(datasets) - 1) // 2
        assert set(pairs[tc.FINAL]) <= {"agreement", "partial_agreement"}, name


def test_dynamizer_gap_is_same_across_techniques(pasteur):
    technique = pasteur[3]["technique"]
    assert technique.labels.set_index("theme").loc["dynamizer", "label"] == "same"
    cells = _cells(technique, "dynamizer").loc[list(TECHNIQUES)]
    assert (cells["segments"] > 0).all()
    assert set(cells["stance"]) == {"gap"}


def test_administrator_gaps_are_same_across_techniques(pasteur):
    """Recording and routine meetings: a gap in interviews, observation notes and documents."""
    corpus, codebook, codings, _ = pasteur
    result = triangulate(
        codings, corpus, by="technique", codebook=codebook,
        codes=["administrator/recording", "administrator/meetings"],
    )
    labels = result.labels.set_index("theme")["label"]
    assert labels.to_dict() == {"administrator/recording": "same", "administrator/meetings": "same"}
    for theme in labels.index:
        cells = _cells(result, theme).loc[list(TECHNIQUES)]
        assert (cells["segments"] > 0).all(), theme
        assert set(cells["stance"]) == {"gap"}, theme


def test_administrator_gap_is_corroborated_by_every_technique(pasteur):
    cells = _cells(pasteur[3]["technique"], "administrator").loc[list(TECHNIQUES)]
    assert (cells["gap"] > 0).all()
    assert (cells.loc[["interview", "observation"], "stance"] == "gap").all()


def test_administrator_theme_is_same_across_techniques(pasteur):
    technique = pasteur[3]["technique"]
    assert technique.labels.set_index("theme").loc["administrator", "label"] == "same"


def test_administrator_documents_are_mixed_but_do_not_contradict(pasteur):
    """The WhatsApp export shows minimal reporting (photo posts) beside missing records: a mixed
    cell, which corroborates the gap found by interviews and observation without contradicting it
    (``mixed="compatible"``); counting mixed as a stance of its own makes the theme ``different``."""
    technique = pasteur[3]["technique"]
    matrix = technique.matrix
    cell = matrix[(matrix["theme"] == "administrator") & (matrix["dataset"] == "documentation")]
    assert cell["stance"].item() == "mixed"
    from psm_qual.triangulation import sugiyono_labels

    strict = sugiyono_labels(matrix, mixed="differs").set_index("theme")
    assert strict.loc["administrator", "label"] == "different"
