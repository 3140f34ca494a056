"""Small hand-built corpora shared by the triangulation tests (and a check of the builder)."""

from __future__ import annotations

from psm_qual.triangulation.demo import build_corpus

ASSESS = {
    "performed": ("assessment/performed",),
    "gap": ("assessment/gap",),
    "mixed": ("assessment/performed", "assessment/gap"),
    "none": (),
}


def group_rows(group, *, total, coded=0, stance="gap", sub="x", technique="interview", theme="t"):
    """``total`` informants of ``group``, one segment each; the first ``coded`` are coded
    ``theme/sub`` (or ``theme`` when ``sub`` is empty) with ``stance``."""
    rows = []
    for i in range(total):
        codes = ()
        if i < coded:
            codes = (f"{theme}/{sub}" if sub else theme, *ASSESS[stance])
        rows.append(
            (
                f"{group}-{i}",
                f"{group}{i}",
                group,
                technique,
                f"{group}{i}",
                f"Sentence {i} from group {group}.",
                codes,
            )
        )
    return rows


def two_groups(a: dict, b: dict):
    """Codings and corpus with groups A and B built by :func:`group_rows`."""
    corpus, codings = build_corpus(group_rows("A", **a) + group_rows("B", **b))
    return codings, corpus


def test_group_rows_builds_what_the_cases_rely_on():
    codings, corpus = two_groups({"total": 3, "coded": 2, "stance": "mixed"}, {"total": 1})
    assert corpus.coded_segments["group"].tolist() == ["A", "A", "A", "B"]
    assert codings["code"].tolist() == ["t/x", "assessment/performed", "assessment/gap"] * 2
