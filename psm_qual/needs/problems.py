"""Problem analysis: the problems that the coded evidence shows.

Two rules, both explicit and parameterised:

1. **Role problems.** Every role rated below ``fair`` is a problem, named by its gap sub-codes.
   A role that is not performed at all is one problem. A role that is partly performed is split
   into the failing functions that informants raise *separately*: two gap sub-codes belong to
   one problem when their gap segments are adjacent (same source, at most ``window`` segments
   apart) at least ``min_comentions`` times — informants talk about them as one issue; each
   connected group of sub-codes is one problem. A minor sub-code (fewer than ``minor_share`` of
   the role's gap segments, or the bare role code) joins the group it is most often mentioned
   with (the largest group on a tie), so a handful of segments never makes a problem of its own.
2. **Barrier problems.** Every barrier code evidenced by at least ``min_groups`` informant groups
   is a problem of its own — unless at least ``cause_share`` of its role-bearing segments are gap
   segments of one role's problems, in which case it is recorded as a *cause* of that role's
   problem that holds most of them (the barrier explains the gap rather than standing beside
   it). Segments coded with a barrier only (no role) count for the groups but cannot make a
   barrier a cause.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from psm_qual.codebook.model import SEPARATOR, Codebook
from psm_qual.columns import CODE, GROUP, SEGMENT_ID, SOURCE_ID, TECHNIQUE, TEXT
from psm_qual.corpus import Corpus
from psm_qual.errors import FindingsError
from psm_qual.findings import (
    DEFAULT_RUBRIC,
    RATINGS,
    Rubric,
    coded_evidence,
    role_assessment,
)

__all__ = ["Problem", "problem_analysis", "problems_frame"]


@dataclass(frozen=True)
class Problem:
    """One problem found in the evidence.

    ``id`` is ``"gap:<role>"`` for a whole role, ``"gap:<role>/<sub>+<sub>"`` for a group of a
    role's sub-codes, or ``"barrier:<name>"``. ``codes`` are the codes it stands on, ``causes``
    the barrier codes attached to it, ``segments`` the evidence segment ids.
    """

    id: str
    kind: str  # "role" or "barrier"
    title_id: str
    title_en: str
    codes: tuple[str, ...]
    rating: str
    segments: tuple[str, ...]
    groups: tuple[str, ...]
    techniques: tuple[str, ...]
    sources: tuple[str, ...]
    quotes: tuple[str, ...]
    causes: tuple[str, ...] = ()


def _label(codebook: Codebook | None, code: str, language: str) -> str:
    if codebook is not None and code in codebook:
        text = codebook[code].text("label", language)
        if text:
            return text
    return code.rpartition(SEPARATOR)[2].replace("-", " ")


def _evidence_fields(rows: pd.DataFrame, n_quotes: int) -> dict:
    rows = rows.drop_duplicates(SEGMENT_ID).sort_values(SEGMENT_ID)
    clean = lambda s: tuple(sorted(v for v in s.dropna().unique() if v != ""))  # noqa: E731
    return {
        "segments": tuple(rows[SEGMENT_ID]),
        "groups": clean(rows[GROUP]),
        "techniques": clean(rows[TECHNIQUE]),
        "sources": clean(rows[SOURCE_ID]),
        "quotes": tuple(f"{r[SEGMENT_ID]}: {r[TEXT]}" for _, r in rows.head(n_quotes).iterrows()),
    }


def _comention_groups(
    role_gaps: pd.DataFrame, role: str, *, window: int, min_comentions: int, minor_share: float
) -> list[tuple[str, ...]]:
    """Group a role's gap codes by how often informants mention them together."""
    position = role_gaps.assign(
        _n=role_gaps[SEGMENT_ID].str.rsplit(":", n=1).str[1].astype(int)
    ).drop_duplicates([SEGMENT_ID, CODE])
    codes = sorted(position[CODE].unique())
    counts = position[CODE].value_counts()
    total = position[SEGMENT_ID].nunique()
    places = {c: list(zip(position.loc[position[CODE] == c, SOURCE_ID],
                          position.loc[position[CODE] == c, "_n"], strict=True)) for c in codes}

    def comentions(a: str, b: str) -> int:
        return sum(
            1 for src, n in places[a]
            if any(src == s2 and 0 < abs(n - n2) <= window for s2, n2 in places[b])
        )

    minor = {c for c in codes if c == role or counts[c] < minor_share * total}
    major = [c for c in codes if c not in minor] or codes
    groups: list[set[str]] = []
    for code in major:  # connected components of the co-mention graph among major codes
        linked = [g for g in groups if any(comentions(code, other) >= min_comentions for other in g)]
        merged = {code}.union(*linked)
        groups = [g for g in groups if g not in linked] + [merged]
    for code in sorted(minor - set(major)):
        best = max(groups, key=lambda g: (sum(comentions(code, o) for o in g), len(g)))
        best.add(code)
    return sorted((tuple(sorted(g)) for g in groups), key=lambda g: g[0])


def problem_analysis(
    codings: pd.DataFrame,
    corpus: Corpus,
    *,
    codebook: Codebook | None = None,
    rubric: Rubric = DEFAULT_RUBRIC,
    below: str = "fair",
    barrier: str = "barrier",
    min_groups: int = 2,
    cause_share: float = 0.5,
    window: int = 1,
    min_comentions: int = 2,
    minor_share: float = 0.1,
    coder: str | None = None,
    performed: str = "assessment/performed",
    gap: str = "assessment/gap",
    n_quotes: int = 3,
) -> tuple[Problem, ...]:
    """The problems the evidence shows (rules in the module docstring).

    Parameters
    ----------
    codings, corpus, codebook, rubric, coder, performed, gap
        As for :func:`psm_qual.findings.role_assessment`.
    below : str
        Roles rated worse than this rating are problems (default ``"fair"``).
    barrier : str
        The parent code of the barrier codes.
    min_groups : int
        Informant groups a barrier needs to be a problem.
    cause_share : float
        Share of a barrier's role-bearing segments that must be gap segments of one role's
        problems for the barrier to be a cause instead of a problem of its own.
    window, min_comentions, minor_share : int, int, float
        How a partly performed role is split into problems (see the module docstring).

    Returns
    -------
    tuple of Problem
        Role problems in role order, then barrier problems in codebook (or code) order.

    Examples
    --------
    >>> from psm_qual.corpus import load_corpus
    >>> from psm_qual.io.codings import read_codings
    >>> from psm_qual.datasets import pasteur_path, codings_path
    >>> problems = problem_analysis(read_codings(codings_path("consensus")), load_corpus(pasteur_path()))
    >>> all(p.kind in ("role", "barrier") for p in problems)
    True
    """
    if below not in RATINGS[:4]:
        raise FindingsError(f"unknown rating {below!r}; choose from {RATINGS[:4]}", field="below")
    if not 0 < cause_share <= 1:
        raise FindingsError(f"cause_share must be in (0, 1], got {cause_share}", field="cause_share")
    options = {"coder": coder, "performed": performed, "gap": gap}
    roles = role_assessment(
        codings, corpus, codebook=codebook, rubric=rubric, n_quotes=0, **options
    )
    evidence = coded_evidence(codings, corpus, **options)
    gaps = evidence[evidence["stance"].isin(["gap", "both"])]
    problems: list[Problem] = []
    for _, role_row in roles.iterrows():
        role = role_row["role"]
        if not rubric.below(role_row["rating"], below):
            continue
        role_gaps = gaps[gaps["root"] == role]
        if role_row["rating"] == "not_performed" or role_gaps[CODE].nunique() <= 1:
            groups = [tuple(sorted(c for c in role_gaps[CODE].unique() if c != role))]
        else:
            groups = _comention_groups(
                role_gaps, role, window=window, min_comentions=min_comentions,
                minor_share=minor_share,
            )
        for codes in groups:
            whole = len(groups) == 1
            pid = f"gap:{role}" if whole else (
                f"gap:{role}/" + "+".join(c.rpartition(SEPARATOR)[2] for c in codes if c != role)
            )
            rows = role_gaps if whole else role_gaps[role_gaps[CODE].isin(codes)]
            named = tuple(c for c in codes if c != role)
            names_id = ", ".join(_label(codebook, c, "id") for c in named)
            names_en = ", ".join(_label(codebook, c, "en") for c in named)
            rating_id, rating_en = rubric.labels[role_row["rating"]]
            problems.append(
                Problem(
                    id=pid,
                    kind="role",
                    title_id=f"Peran {_label(codebook, role, 'id')} {rating_id}"
                    + (f": {names_id}" if names_id else ""),
                    title_en=f"{_label(codebook, role, 'en')} role {rating_en}"
                    + (f": {names_en}" if names_en else ""),
                    codes=named or (role,),
                    rating=role_row["rating"],
                    **_evidence_fields(rows, n_quotes),
                )
            )
    barrier_codes = (
        [c.id for c in codebook.descendants(barrier)]
        if codebook is not None
        else sorted(c for c in evidence[CODE].unique() if c.startswith(barrier + SEPARATOR))
    )
    for code in barrier_codes:
        rows = evidence[evidence[CODE] == code]
        fields = _evidence_fields(rows, n_quotes)
        if len(fields["groups"]) < min_groups:
            continue
        with_role = set(evidence.loc[evidence[SEGMENT_ID].isin(fields["segments"])
                                     & ~evidence[CODE].str.startswith(barrier + SEPARATOR),
                                     SEGMENT_ID])
        host = None
        if with_role:
            role_problems = [p for p in problems if p.kind == "role"]
            by_role: dict[str, list[Problem]] = {}
            for problem in role_problems:
                by_role.setdefault(problem.codes[0].split(SEPARATOR, 1)[0], []).append(problem)
            for members in by_role.values():
                covered = with_role & {s for p in members for s in p.segments}
                if len(covered) / len(with_role) >= cause_share:
                    host = max(members, key=lambda p: len(with_role & set(p.segments)))
                    break
        if host is not None:
            problems[problems.index(host)] = Problem(
                **{**host.__dict__, "causes": (*host.causes, code)}
            )
            continue
        problems.append(
            Problem(
                id=f"barrier:{code.rpartition(SEPARATOR)[2]}",
                kind="barrier",
                title_id=f"Kendala: {_label(codebook, code, 'id')}",
                title_en=f"Barrier: {_label(codebook, code, 'en')}",
                codes=(code,),
                rating="",
                **fields,
            )
        )
    return tuple(problems)


def problems_frame(problems: Sequence[Problem]) -> pd.DataFrame:
    """Problems as a DataFrame (one row per problem; tuples joined with ``"; "``)."""
    rows = []
    for p in problems:
        rows.append(
            {
                "id": p.id,
                "kind": p.kind,
                "title_id": p.title_id,
                "title_en": p.title_en,
                "codes": "; ".join(p.codes),
                "rating": p.rating,
                "causes": "; ".join(p.causes),
                "n_segments": len(p.segments),
                "groups": "; ".join(p.groups),
                "techniques": "; ".join(p.techniques),
                "sources": "; ".join(p.sources),
                "quotes": "\n".join(p.quotes),
            }
        )
    return pd.DataFrame(
        rows,
        columns=["id", "kind", "title_id", "title_en", "codes", "rating", "causes",
                 "n_segments", "groups", "techniques", "sources", "quotes"],
    )
