"""Problem analysis, the programme file and the logic-model check."""

from __future__ import annotations

from pathlib import Path

import pytest

from psm_qual.errors import FindingsError, ProgrammeError
from psm_qual.io.programme import read_programme
from psm_qual.needs import check_logic_model, logic_model, problem_analysis, problems_frame
from psm_qual.triangulation.demo import build_corpus

T = ("I-T1", "T1", "tenant", "interview", "T1")
U = ("I-U1", "U1", "owner", "interview", "U1")
W = ("O-W1", "W1", "warden", "observation", "")
ROWS = [
    (*T, "Rent paid.", ("housing/rent", "assessment/performed")),
    (*U, "Rent collected.", ("housing/rent", "assessment/performed")),
    (*U, "Roof repaired.", ("housing/repair", "assessment/performed")),
    # health: access never works (not performed), visits are weak (partial)
    (*T, "No doctor came.", ("health/access", "assessment/gap", "barrier/funding")),
    (*W, "Clinic closed.", ("health/access", "assessment/gap", "barrier/funding")),
    (*U, "Nurse visited once.", ("health/visits", "assessment/performed")),
    (*U, "Visits stopped.", ("health/visits", "assessment/gap")),
    (*T, "Visits rare.", ("health/visits", "assessment/gap")),
    # transport barrier: two groups, mostly outside any problem
    (*T, "Bus fare is high.", ("housing/rent", "assessment/performed", "barrier/transport")),
    (*U, "No bus on Sunday.", ("housing/repair", "assessment/performed", "barrier/transport")),
]


@pytest.fixture
def toy():
    return build_corpus(ROWS)


def test_problems_follow_the_rules(toy):
    corpus, codings = toy
    problems = {p.id: p for p in problem_analysis(codings, corpus)}
    # health is below fair; its gap sub-codes sit in two rating bands -> two problems
    assert set(problems) == {"gap:health/access", "gap:health/visits", "barrier:transport"}
    access = problems["gap:health/access"]
    assert access.kind == "role" and access.codes == ("health/access",)
    assert access.groups == ("tenant", "warden") and access.techniques == ("interview", "observation")
    # funding: 2 groups, all its segments are gaps of the access problem -> its cause
    assert access.causes == ("barrier/funding",)
    assert problems["barrier:transport"].kind == "barrier"
    frame = problems_frame(list(problems.values()))
    assert list(frame["n_segments"]) == [2, 2, 2]


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
  - {id: N1, statement: {en: need one}, problems: [gap:health/access]}
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
    check_logic_model(programme, ["gap:health/access"])
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
    ],
)
def test_programme_errors_name_file_and_line(tmp_path, old, new, match):
    text = PROGRAMME.replace(old, new)
    assert text != PROGRAMME
    path = write(tmp_path, text)
    with pytest.raises(ProgrammeError, match=match):
        check_logic_model(read_programme(path), ["gap:health/access"])
