"""Coded evidence per theme and segment: what every triangulation table counts.

A *theme* is a code id; a segment is evidence for the theme when it is coded with the theme or
one of its descendants (``theme/...``). The assessment codes (``performed`` and ``gap``, given as
keyword-only parameters) give each segment its stance. A *data set* is a value of a segment's
``group``, ``informant`` or ``technique``; segments without that value are counted under
:data:`UNASSIGNED` (``"(none)"``) or dropped, as the ``unassigned`` parameter says.

Assessments belong to segments, not to themes: a segment coded with two themes and an
assessment counts that assessment for both themes (code one theme per assessed segment, or split
the span, when the two themes are assessed differently).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import pandas as pd

from psm_qual.codebook.model import SEPARATOR, Codebook
from psm_qual.columns import (
    CODE,
    CODER,
    GROUP,
    INFORMANT,
    SEGMENT_ID,
    SOURCE_ID,
    START,
    TECHNIQUE,
    TECHNIQUES,
)
from psm_qual.errors import TriangulationError
from psm_qual.triangulation.columns import THEME as THEME_COL

__all__ = [
    "UNASSIGNED",
    "DEFAULT_PERFORMED",
    "DEFAULT_GAP",
    "DEFAULT_EXCLUDE",
    "Dimension",
    "Unassigned",
    "is_under",
    "resolve_themes",
    "theme_evidence",
    "dataset_values",
]

UNASSIGNED = "(none)"
DEFAULT_PERFORMED = "assessment/performed"
DEFAULT_GAP = "assessment/gap"
DEFAULT_EXCLUDE = ("barrier",)

Dimension = Literal["group", "informant", "technique"]
Unassigned = Literal["label", "drop"]
DIMENSIONS: tuple[str, ...] = (GROUP, INFORMANT, TECHNIQUE)

# Private columns of the evidence frame (one row per theme x segment).
PERFORMED_FLAG = "_performed"
GAP_FLAG = "_gap"
SUBCODE_SET = "_subcodes"
ORDER = "_order"
UNIT = "_unit"


def is_under(code: str, parent: str) -> bool:
    """Whether ``code`` is ``parent`` or one of its descendants.

    Examples
    --------
    >>> is_under("health/access", "health"), is_under("healthcare", "health")
    (True, False)
    """
    return code == parent or code.startswith(parent + SEPARATOR)


def _root(code: str) -> str:
    return code.split(SEPARATOR, 1)[0]


def resolve_themes(
    code_ids: Iterable[str],
    *,
    codes: Sequence[str] | None = None,
    codebook: Codebook | None = None,
    performed: str = DEFAULT_PERFORMED,
    gap: str = DEFAULT_GAP,
    exclude: Sequence[str] = DEFAULT_EXCLUDE,
) -> tuple[str, ...]:
    """The themes to triangulate.

    ``codes`` when given (validated against ``codebook`` when there is one). Otherwise the
    top-level codes of ``codebook`` (document order), or else of ``code_ids`` (sorted), minus the
    roots of ``performed`` and ``gap`` and the codes in ``exclude``.

    Raises
    ------
    TriangulationError
        ``codes`` is empty, repeats a code, or names a code missing from ``codebook``.

    Examples
    --------
    >>> resolve_themes(["health/access", "housing", "assessment/gap", "barrier/funding"])
    ('health', 'housing')
    """
    if codes is not None:
        themes = tuple(str(c) for c in codes)
        if not themes:
            raise TriangulationError("no theme given", field="codes")
        if len(set(themes)) != len(themes):
            raise TriangulationError(f"repeated theme in {list(themes)}", field="codes")
        if codebook is not None:
            missing = [t for t in themes if t not in codebook]
            if missing:
                raise TriangulationError(
                    f"{missing} not in codebook {codebook.id!r}", field="codes"
                )
        return themes
    skip = {_root(performed), _root(gap), *exclude}
    if codebook is not None:
        roots = [code.id for code in codebook.children(None)]
    else:
        roots = sorted({_root(str(c)) for c in code_ids})
    return tuple(r for r in roots if r not in skip)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or str(value) == ""


def dataset_column(frame: pd.DataFrame, by: str, unassigned: Unassigned) -> pd.Series:
    """The data set of each row: the ``by`` value, or :data:`UNASSIGNED` when blank."""
    values = frame[by].astype(object)
    blank = values.map(_blank)
    if unassigned == "label":
        return values.where(~blank, UNASSIGNED).astype(str)
    return values.where(~blank, None)


def check_choice(value: str, choices: Sequence[str], name: str) -> None:
    """Raise :class:`TriangulationError` unless ``value`` is one of ``choices``."""
    if value not in choices:
        raise TriangulationError(
            f"{value!r} is not one of {', '.join(map(repr, choices))}", field=name
        )


def dataset_values(
    segments: pd.DataFrame, by: str, *, unassigned: Unassigned = "label"
) -> tuple[str, ...]:
    """Every data set of the corpus along ``by``, in a stable order.

    Techniques come in the order of :data:`psm_qual.columns.TECHNIQUES` then alphabetically;
    groups and informants alphabetically; :data:`UNASSIGNED` last.
    Data sets are taken from the corpus, not from the codings, so that silence shows.

    Examples
    --------
    >>> import pandas as pd
    >>> seg = pd.DataFrame({"technique": ["observation", "interview", ""]})
    >>> dataset_values(seg, "technique")
    ('interview', 'observation', '(none)')
    """
    check_choice(unassigned, ("label", "drop"), "unassigned")
    column = dataset_column(segments, by, unassigned).dropna()
    seen = list(dict.fromkeys(column.tolist()))
    named = [v for v in seen if v != UNASSIGNED]
    if by == TECHNIQUE:
        named = [t for t in TECHNIQUES if t in named] + sorted(
            v for v in named if v not in TECHNIQUES
        )
    else:
        named = sorted(named)
    return tuple(named + ([UNASSIGNED] if UNASSIGNED in seen else []))


def _segment_codings(codings: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    from psm_qual.coding.frame import segment_codings

    return segment_codings(codings, segments)


def theme_evidence(
    codings: pd.DataFrame,
    corpus,
    *,
    themes: Sequence[str],
    performed: str = DEFAULT_PERFORMED,
    gap: str = DEFAULT_GAP,
    coder: str | None = None,
) -> pd.DataFrame:
    """One row per (theme, coded segment): the evidence every table counts.

    Codings are mapped to the corpus's coded segments (interviewer turns excluded) with
    :func:`psm_qual.coding.frame.segment_codings`. With several coders and ``coder=None`` a
    segment is evidence when any coder coded it (counted once).

    Returns
    -------
    DataFrame
        ``theme, segment_id, source_id, informant, group, technique, text`` plus private columns
        ``_performed``/``_gap`` (the segment also carries that assessment code or a descendant),
        ``_subcodes`` (frozenset of codes strictly below the theme), ``_order`` (corpus order)
        and ``_unit`` (the informant, else ``source:<source_id>``: the prominence unit).
    """
    segments = corpus.coded_segments
    if coder is not None:
        if CODER in codings.columns and coder not in set(codings[CODER]):
            raise TriangulationError(f"no codings by coder {coder!r}", field="coder")
        codings = codings[codings[CODER] == coder]
    columns = [
        THEME_COL,
        SEGMENT_ID,
        SOURCE_ID,
        INFORMANT,
        GROUP,
        TECHNIQUE,
        "text",
        PERFORMED_FLAG,
        GAP_FLAG,
        SUBCODE_SET,
        ORDER,
        UNIT,
    ]
    if codings.empty:
        return pd.DataFrame(columns=columns)
    mapped = _segment_codings(codings, segments)
    if mapped.empty:
        return pd.DataFrame(columns=columns)
    codes_by_segment = mapped.groupby(SEGMENT_ID)[CODE].agg(lambda s: frozenset(map(str, s)))
    meta = segments.set_index(SEGMENT_ID)
    order = {sid: i for i, sid in enumerate(_corpus_order(segments))}
    rows = []
    for segment_id, seg_codes in codes_by_segment.items():
        has_performed = any(is_under(c, performed) for c in seg_codes)
        has_gap = any(is_under(c, gap) for c in seg_codes)
        info = meta.loc[segment_id]
        informant = info[INFORMANT]
        unit = f"source:{info[SOURCE_ID]}" if _blank(informant) else str(informant)
        for theme in themes:
            under = {c for c in seg_codes if is_under(c, theme)}
            if not under:
                continue
            rows.append(
                (
                    theme,
                    segment_id,
                    info[SOURCE_ID],
                    informant,
                    info[GROUP],
                    info[TECHNIQUE],
                    info["text"],
                    has_performed,
                    has_gap,
                    frozenset(under - {theme}),
                    order[segment_id],
                    unit,
                )
            )
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values([ORDER, THEME_COL], kind="stable").reset_index(drop=True)


def units(segments: pd.DataFrame) -> pd.Series:
    """The prominence unit of each segment: its informant, else ``source:<source_id>``."""
    informant = segments[INFORMANT].astype(object)
    fallback = "source:" + segments[SOURCE_ID].astype(str)
    return informant.where(~informant.map(_blank), fallback).astype(str)


def _corpus_order(segments: pd.DataFrame) -> list[str]:
    ordered = segments.sort_values([SOURCE_ID, START], kind="stable")
    return ordered[SEGMENT_ID].tolist()
