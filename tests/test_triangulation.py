"""Triangulation matrices, Sugiyono labels, completeness, invariants and a generic codebook."""

from __future__ import annotations

from itertools import combinations

import pandas as pd
import pytest

from psm_qual.codebook.model import Code, Codebook
from psm_qual.errors import TriangulationError
from psm_qual.triangulation import (
    UNASSIGNED,
    completeness,
    mixed_methods_matrix,
    resolve_themes,
    source_matrix,
    stance,
    sugiyono_label,
    sugiyono_labels,
    technique_matrix,
    triangulate,
)
from psm_qual.triangulation.columns import MATRIX_COLUMNS
from psm_qual.triangulation.demo import build_corpus, toy_study
from tests.test_triangulation_cases import group_rows, two_groups

HIGH = {"total": 2, "coded": 2}
NONE = {"total": 2, "coded": 0}


@pytest.mark.parametrize(
    ("p", "g", "dominance", "expected"),
    [
        (0, 0, 2 / 3, "none"),
        (1, 0, 2 / 3, "performed"),
        (2, 1, 2 / 3, "performed"),
        (3, 2, 2 / 3, "mixed"),
        (1, 2, 2 / 3, "gap"),
        (1, 1, 2 / 3, "mixed"),
        (3, 2, 0.6, "performed"),
        (2, 1, 0.9, "mixed"),
    ],
)
def test_stance_rule(p, g, dominance, expected):
    assert stance(p, g, dominance=dominance) == expected


def test_source_matrix_cells():
    codings, corpus = toy_study()
    m = source_matrix(codings, corpus).set_index(["theme", "dataset"])
    assert list(source_matrix(codings, corpus).columns) == list(MATRIX_COLUMNS)
    cell = m.loc[("health", "tenant")]
    assert (cell["segments"], cell["informants"], cell["informants_total"], cell["sources"]) == (
        2,
        2,
        2,
        2,
    )
    assert (cell["performed"], cell["gap"], cell["stance"]) == (0, 2, "gap")
    assert cell["subcodes"] == ("health/access",)
    assert cell["examples"] == ("I-T1:3", "I-T2:2")
    assert cell["share"] == 1.0
    silent = m.loc[("housing", "warden")]  # silence still has its row
    assert (silent["segments"], silent["stance"], silent["subcodes"], silent["examples"]) == (
        0,
        "none",
        (),
        (),
    )
    assert silent["units_total"] == 1


def test_examples_are_capped_deterministic_and_stance_first():
    rows = group_rows("A", total=4, coded=4, stance="gap")
    rows[0] = (*rows[0][:6], ("t/x", "assessment/performed"))  # the first segment disagrees
    corpus, codings = build_corpus(rows)
    cell = source_matrix(codings, corpus, codes=["t"], k=2).iloc[0]
    assert cell["stance"] == "gap"
    assert cell["examples"] == ("A-1:1", "A-2:1")
    shuffled = codings.sample(frac=1, random_state=3)
    assert source_matrix(shuffled, corpus, codes=["t"], k=2).iloc[0]["examples"] == cell["examples"]
    assert source_matrix(codings, corpus, codes=["t"], k=0).iloc[0]["examples"] == ()


def test_technique_and_mixed_methods_matrices():
    codings, corpus = toy_study()
    t = technique_matrix(codings, corpus)
    assert t["dataset"].unique().tolist() == ["interview", "observation"]
    assert set(t["by"]) == {"technique"}
    mm = mixed_methods_matrix(codings, corpus)
    assert mm["dataset"].unique().tolist() == [
        "T1 × interview",
        "T2 × interview",
        "X1 × observation",
    ]
    assert mm.loc[mm["dataset"] == "X1 × observation", ["informant", "technique"]].values.tolist()[
        0
    ] == ["X1", "observation"]


def _coded_segments_per_theme(codings, corpus, theme):
    """Independent count: segments whose span equals a coding span under ``theme``."""
    seg = corpus.coded_segments
    spans = {
        (r.source_id, r.start, r.end)
        for r in codings.itertuples()
        if r.code == theme or r.code.startswith(theme + "/")
    }
    return sum((s.source_id, s.start, s.end) in spans for s in seg.itertuples())


def _mixed_study():
    rows = (
        group_rows("A", total=3, coded=2, stance="gap", sub="x")
        + group_rows("B", total=2, coded=2, stance="performed", sub="y", technique="observation")
        + group_rows(
            "C", total=2, coded=1, stance="mixed", sub="", theme="u", technique="documentation"
        )
    )
    return build_corpus(rows)


@pytest.mark.parametrize("by", ["group", "informant", "technique", "mixed"])
@pytest.mark.parametrize("study", ["toy", "mixed"])
def test_matrix_totals_equal_coded_segments_per_theme(by, study):
    if study == "toy":
        codings, corpus = toy_study()
    else:
        corpus, codings = _mixed_study()
    if by == "mixed":
        m = mixed_methods_matrix(codings, corpus)
    elif by == "technique":
        m = technique_matrix(codings, corpus)
    else:
        m = source_matrix(codings, corpus, by=by)
    for theme, cells in m.groupby("theme"):
        assert cells["segments"].sum() == _coded_segments_per_theme(codings, corpus, theme) > 0
        assert (cells["performed"] <= cells["segments"]).all()
        assert (cells["units"] <= cells["units_total"]).all()


def test_interviewer_turns_and_other_coders():
    codings, corpus = toy_study()
    q = corpus.segments.iloc[0]  # the interviewer's question
    extra = pd.DataFrame(
        [
            {
                "source_id": q.source_id,
                "start": q.start,
                "end": q.end,
                "code": "housing",
                "coder": "demo",
                "memo": "",
                "created_at": "",
            },
            {
                "source_id": "O-X1",
                "start": 0,
                "end": 5,
                "code": "housing",
                "coder": "other",
                "memo": "",
                "created_at": "",
            },
        ]
    )
    both = pd.concat([codings, extra], ignore_index=True)
    m = source_matrix(both, corpus, coder="demo").set_index(["theme", "dataset"])
    assert m.loc[("housing", "tenant"), "segments"] == 2  # interviewer turn not counted
    assert m.loc[("housing", "warden"), "segments"] == 0
    m_all = source_matrix(both, corpus).set_index(["theme", "dataset"])
    assert m_all.loc[("housing", "warden"), "segments"] == 1
    with pytest.raises(TriangulationError, match="coder: no codings by coder 'nobody'"):
        source_matrix(both, corpus, coder="nobody")


def test_unassigned_data_sets():
    rows = group_rows("A", total=1, coded=1) + [
        (
            "DOC",
            "",
            "",
            "documentation",
            "",
            "A circular from the office.",
            ("t/x", "assessment/gap"),
        )
    ]
    corpus, codings = build_corpus(rows)
    m = source_matrix(codings, corpus, codes=["t"])
    assert m["dataset"].tolist() == ["A", UNASSIGNED]
    assert m["segments"].tolist() == [1, 1]
    assert m.iloc[1]["informants"] == 0 and m.iloc[1]["units_total"] == 1  # the source is the unit
    dropped = source_matrix(codings, corpus, codes=["t"], unassigned="drop")
    assert dropped["dataset"].tolist() == ["A"]
    with pytest.raises(TriangulationError, match="unassigned: 'keep' is not one of"):
        source_matrix(codings, corpus, unassigned="keep")


# --- Sugiyono ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (HIGH, HIGH, "same"),
        (HIGH, {**HIGH, "stance": "performed"}, "different"),
        (HIGH, {**HIGH, "stance": "mixed"}, "same"),  # mixed corroborates, never contradicts
        (HIGH, NONE, "specific"),
        (NONE, NONE, "absent"),
        (HIGH, {**HIGH, "stance": "none"}, "same"),  # unassessed evidence is neutral
    ],
)
def test_sugiyono_labels_from_a_corpus(a, b, expected):
    codings, corpus = two_groups(a, b)
    result = triangulate(codings, corpus, codes=["t"])
    assert result.labels["label"].tolist() == [expected]


def test_sugiyono_mixed_can_count_as_a_stance_of_its_own():
    codings, corpus = two_groups(HIGH, {**HIGH, "stance": "mixed"})
    result = triangulate(codings, corpus, codes=["t"], mixed="differs")
    assert result.labels["label"].tolist() == ["different"]
    with pytest.raises(TriangulationError, match="mixed"):
        triangulate(codings, corpus, codes=["t"], mixed="sometimes")


def test_sugiyono_never_averages():
    # 3 informants say gap, 1 says performed: the groups are compared, not pooled.
    codings, corpus = two_groups(
        {"total": 3, "coded": 3}, {"total": 1, "coded": 1, "stance": "performed"}
    )
    labels = sugiyono_labels(source_matrix(codings, corpus, codes=["t"]))
    assert labels["label"].tolist() == ["different"]
    assert labels["stances"].tolist() == [("A=gap", "B=performed")]


def test_sugiyono_options():
    assert sugiyono_label(["gap", "none"], unassessed="differs") == "different"
    codings, corpus = two_groups({"total": 2, "coded": 1}, {"total": 2, "coded": 2})
    m = source_matrix(codings, corpus, codes=["t"])
    assert sugiyono_labels(m, min_segments=2)["label"].tolist() == ["specific"]
    with pytest.raises(TriangulationError, match="unassessed: 'maybe' is not one of"):
        sugiyono_label(["gap"], unassessed="maybe")
    with pytest.raises(TriangulationError, match="min_segments: must be >= 1"):
        sugiyono_labels(m, min_segments=0)


# --- completeness --------------------------------------------------------------------------


def test_completeness_unique_and_shared():
    corpus, codings = _mixed_study()
    c = completeness(source_matrix(codings, corpus)).set_index(["theme", "dataset"])
    assert c.loc[("t", "A"), "contribution"] == "shared"
    assert c.loc[("t", "A"), "unique_subcodes"] == ("t/x",)
    assert c.loc[("t", "B"), "unique_subcodes"] == ("t/y",)
    assert c.loc[("t", "C"), "contribution"] == "silent"
    assert not c.loc[("t", "C"), "present"]
    assert c.loc[("u", "C"), "contribution"] == "unique"
    corpus, codings = build_corpus(
        group_rows("A", total=1, coded=1) + group_rows("B", total=1, coded=1)
    )
    c = completeness(source_matrix(codings, corpus))
    assert c["shared_subcodes"].tolist() == [("t/x",), ("t/x",)]
    assert c["unique_subcodes"].tolist() == [(), ()]


# --- generic codebook ----------------------------------------------------------------------


def _generic_study():
    rows = [
        (
            "R1",
            "R1",
            "renters",
            "interview",
            "R1",
            "The landlord fixed the roof.",
            ("housing/repairs", "eval/ok"),
        ),
        (
            "R1",
            "R1",
            "renters",
            "interview",
            "R1",
            "The clinic turned us away.",
            ("health/access", "eval/problem", "cause/money"),
        ),
        (
            "N1",
            "N1",
            "nurses",
            "observation",
            "",
            "Patients wait outside for hours.",
            ("health/access", "eval/problem"),
        ),
        (
            "N1",
            "N1",
            "nurses",
            "observation",
            "",
            "Houses near the clinic are repaired.",
            ("housing", "eval/ok"),
        ),
    ]
    corpus, codings = build_corpus(rows)
    codebook = Codebook(
        id="city",
        title={"en": "City"},
        version="1",
        codes=tuple(
            Code(c)
            for c in (
                "housing",
                "housing/repairs",
                "health",
                "health/access",
                "eval",
                "eval/ok",
                "eval/problem",
                "cause",
                "cause/money",
            )
        ),
    )
    return codings, corpus, codebook


def test_generic_codebook_with_its_own_assessment_codes():
    codings, corpus, codebook = _generic_study()
    result = triangulate(
        codings,
        corpus,
        codebook=codebook,
        performed="eval/ok",
        gap="eval/problem",
        exclude=("cause",),
    )
    assert result.themes == ("housing", "health")  # codebook order
    assert result.datasets == ("nurses", "renters")
    assert dict(zip(result.labels["theme"], result.labels["label"], strict=True)) == {
        "housing": "same",
        "health": "same",
    }
    m = result.matrix.set_index(["theme", "dataset"])
    assert m.loc[("health", "nurses"), "stance"] == "gap"
    assert m.loc[("housing", "renters"), "stance"] == "performed"
    # with the default (PSM) ids nothing is assessed and the barrier-like code is a theme
    default = triangulate(codings, corpus)
    assert set(default.matrix["stance"]) == {"none"}
    assert default.themes == ("cause", "eval", "health", "housing")


def test_themes_default_and_sub_code_themes():
    codings, corpus, codebook = _generic_study()
    assert resolve_themes(codings["code"], codebook=codebook, exclude=("eval", "cause")) == (
        "housing",
        "health",
    )
    m = source_matrix(codings, corpus, codes=["health/access"], gap="eval/problem")
    assert m["segments"].tolist() == [1, 1]
    assert m["subcodes"].tolist() == [(), ()]  # a sub-code theme counts itself
    with pytest.raises(TriangulationError, match=r"codes: \['food'\] not in codebook 'city'"):
        source_matrix(codings, corpus, codes=["food"], codebook=codebook)
    with pytest.raises(TriangulationError, match="codes: repeated theme"):
        source_matrix(codings, corpus, codes=["health", "health"])
    with pytest.raises(TriangulationError, match="codes: no theme given"):
        source_matrix(codings, corpus, codes=[])


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda c, k: source_matrix(c, k, by="technique"), "by"),
        (lambda c, k: triangulate(c, k, by="sex"), "by"),
        (lambda c, k: source_matrix(c, k, dominance=0.5), "dominance"),
    ],
)
def test_bad_options_name_the_argument(call, field):
    codings, corpus = toy_study()
    with pytest.raises(TriangulationError, match=f"^{field}: "):
        call(codings, corpus)


def test_pairs_in_matrix_order():
    corpus, codings = _mixed_study()
    result = triangulate(codings, corpus, by="technique")
    pairs = list(zip(result.convergence["a"], result.convergence["b"], strict=True))
    expected = list(combinations(result.datasets, 2))
    assert pairs == expected * len(result.themes)
    assert result.datasets == ("interview", "observation", "documentation")
