"""Problem analysis, the programme file and the logic-model check."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from psm_qual.errors import FindingsError, ProgrammeError
from psm_qual.io.programme import read_programme
from psm_qual.needs import check_logic_model, logic_model, problem_analysis, problems_frame
from psm_qual.triangulation.demo import build_corpus

T = ("I-T1", "T1", "tenant", "interview", "T1")
U = ("I-U1", "U1", "owner", "interview", "U1")
W = ("O-W1", "W1", "warden", "observation", "")
ROWS = [
    # health is partly performed (3 of 10): access and medicines fail together (informants
    # mention them side by side), visits fail on their own -> two problems
    (*T, "No doctor came.", ("health/access", "assessment/gap", "barrier/funding")),
    (*T, "No medicine either.", ("health/meds", "assessment/gap")),
    (*T, "Rent paid.", ("housing/rent", "assessment/performed")),
    (*T, "The pharmacy was closed.", ("health/meds", "assessment/gap")),
    (*T, "The clinic was far.", ("health/access", "assessment/gap")),
    (*T, "Bus fare is high.", ("housing/rent", "assessment/performed", "barrier/transport")),
    (*T, "Visits are rare.", ("health/visits", "assessment/gap")),
    (*W, "Clinic closed.", ("health/access", "assessment/gap", "barrier/funding")),
    (*U, "Rent collected.", ("housing/rent", "assessment/performed")),
    (*U, "Roof repaired.", ("housing/repair", "assessment/performed")),
    (*U, "Nurse visited once.", ("health/visits", "assessment/performed")),
    (*U, "Visits stopped.", ("health/visits", "assessment/gap")),
    (*U, "Nurse checked my blood.", ("health/visits", "assessment/performed")),
    (*U, "No bus on Sunday.", ("housing/repair", "assessment/performed", "barrier/transport")),
    (*U, "Medicine was delivered.", ("health/meds", "assessment/performed")),
]


@pytest.fixture
def toy():
    return build_corpus(ROWS)


def test_problems_follow_the_rules(toy):
    corpus, codings = toy
    problems = {p.id: p for p in problem_analysis(codings, corpus)}
    assert set(problems) == {"gap:health/access+meds", "gap:health/visits", "barrier:transport"}
    access = problems["gap:health/access+meds"]
    assert access.kind == "role" and access.codes == ("health/access", "health/meds")
    assert access.rating == "partial" and len(access.segments) == 5
    assert access.groups == ("tenant", "warden") and access.techniques == ("interview", "observation")
    # funding: 2 groups, all its segments are gaps of the access problem -> its cause
    assert access.causes == ("barrier/funding",)
    assert problems["gap:health/visits"].causes == ()
    assert problems["barrier:transport"].kind == "barrier"
    frame = problems_frame(list(problems.values()))
    assert list(frame["n_segments"]) == [5, 2, 2]


def test_mentions_far_apart_are_separate_unless_the_window_is_wide(toy):
    corpus, codings = toy
    ids = {p.id for p in problem_analysis(codings, corpus, window=3, min_comentions=1)}
    assert "gap:health" in ids  # one connected group: the whole role
    ids = {p.id for p in problem_analysis(codings, corpus, min_comentions=3)}
    assert {"gap:health/access", "gap:health/meds", "gap:health/visits"} <= ids


def test_a_role_not_performed_at_all_is_one_problem(toy):
    corpus, codings = toy
    health = codings[codings["code"].str.startswith("health/")]
    spans = set(zip(health["source_id"], health["start"], strict=True))
    on_health = [(s, b) in spans for s, b in zip(codings["source_id"], codings["start"], strict=True)]
    flipped = codings.copy()
    flipped.loc[pd.Series(on_health, index=codings.index) & (codings["code"] == "assessment/performed"), "code"] = "assessment/gap"
    problems = problem_analysis(flipped, corpus)
    assert [p.id for p in problems][0] == "gap:health"
    assert problems[0].rating == "not_performed" and len(problems[0].segments) == 10


def test_barrier_needs_enough_groups(toy):
    corpus, codings = toy
    ids = {p.id for p in problem_analysis(codings, corpus, min_groups=3)}
    assert "barrier:transport" not in ids


def test_perturbation_removes_the_problem(toy):
    corpus, codings = toy
    fixed = codings.assign(code=codings["code"].replace({"assessment/gap": "assessment/performed"}))
    assert [p.id for p in problem_analysis(fixed, corpus)] == ["barrier:funding", "barrier:transport"]


def test_bad_options(toy):
    corpus, codings = toy
    with pytest.raises(FindingsError, match="unknown rating"):
        problem_analysis(codings, corpus, below="great")
    with pytest.raises(FindingsError, match="cause_share"):
        problem_analysis(codings, corpus, cause_share=0)


PROGRAMME = """\
id: p
title: {id: Program, en: Programme}
general_objective: {en: Do better}
needs:
  - {id: N1, statement: {en: need one}, problems: [gap:health/access+meds]}
objectives:
  - {id: O1, statement: {en: objective}, needs: [N1]}
indicators:
  - {id: I1, statement: {en: indicator}, objectives: [O1], unit: proportion, baseline: 0.1, target: 0.8}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "programme.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_programme_reads_and_checks(tmp_path, toy):
    programme = read_programme(write(tmp_path, PROGRAMME))
    assert programme.indicator("I1").target == 0.8
    check_logic_model(programme, ["gap:health/access+meds"])
    corpus, codings = toy
    problems = problem_analysis(codings, corpus)
    with pytest.raises(ProgrammeError, match=r"programme.yaml: problem 'gap:health/visits' is addressed by no need"):
        check_logic_model(programme, problems)
    chain = logic_model(programme, problems)
    assert set(chain.loc[chain["need"] == "", "problem"]) == {"gap:health/visits", "barrier:transport"}
    with pytest.raises(ProgrammeError, match="unknown indicator 'I9'"):
        programme.indicator("I9")


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        ("general_objective:", "general_objektive:", r":3: unknown field 'general_objektive'"),
        ("unit: proportion", "unit: percent", r":9: unknown unit 'percent'"),
        ("{id: O1, statement: {en: objective}, needs: [N1]}", "{id: O1, statement: {en: objective}, needs: [N2]}",
         r":7: objective 'O1' names unknown need 'N2'"),
        ("objectives: [O1], unit", "objectives: [O2], unit", r"indicator 'I1' names unknown objective 'O2'"),
        ("objectives:\n  - {id: O1", "objectives:\n  - {id: O1, statement: {en: x}, needs: [N1]}\n  - {id: O1", r":8: duplicate id 'O1' in 'objectives'"),
        ("title: {id: Program, en: Programme}", "title: [1, 2]", r":2: 'title' must be text"),
        ("baseline: 0.1", "baseline: low", r":9: 'baseline' must be a number"),
        ("needs:\n", "needs: {\n", r"invalid YAML"),
        # duplicate keys are refused (strict YAML), at the line of the second one
        ("general_objective: {en: Do better}\n", "general_objective: {en: Do better}\nid: q\n",
         r":4: id: key 'id' appears twice"),
        ("baseline: 0.1, target", "baseline: 0.1, baseline: 0.2, target", r":9: baseline: key 'baseline' appears twice"),
    ],
)
def test_programme_errors_name_file_and_line(tmp_path, old, new, match):
    text = PROGRAMME.replace(old, new)
    assert text != PROGRAMME
    path = write(tmp_path, text)
    with pytest.raises(ProgrammeError, match=match):
        check_logic_model(read_programme(path), ["gap:health/access+meds"])
