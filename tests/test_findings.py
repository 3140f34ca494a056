"""Role assessment: rubric cases, a generic study, errors, and the Pasteur replication."""

from __future__ import annotations

import pandas as pd
import pytest

from psm_qual.errors import FindingsError
from psm_qual.findings import DEFAULT_RUBRIC, Rubric, role_assessment, subcode_assessment
from psm_qual.triangulation.demo import build_corpus

RUBRIC_CASES = [
    # score, groups, rating
    (1.0, 2, "good"),
    (0.75, 2, "good"),
    (0.75, 1, "fair"),
    (0.749, 3, "fair"),
    (0.5, 1, "fair"),
    (0.49, 4, "partial"),
    (0.25, 1, "partial"),
    (0.24, 2, "not_performed"),
    (0.0, 3, "not_performed"),
    (None, 0, "no_evidence"),
]


@pytest.mark.parametrize(("score", "groups", "rating"), RUBRIC_CASES)
def test_default_rubric(score, groups, rating):
    assert DEFAULT_RUBRIC.rate(score, groups=groups) == rating


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"good": 0.4, "fair": 0.5}, "cut-points"), ({"partial": -0.1}, "cut-points"),
     ({"labels": {"good": ("a", "b")}}, "labels")],
)
def test_rubric_rejects_bad_cut_points(kwargs, match):
    with pytest.raises(FindingsError, match=match):
        Rubric(**kwargs)


T = ("I-T1", "T1", "tenant", "interview", "T1")
U = ("I-U1", "U1", "owner", "interview", "U1")
W = ("O-W1", "W1", "warden", "observation", "")
ROWS = [
    (*T, "Rent paid.", ("housing/rent", "assessment/performed")),
    (*T, "Roof fixed.", ("housing/repair", "assessment/performed")),
    (*U, "Rent collected on time.", ("housing/rent", "assessment/performed")),
    (*U, "Repairs are slow.", ("housing/repair", "assessment/gap")),
    (*T, "No doctor came.", ("health/access", "assessment/gap", "barrier/funding")),
    (*W, "Clinic closed all week.", ("health/access", "assessment/gap", "barrier/funding")),
    (*U, "Nurse visited once.", ("health/visits", "assessment/performed")),
    (*U, "We never see the doctor.", ("health/visits", "assessment/gap")),
    (*T, "Nobody checks on us.", ("health", "assessment/gap")),
    (*T, "Schools are nearby.", ("education",)),  # coded, never assessed
]


@pytest.fixture
def toy():
    corpus, codings = build_corpus(ROWS)
    return corpus, codings


def test_generic_study_is_rated_from_its_own_codes(toy):
    corpus, codings = toy
    table = role_assessment(codings, corpus).set_index("role")
    assert list(table.index) == ["housing", "health", "education"]
    housing = table.loc["housing"]
    assert (housing["performed"], housing["gap"], housing["rating"]) == (3, 1, "good")
    assert housing["groups"] == ("owner", "tenant")
    health = table.loc["health"]
    assert (health["performed"], health["gap"]) == (1, 4)
    assert health["rating"] == "not_performed" and health["score"] == pytest.approx(0.2)
    assert health["techniques"] == ("interview", "observation")
    assert health["gap_subcodes"] == ("health/access", "health/visits")
    assert table.loc["education", "rating"] == "no_evidence"
    assert table.loc["health", "label_id"] == "belum dilaksanakan"


def test_one_group_cannot_make_a_role_good(toy):
    corpus, codings = toy
    only_tenants = codings[codings["source_id"] == "I-T1"]
    table = role_assessment(only_tenants, corpus, roles=["housing"])
    assert table.loc[0, "score"] == 1.0 and table.loc[0, "rating"] == "fair"


def test_changing_the_codings_changes_the_rating(toy):
    corpus, codings = toy
    before = role_assessment(codings, corpus, roles=["health"]).loc[0, "rating"]
    flipped = codings.assign(code=codings["code"].replace({"assessment/gap": "assessment/performed"}))
    after = role_assessment(flipped, corpus, roles=["health"]).loc[0, "rating"]
    assert (before, after) == ("not_performed", "good")


def test_custom_rubric_and_assessment_codes(toy):
    corpus, codings = toy
    renamed = codings.assign(code=codings["code"].replace(
        {"assessment/performed": "stance/yes", "assessment/gap": "stance/no"}))
    strict = Rubric(good=0.9, fair=0.8, partial=0.7)
    table = role_assessment(renamed, corpus, roles=["housing"], rubric=strict,
                            performed="stance/yes", gap="stance/no")
    assert table.loc[0, "rating"] == "partial"  # 0.75


def test_subcode_assessment(toy):
    corpus, codings = toy
    table = subcode_assessment(codings, corpus, role="health").set_index("code")
    assert table.loc["health/access", "rating"] == "not_performed"
    assert table.loc["health/visits", "rating"] == "fair"


def test_several_coders_need_a_choice(toy):
    corpus, codings = toy
    both = pd.concat([codings, codings.assign(coder="other")])
    with pytest.raises(FindingsError, match="several coders"):
        role_assessment(both, corpus)
    assert len(role_assessment(both, corpus, coder="other")) == 3
    with pytest.raises(FindingsError, match="no codings by coder 'nobody'"):
        role_assessment(both, corpus, coder="nobody")


def test_codes_on_interviewer_turns_are_not_evidence():
    rows = [
        ("I-T1", "T1", "tenant", "interview", "Q", "Do you pay rent?", ("housing/rent", "assessment/gap")),
        (*T, "Rent paid.", ("housing/rent", "assessment/performed")),
    ]
    corpus, codings = build_corpus(rows)
    table = role_assessment(codings, corpus)
    assert (table.loc[0, "performed"], table.loc[0, "gap"]) == (1, 0)
