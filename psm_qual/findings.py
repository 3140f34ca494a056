"""Findings: the role assessment, computed from coded evidence.

For each role (a top-level code of the codebook that is not a dimension parent such as
``assessment`` or ``barrier``), the segments coded with the role or one of its sub-codes are
counted as *performed* when they also carry the performed code and as a *gap* when they carry
the gap code. The share performed, and how many informant groups the evidence comes from,
give the rating through an explicit :class:`Rubric`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import pandas as pd

from psm_qual.codebook.model import SEPARATOR, Codebook
from psm_qual.columns import (
    CODE,
    CODER,
    GROUP,
    INFORMANT,
    SEGMENT_ID,
    SOURCE_ID,
    TECHNIQUE,
    TEXT,
)
from psm_qual.corpus import Corpus
from psm_qual.errors import FindingsError

__all__ = [
    "Rubric",
    "DEFAULT_RUBRIC",
    "RATINGS",
    "ROLE",
    "RATING",
    "SCORE",
    "PERFORMED",
    "GAP",
    "GROUPS",
    "TECHNIQUES",
    "QUOTES",
    "role_assessment",
    "subcode_assessment",
    "role_codes",
    "coded_evidence",
]

# Columns of the role assessment (defined once).
ROLE = "role"
RATING = "rating"
LABEL_ID = "label_id"
LABEL_EN = "label_en"
SCORE = "score"
PERFORMED = "performed"
GAP = "gap"
SEGMENTS = "segments"
GROUPS = "groups"
TECHNIQUES = "techniques"
CONVERGENCE = "convergence"
QUOTES = "quotes"
SUBCODES = "subcodes"
GAP_SUBCODES = "gap_subcodes"
ASSESSMENT_COLUMNS = (
    ROLE, RATING, LABEL_ID, LABEL_EN, SCORE, PERFORMED, GAP, SEGMENTS, GROUPS, TECHNIQUES,
    SUBCODES, GAP_SUBCODES, CONVERGENCE, QUOTES,
)

#: Ratings from best to worst, then the absence of evidence.
RATINGS = ("good", "fair", "partial", "not_performed", "no_evidence")

_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "good": ("baik", "carried out well"),
        "fair": ("cukup baik", "fairly good"),
        "partial": ("belum optimal", "not yet optimal"),
        "not_performed": ("belum dilaksanakan", "not carried out"),
        "no_evidence": ("tidak ada bukti", "no evidence"),
    }
)


@dataclass(frozen=True)
class Rubric:
    """Cut-points that turn a role's evidence into a rating.

    A role is ``good`` when its score (performed / (performed + gap)) is at least ``good`` and
    the evidence comes from at least ``min_groups_good`` informant groups; otherwise ``fair`` at
    ``fair`` or more; ``partial`` at ``partial`` or more; else ``not_performed``. With no
    assessed segment it is ``no_evidence``. Labels are bilingual (Indonesian, English).

    Examples
    --------
    >>> DEFAULT_RUBRIC.rate(0.8, groups=3)
    'good'
    >>> DEFAULT_RUBRIC.rate(0.8, groups=1)  # one group's word is not enough for "good"
    'fair'
    >>> DEFAULT_RUBRIC.rate(0.1, groups=2), DEFAULT_RUBRIC.rate(None, groups=0)
    ('not_performed', 'no_evidence')
    """

    good: float = 0.75
    fair: float = 0.50
    partial: float = 0.25
    min_groups_good: int = 2
    labels: Mapping[str, tuple[str, str]] = field(default_factory=lambda: _LABELS)

    def __post_init__(self) -> None:
        if not 0 <= self.partial <= self.fair <= self.good <= 1:
            raise FindingsError(
                f"cut-points must satisfy 0 <= partial <= fair <= good <= 1, got "
                f"partial={self.partial}, fair={self.fair}, good={self.good}",
                field="rubric",
            )
        missing = [r for r in RATINGS if r not in self.labels]
        if missing:
            raise FindingsError(f"labels lack ratings {missing}", field="rubric.labels")

    def rate(self, score: float | None, *, groups: int) -> str:
        """The rating for a score (``None`` when nothing was assessed) and a number of groups."""
        if score is None or pd.isna(score):
            return "no_evidence"
        if score >= self.good and groups >= self.min_groups_good:
            return "good"
        if score >= self.fair:
            return "fair"
        if score >= self.partial:
            return "partial"
        return "not_performed"

    def below(self, rating: str, threshold: str = "fair") -> bool:
        """Whether ``rating`` is worse than ``threshold`` (``no_evidence`` is never below)."""
        order = RATINGS[:4]
        if rating not in order:
            return False
        return order.index(rating) > order.index(threshold)


DEFAULT_RUBRIC = Rubric()


def role_codes(
    codebook: Codebook | None = None,
    *,
    codes: Iterable[str] = (),
    exclude: Sequence[str] = ("assessment", "barrier"),
) -> tuple[str, ...]:
    """The roles: top-level codable themes, in codebook order.

    Without a codebook, the roots of ``codes`` (in first-seen order) minus ``exclude``.

    Examples
    --------
    >>> role_codes(codes=["b/x", "a", "assessment/gap", "b"])
    ('b', 'a')
    """
    if codebook is not None:
        return tuple(c.id for c in codebook.children(None) if c.id not in exclude)
    roots = dict.fromkeys(str(c).split(SEPARATOR, 1)[0] for c in codes)
    return tuple(r for r in roots if r not in exclude)


def coded_evidence(
    codings: pd.DataFrame,
    corpus: Corpus,
    *,
    coder: str | None = None,
    performed: str = "assessment/performed",
    gap: str = "assessment/gap",
) -> pd.DataFrame:
    """One row per coded segment and theme code, with its stance.

    Like triangulation and evaluation, only the corpus's coded segments count: a code applied to
    an interviewer's question is not evidence.

    Returns
    -------
    DataFrame
        ``segment_id, source_id, code, root, stance, informant, group, technique, text``,
        where ``stance`` is ``"performed"``, ``"gap"``, ``"both"`` or ``""`` (not assessed).

    Raises
    ------
    FindingsError
        When the codings hold several coders and ``coder`` does not pick one.
    """
    from psm_qual.coding.frame import segment_codings

    frame = codings
    coders = sorted(frame[CODER].dropna().unique()) if len(frame) else []
    if coder is not None:
        if coder not in coders:
            raise FindingsError(f"no codings by coder {coder!r}; coders are {coders}", field="coder")
        frame = frame[frame[CODER] == coder]
    elif len(coders) > 1:
        raise FindingsError(
            f"codings hold several coders {coders}: findings need one (e.g. a consensus); "
            "pass coder=",
            field="coder",
        )
    seg = segment_codings(frame, corpus.coded_segments)  # interviewer turns are not evidence
    stance_codes = seg[seg[CODE].isin([performed, gap])]
    stance = stance_codes.groupby(SEGMENT_ID)[CODE].agg(
        lambda s: "both" if s.nunique() > 1 else ("performed" if s.iloc[0] == performed else "gap")
    )
    themes = seg[~seg[CODE].isin([performed, gap])].drop_duplicates([SEGMENT_ID, CODE])
    out = themes.assign(
        root=themes[CODE].str.split(SEPARATOR, n=1).str[0],
        stance=themes[SEGMENT_ID].map(stance).fillna(""),
    )
    return out[
        [SEGMENT_ID, SOURCE_ID, CODE, "root", "stance", INFORMANT, GROUP, TECHNIQUE, TEXT]
    ].reset_index(drop=True)


def _quotes(rows: pd.DataFrame, n: int) -> tuple[str, ...]:
    """Up to ``n`` quotes, spreading over groups and stances, in a deterministic order."""
    if n <= 0 or rows.empty:
        return ()
    ordered = rows.sort_values([SEGMENT_ID]).drop_duplicates(SEGMENT_ID)
    picked: list[str] = []
    seen: set[tuple[str, str]] = set()
    for _, row in ordered.iterrows():  # one per (group, stance) first
        key = (str(row[GROUP]), str(row["stance"]))
        if key not in seen:
            seen.add(key)
            picked.append(f"{row[SEGMENT_ID]}: {row[TEXT]}")
        if len(picked) == n:
            return tuple(picked)
    for _, row in ordered.iterrows():
        quote = f"{row[SEGMENT_ID]}: {row[TEXT]}"
        if quote not in picked:
            picked.append(quote)
        if len(picked) == n:
            break
    return tuple(picked)


def _assess(
    evidence: pd.DataFrame, key: str, items: Sequence[str], rubric: Rubric, n_quotes: int
) -> list[dict]:
    rows = []
    for item in items:
        mine = evidence[evidence[key] == item]
        per_segment = mine.drop_duplicates(SEGMENT_ID)
        n_perf = int(per_segment["stance"].isin(["performed", "both"]).sum())
        n_gap = int(per_segment["stance"].isin(["gap", "both"]).sum())
        score = n_perf / (n_perf + n_gap) if n_perf + n_gap else None
        groups = tuple(sorted(per_segment[GROUP].dropna().loc[lambda s: s != ""].unique()))
        techniques = tuple(sorted(per_segment[TECHNIQUE].dropna().loc[lambda s: s != ""].unique()))
        rating = rubric.rate(score, groups=len(groups))
        subcodes = tuple(sorted(c for c in mine[CODE].unique() if c != item))
        gap_subcodes = tuple(
            sorted(c for c in mine.loc[mine["stance"].isin(["gap", "both"]), CODE].unique() if c != item)
        )
        label_id, label_en = rubric.labels[rating]
        rows.append(
            {
                key: item,
                RATING: rating,
                LABEL_ID: label_id,
                LABEL_EN: label_en,
                SCORE: score if score is not None else float("nan"),
                PERFORMED: n_perf,
                GAP: n_gap,
                SEGMENTS: len(per_segment),
                GROUPS: groups,
                TECHNIQUES: techniques,
                SUBCODES: subcodes,
                GAP_SUBCODES: gap_subcodes,
                QUOTES: _quotes(mine[mine["stance"] != ""], n_quotes),
            }
        )
    return rows


def role_assessment(
    codings: pd.DataFrame,
    corpus: Corpus,
    *,
    codebook: Codebook | None = None,
    roles: Sequence[str] | None = None,
    rubric: Rubric = DEFAULT_RUBRIC,
    coder: str | None = None,
    performed: str = "assessment/performed",
    gap: str = "assessment/gap",
    convergence: Mapping[str, str] | None = None,
    n_quotes: int = 3,
) -> pd.DataFrame:
    """Rate each role from the coded evidence.

    Parameters
    ----------
    codings : DataFrame
        Contract-4 codings of one coder (e.g. a consensus); pass ``coder=`` when it holds more.
    corpus : Corpus
        The corpus the codings refer to (gives group and technique of each segment).
    codebook : Codebook, optional
        Its top-level codes other than ``assessment``/``barrier`` are the roles; without it the
        roles are the roots found in the codings.
    roles : sequence of str, optional
        Assess only these roles, in this order.
    rubric : Rubric
        The cut-points (default :data:`DEFAULT_RUBRIC`: .75 with >= 2 groups, .50, .25).
    performed, gap : str
        The codes that mark a segment as the role performed or as a gap.
    convergence : mapping, optional
        A triangulation label per role (e.g. Sugiyono's ``same``/``different``/``specific``),
        shown in the ``convergence`` column.
    n_quotes : int
        Representative quotes per role.

    Returns
    -------
    DataFrame
        One row per role: ``role, rating, label_id, label_en, score, performed, gap, segments,
        groups, techniques, subcodes, gap_subcodes, convergence, quotes``. ``score`` is
        ``performed / (performed + gap)`` (NaN without assessed evidence).

    Examples
    --------
    >>> from psm_qual.corpus import load_corpus
    >>> from psm_qual.io.codings import read_codings
    >>> from psm_qual.codebook import load_codebook
    >>> from psm_qual.datasets import codebook_path, codings_path, pasteur_path
    >>> table = role_assessment(read_codings(codings_path("consensus")), load_corpus(pasteur_path()),
    ...                         codebook=load_codebook(codebook_path()))
    >>> list(table["role"])  # codebook order
    ['initiator', 'motivator', 'dynamizer', 'administrator']
    """
    evidence = coded_evidence(codings, corpus, coder=coder, performed=performed, gap=gap)
    if roles is None:
        roles = role_codes(codebook, codes=evidence[CODE].unique())
    if not roles:
        raise FindingsError("no roles: the codings hold no theme codes", field="codings")
    rows = _assess(evidence, "root", roles, rubric, n_quotes)
    table = pd.DataFrame(rows).rename(columns={"root": ROLE})
    table[CONVERGENCE] = [(convergence or {}).get(role, "") for role in table[ROLE]]
    return table[list(ASSESSMENT_COLUMNS)]


def subcode_assessment(
    codings: pd.DataFrame,
    corpus: Corpus,
    *,
    role: str,
    rubric: Rubric = DEFAULT_RUBRIC,
    coder: str | None = None,
    performed: str = "assessment/performed",
    gap: str = "assessment/gap",
    n_quotes: int = 3,
) -> pd.DataFrame:
    """The same assessment for each sub-code of ``role`` that has evidence.

    Returns one row per sub-code (column ``code``), with the columns of :func:`role_assessment`
    (the ``subcodes``/``gap_subcodes`` columns are empty).
    """
    evidence = coded_evidence(codings, corpus, coder=coder, performed=performed, gap=gap)
    mine = evidence[evidence[CODE].str.startswith(role + SEPARATOR)]
    items = sorted(mine[CODE].unique())
    rows = _assess(mine, CODE, items, rubric, n_quotes)
    columns = [CODE, *ASSESSMENT_COLUMNS[1:]]
    table = pd.DataFrame(rows, columns=[c for c in columns if c != CONVERGENCE])
    table[CONVERGENCE] = ""
    return table[columns]
