"""Source, technique and mixed-methods matrices: the evidence on each theme in each data set.

Every matrix is a long DataFrame with one row per theme x data set (columns
:data:`psm_qual.triangulation.columns.MATRIX_COLUMNS`). Data sets are taken from the corpus, so a
data set with no evidence on a theme still has its row (``segments == 0``: *silence*).

Stance rule
-----------
Each cell counts its segments also coded ``performed`` (``p``) and ``gap`` (``g``); a segment
carrying both counts in both. The cell's stance is

- ``"none"`` when ``p + g == 0`` (evidence, but no assessment coded),
- ``"performed"`` when ``p / (p + g) >= dominance``,
- ``"gap"`` when ``g / (p + g) >= dominance``,
- ``"mixed"`` otherwise.

``dominance`` defaults to 2/3 (:data:`DEFAULT_DOMINANCE`). Sources are never averaged: each cell is
computed from its own segments only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import pandas as pd

from psm_qual.codebook.model import Codebook
from psm_qual.columns import CODE, GROUP, INFORMANT, SEGMENT_ID, SOURCE_ID, TECHNIQUE
from psm_qual.errors import TriangulationError
from psm_qual.triangulation import columns as tc
from psm_qual.triangulation.evidence import (
    DEFAULT_EXCLUDE,
    DEFAULT_GAP,
    DEFAULT_PERFORMED,
    GAP_FLAG,
    ORDER,
    PERFORMED_FLAG,
    SUBCODE_SET,
    UNIT,
    Unassigned,
    _blank,
    check_choice,
    dataset_column,
    dataset_values,
    resolve_themes,
    theme_evidence,
    units,
)

__all__ = [
    "DEFAULT_DOMINANCE",
    "STANCE_VALUES",
    "MIXED_SEPARATOR",
    "stance",
    "source_matrix",
    "technique_matrix",
    "mixed_methods_matrix",
    "evidence_matrix",
]

DEFAULT_DOMINANCE = 2 / 3
STANCE_VALUES = ("performed", "gap", "mixed", "none")
MIXED_SEPARATOR = " × "
MIXED_DIMENSION = "informant×technique"


def stance(performed: int, gap: int, *, dominance: float = DEFAULT_DOMINANCE) -> str:
    """The dominant assessment of a cell (see the module's stance rule).

    Examples
    --------
    >>> stance(3, 1), stance(1, 1), stance(0, 2), stance(0, 0)
    ('performed', 'mixed', 'gap', 'none')
    """
    total = performed + gap
    if total == 0:
        return "none"
    if performed / total >= dominance:
        return "performed"
    if gap / total >= dominance:
        return "gap"
    return "mixed"


def _check_dominance(dominance: float) -> None:
    if not 0.5 < dominance <= 1:
        raise TriangulationError(f"must be in (0.5, 1], got {dominance!r}", field="dominance")


def _examples(cell: pd.DataFrame, cell_stance: str, k: int) -> tuple[str, ...]:
    """Up to ``k`` representative segment ids, deterministically.

    Segments that carry the cell's stance come first, then those with more sub-codes, then
    corpus order.
    """
    if k <= 0 or cell.empty:
        return ()
    if cell_stance == "performed":
        match = cell[PERFORMED_FLAG] & ~cell[GAP_FLAG]
    elif cell_stance == "gap":
        match = cell[GAP_FLAG] & ~cell[PERFORMED_FLAG]
    elif cell_stance == "mixed":
        match = cell[PERFORMED_FLAG] | cell[GAP_FLAG]
    else:
        match = pd.Series(True, index=cell.index)
    ranked = cell.assign(_m=~match.astype(bool), _n=-cell[SUBCODE_SET].map(len)).sort_values(
        ["_m", "_n", ORDER], kind="stable"
    )
    return tuple(ranked[SEGMENT_ID].head(k))


def evidence_matrix(
    evidence: pd.DataFrame,
    segments: pd.DataFrame,
    themes: Sequence[str],
    *,
    dims: Sequence[str],
    unassigned: Unassigned = "label",
    dominance: float = DEFAULT_DOMINANCE,
    k: int = 3,
) -> pd.DataFrame:
    """Build a matrix from a :func:`theme_evidence` frame (the engine behind the matrices).

    ``dims`` is one of ``("group",)``, ``("informant",)``, ``("technique",)`` or
    ``("informant", "technique")`` (the mixed-methods matrix; its data sets are the
    informant x technique pairs present in the corpus, named ``"<informant> × <technique>"``).
    """
    _check_dominance(dominance)
    check_choice(unassigned, ("label", "drop"), "unassigned")
    dims = tuple(dims)
    dimension = dims[0] if len(dims) == 1 else MIXED_DIMENSION
    seg = segments.copy()
    seg["_unit"] = units(seg)
    keep = pd.Series(True, index=seg.index)
    ev = evidence.copy()
    ev_keep = pd.Series(True, index=ev.index)
    for dim in dims:
        seg[f"_{dim}"] = dataset_column(seg, dim, unassigned)
        keep &= seg[f"_{dim}"].notna()
        ev[f"_{dim}"] = dataset_column(ev, dim, unassigned) if not ev.empty else []
        if not ev.empty:
            ev_keep &= ev[f"_{dim}"].notna()
    seg, ev = seg[keep], ev[ev_keep]
    if len(dims) == 1:
        datasets = list(dataset_values(segments, dims[0], unassigned=unassigned))
        seg["_dataset"] = seg[f"_{dims[0]}"]
        ev["_dataset"] = ev[f"_{dims[0]}"] if not ev.empty else []
    else:
        informant_order = dataset_values(segments, dims[0], unassigned=unassigned)
        technique_order = dataset_values(segments, dims[1], unassigned=unassigned)
        pairs = seg[[f"_{dims[0]}", f"_{dims[1]}"]].drop_duplicates().itertuples(index=False)
        pairs = sorted(
            pairs, key=lambda p: (informant_order.index(p[0]), technique_order.index(p[1]))
        )
        datasets = [f"{a}{MIXED_SEPARATOR}{b}" for a, b in pairs]
        seg["_dataset"] = seg[f"_{dims[0]}"] + MIXED_SEPARATOR + seg[f"_{dims[1]}"]
        if not ev.empty:
            ev["_dataset"] = ev[f"_{dims[0]}"] + MIXED_SEPARATOR + ev[f"_{dims[1]}"]
        else:
            ev["_dataset"] = []
    totals = {
        name: (
            group[INFORMANT]
            .map(lambda v: not _blank(v))
            .pipe(lambda m, g=group: g.loc[m, INFORMANT].nunique()),
            group["_unit"].nunique(),
        )
        for name, group in seg.groupby("_dataset", sort=False)
    }
    cells = {key: group for key, group in ev.groupby([tc.THEME, "_dataset"], sort=False)}
    empty = ev.iloc[0:0]
    rows = []
    for theme in themes:
        for dataset in datasets:
            cell = cells.get((theme, dataset), empty)
            p = int(cell[PERFORMED_FLAG].sum()) if len(cell) else 0
            g = int(cell[GAP_FLAG].sum()) if len(cell) else 0
            cell_stance = stance(p, g, dominance=dominance) if len(cell) else "none"
            informants_total, units_total = totals.get(dataset, (0, 0))
            n_units = cell[UNIT].nunique() if len(cell) else 0
            subcodes = sorted(frozenset().union(*cell[SUBCODE_SET])) if len(cell) else []
            rows.append(
                {
                    tc.THEME: theme,
                    tc.DIMENSION: dimension,
                    tc.DATASET: dataset,
                    tc.SEGMENTS: len(cell),
                    tc.INFORMANTS: cell[INFORMANT]
                    .map(lambda v: not _blank(v))
                    .pipe(lambda m, c=cell: c.loc[m, INFORMANT].nunique())
                    if len(cell)
                    else 0,
                    tc.INFORMANTS_TOTAL: int(informants_total),
                    tc.SOURCES: cell[SOURCE_ID].nunique() if len(cell) else 0,
                    tc.UNITS: int(n_units),
                    tc.UNITS_TOTAL: int(units_total),
                    tc.SHARE: n_units / units_total if units_total else 0.0,
                    tc.PERFORMED: p,
                    tc.GAP: g,
                    tc.STANCE: cell_stance,
                    tc.SUBCODES: tuple(subcodes),
                    tc.EXAMPLES: _examples(cell, cell_stance, k),
                }
            )
    frame = pd.DataFrame(rows, columns=list(tc.MATRIX_COLUMNS))
    for column in (
        tc.SEGMENTS,
        tc.INFORMANTS,
        tc.INFORMANTS_TOTAL,
        tc.SOURCES,
        tc.UNITS,
        tc.UNITS_TOTAL,
        tc.PERFORMED,
        tc.GAP,
    ):
        frame[column] = frame[column].astype("int64")
    frame[tc.SHARE] = frame[tc.SHARE].astype(float)
    if len(dims) == 2:
        split = frame[tc.DATASET].str.split(MIXED_SEPARATOR, n=1, expand=True, regex=False)
        frame[INFORMANT] = split[0] if not frame.empty else []
        frame[TECHNIQUE] = split[1] if not frame.empty else []
    return frame


def _matrix(
    codings: pd.DataFrame,
    corpus,
    *,
    dims: Sequence[str],
    codes: Sequence[str] | None,
    codebook: Codebook | None,
    performed: str,
    gap: str,
    exclude: Sequence[str],
    coder: str | None,
    unassigned: Unassigned,
    dominance: float,
    k: int,
) -> pd.DataFrame:
    themes = resolve_themes(
        codings[CODE].astype(str) if CODE in codings.columns else (),
        codes=codes,
        codebook=codebook,
        performed=performed,
        gap=gap,
        exclude=exclude,
    )
    evidence = theme_evidence(
        codings, corpus, themes=themes, performed=performed, gap=gap, coder=coder
    )
    return evidence_matrix(
        evidence,
        corpus.coded_segments,
        themes,
        dims=dims,
        unassigned=unassigned,
        dominance=dominance,
        k=k,
    )


def source_matrix(
    codings: pd.DataFrame,
    corpus,
    *,
    by: Literal["group", "informant"] = "group",
    codes: Sequence[str] | None = None,
    codebook: Codebook | None = None,
    performed: str = DEFAULT_PERFORMED,
    gap: str = DEFAULT_GAP,
    exclude: Sequence[str] = DEFAULT_EXCLUDE,
    coder: str | None = None,
    unassigned: Unassigned = "label",
    dominance: float = DEFAULT_DOMINANCE,
    k: int = 3,
) -> pd.DataFrame:
    """Source triangulation matrix: evidence per theme and informant group (or informant).

    ``by`` chooses the data sets: informant groups (``"group"``) or informants; the other
    parameters are shared with :func:`technique_matrix` and :func:`mixed_methods_matrix`.

    Parameters
    ----------
    codings : DataFrame
        Codings (contract 4).
    by : {"group", "informant"}
        What a data set is.
    corpus : Corpus
        The corpus the codings refer to; its coded segments (interviewer turns excluded) define
        the data sets, so data sets without evidence still appear.
    codes : sequence of str, optional
        The themes. Default: the top-level codes (of ``codebook`` when given, else of the
        codings) other than the roots of ``performed`` and ``gap`` and the codes in ``exclude``.
        A sub-code given as a theme counts itself and its descendants.
    codebook : Codebook, optional
        Orders the default themes and validates ``codes``.
    performed, gap : str
        The assessment codes that give a cell its stance (a descendant counts too).
    exclude : sequence of str
        Top-level codes that are never themes by default (barriers).
    coder : str, optional
        Count only this coder's codings. Default: every coder (a segment counts once).
    unassigned : {"label", "drop"}
        Segments whose data set is blank count under ``"(none)"`` (``"label"``) or are left out
        (``"drop"``).
    dominance : float
        Share of the assessed segments a stance needs to dominate (default 2/3).
    k : int
        Number of representative segment ids per cell.

    Returns
    -------
    DataFrame
        One row per theme x data set, columns
        :data:`psm_qual.triangulation.columns.MATRIX_COLUMNS`: ``theme``, ``by``, ``dataset``,
        ``segments``, ``informants`` (distinct informants coded), ``informants_total`` (in the
        data set), ``sources``, ``units``/``units_total``/``share`` (prominence: informants, or
        the source for segments without one), ``performed``, ``gap``, ``stance``
        (performed | gap | mixed | none), ``subcodes`` (tuple) and ``examples`` (tuple of up to
        ``k`` segment ids: those with the cell's stance first, then more sub-codes, then corpus
        order).

    Raises
    ------
    TriangulationError
        An unknown option value, or ``codes`` not in ``codebook``.

    Examples
    --------
    >>> from psm_qual.triangulation.demo import toy_study
    >>> codings, corpus = toy_study()
    >>> m = source_matrix(codings, corpus)
    >>> m[["theme", "dataset", "segments", "stance"]]
         theme  dataset  segments     stance
    0   health   tenant         2        gap
    1   health  warden         1        gap
    2  housing   tenant         2  performed
    3  housing  warden         0       none
    """
    check_choice(by, (GROUP, INFORMANT), "by")
    return _matrix(
        codings,
        corpus,
        dims=(by,),
        codes=codes,
        codebook=codebook,
        performed=performed,
        gap=gap,
        exclude=exclude,
        coder=coder,
        unassigned=unassigned,
        dominance=dominance,
        k=k,
    )


def technique_matrix(
    codings: pd.DataFrame,
    corpus,
    *,
    codes: Sequence[str] | None = None,
    codebook: Codebook | None = None,
    performed: str = DEFAULT_PERFORMED,
    gap: str = DEFAULT_GAP,
    exclude: Sequence[str] = DEFAULT_EXCLUDE,
    coder: str | None = None,
    unassigned: Unassigned = "label",
    dominance: float = DEFAULT_DOMINANCE,
    k: int = 3,
) -> pd.DataFrame:
    """Technique triangulation matrix: evidence per theme and technique.

    Parameters, return columns and errors as for :func:`source_matrix`.

    Examples
    --------
    >>> from psm_qual.triangulation.demo import toy_study
    >>> codings, corpus = toy_study()
    >>> technique_matrix(codings, corpus).query("theme == 'health'")[
    ...     ["dataset", "segments", "stance"]].values.tolist()
    [['interview', 2, 'gap'], ['observation', 1, 'gap']]
    """
    return _matrix(
        codings,
        corpus,
        dims=(TECHNIQUE,),
        codes=codes,
        codebook=codebook,
        performed=performed,
        gap=gap,
        exclude=exclude,
        coder=coder,
        unassigned=unassigned,
        dominance=dominance,
        k=k,
    )


def mixed_methods_matrix(
    codings: pd.DataFrame,
    corpus,
    *,
    codes: Sequence[str] | None = None,
    codebook: Codebook | None = None,
    performed: str = DEFAULT_PERFORMED,
    gap: str = DEFAULT_GAP,
    exclude: Sequence[str] = DEFAULT_EXCLUDE,
    coder: str | None = None,
    unassigned: Unassigned = "label",
    dominance: float = DEFAULT_DOMINANCE,
    k: int = 3,
) -> pd.DataFrame:
    """Mixed-methods matrix (O'Cathain et al. 2010): evidence per theme, informant and technique.

    The data sets are the informant x technique pairs that exist in the corpus (a pair with no
    data collected has no row; a pair with data but no evidence on a theme has a row with
    ``segments == 0``). Parameters as for :func:`source_matrix`. Two extra columns, ``informant`` and ``technique``, split the data set.

    References
    ----------
    O'Cathain, A., Murphy, E., & Nicholl, J. (2010). Three techniques for integrating data in
    mixed methods studies. BMJ, 341, c4587.

    Examples
    --------
    >>> from psm_qual.triangulation.demo import toy_study
    >>> codings, corpus = toy_study()
    >>> sorted(set(mixed_methods_matrix(codings, corpus)["dataset"]))
    ['T1 × interview', 'T2 × interview', 'X1 × observation']
    """
    return _matrix(
        codings,
        corpus,
        dims=(INFORMANT, TECHNIQUE),
        codes=codes,
        codebook=codebook,
        performed=performed,
        gap=gap,
        exclude=exclude,
        coder=coder,
        unassigned=unassigned,
        dominance=dominance,
        k=k,
    )
