"""From codings to agreement: per code and per dimension, for two or more coders.

Coders' overlapping spans are merged first (:func:`psm_qual.coding.frame.merge_overlapping`),
spans are mapped to segments (:func:`psm_qual.coding.frame.segment_codings`), and each code or
dimension becomes coders x units reliability data measured with every measure in
:data:`psm_qual.agreement.measures.MEASURES` that was asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from psm_qual.agreement.bands import interpret
from psm_qual.agreement.bootstrap import alpha_bootstrap, kappa_bootstrap
from psm_qual.agreement.measures import MEASURES, measure
from psm_qual.agreement.unitizing import codings_continuum, unitizing_components
from psm_qual.codebook.model import SEPARATOR, Codebook
from psm_qual.coding.frame import as_codings, merge_overlapping, segment_codings
from psm_qual.columns import (
    CODE,
    CODER,
    END,
    INFORMANT,
    ROLE,
    SEGMENT_ID,
    SOURCE_ID,
    START,
    TEXT,
)
from psm_qual.errors import AgreementError

__all__ = [
    "agreement_table",
    "default_dimensions",
    "select_coders",
    "units_from_spans",
    "DEFAULT_MEASURES",
    "NONE_LABEL",
    "DIMENSION",
    "N_UNITS",
    "N_CODED",
    "N_CODERS",
    "ALPHA_LOW",
    "ALPHA_HIGH",
    "KAPPA_LOW",
    "KAPPA_HIGH",
    "BAND",
    "KAPPA_BAND",
    "NOTE",
    "ALPHA_U",
]

DIMENSION = "dimension"
N_UNITS = "n_units"
N_CODED = "n_coded"
N_CODERS = "n_coders"
ALPHA_LOW = "alpha_low"
ALPHA_HIGH = "alpha_high"
KAPPA_LOW = "kappa_low"
KAPPA_HIGH = "kappa_high"
BAND = "band"
KAPPA_BAND = "kappa_band"
NOTE = "note"
ALPHA_U = "alpha_u"

DEFAULT_MEASURES: tuple[str, ...] = tuple(MEASURES)
#: The category of a dimension when a coder applied none of its codes to a unit.
NONE_LABEL = "(none)"
NO_VARIATION = (
    "no variation: every coder gave every unit the same value, so chance-corrected "
    "measures are undefined"
)


def default_dimensions(
    codebook: Codebook,
    *,
    exclusive: Sequence[str] = ("assessment",),
    top_level: str = "top-level",
) -> dict[str, tuple[str, ...]]:
    """Default dimensions of a codebook: sets of codes a coder chooses one of per unit.

    - ``top_level``: the codable top-level codes (sub-codes roll up to them), e.g. the four
      PSM roles;
    - each non-codable top-level grouping code listed in ``exclusive`` (e.g. ``assessment``):
      its children form one dimension named after it;
    - the children of any other non-codable grouping code (e.g. ``barrier``) are one dimension
      each (present or absent), since a unit may show several.

    Examples
    --------
    >>> from psm_qual.codebook.model import Code
    >>> book = Codebook("b", {}, "1", (Code("initiator"), Code("initiator/referral"),
    ...     Code("motivator"), Code("assessment", codable=False), Code("assessment/performed"),
    ...     Code("assessment/gap"), Code("barrier", codable=False), Code("barrier/funding")))
    >>> default_dimensions(book)
    {'top-level': ('initiator', 'motivator'), 'assessment': ('assessment/performed', 'assessment/gap'), 'barrier/funding': ('barrier/funding',)}
    """
    roots = codebook.children(None)
    dims: dict[str, tuple[str, ...]] = {}
    plain = tuple(c.id for c in roots if c.codable and c.id not in exclusive)
    if plain:
        dims[top_level] = plain
    for root in roots:
        if root.id in plain:
            continue
        children = tuple(c.id for c in codebook.children(root.id))
        if not children:
            continue
        if root.id in exclusive:
            dims[root.id] = children
        else:
            for child in children:
                dims[child] = (child,)
    return dims


def select_coders(codings: pd.DataFrame, coders: Sequence[str] | None) -> list[str]:
    """The coders to compare (default: every coder in ``codings``, sorted); at least two.

    Examples
    --------
    >>> c = pd.DataFrame({"coder": ["b", "a", "a"]})
    >>> select_coders(c, None)
    ['a', 'b']
    >>> select_coders(c, ["a"])
    Traceback (most recent call last):
    ...
    psm_qual.errors.AgreementError: coders: needs at least 2 coders, got ['a']
    """
    present = sorted(codings[CODER].astype(str).unique()) if len(codings) else []
    chosen = present if coders is None else [str(c) for c in coders]
    unknown = [c for c in chosen if c not in present]
    if unknown:
        raise AgreementError(f"no codings by {unknown}; coders present: {present}", field="coders")
    if len(chosen) < 2:
        raise AgreementError(f"needs at least 2 coders, got {chosen}", field="coders")
    return chosen


def units_from_spans(codings: pd.DataFrame) -> pd.DataFrame:
    """Units when no segmentation is given: the connected stretches of all coded spans.

    Every stretch of text covered by at least one span (any code, any coder), with overlapping
    spans joined (touching ones stay apart, so whole-segment codings keep their segments), is one
    unit with id ``"{source_id}@{start}-{end}"``.

    Examples
    --------
    >>> c = pd.DataFrame({"source_id": "S", "start": [0, 3, 10], "end": [5, 8, 12],
    ...                   "code": "x", "coder": ["A", "B", "A"]})
    >>> units_from_spans(c)[["segment_id", "start", "end"]].to_dict("records")
    [{'segment_id': 'S@0-8', 'start': 0, 'end': 8}, {'segment_id': 'S@10-12', 'start': 10, 'end': 12}]
    """
    rows = []
    for source, group in codings.groupby(SOURCE_ID, sort=True):
        spans = sorted(zip(group[START].astype(int), group[END].astype(int), strict=True))
        cur_start, cur_end = spans[0]
        for start, end in spans[1:]:
            if start < cur_end:
                cur_end = max(cur_end, end)
            else:
                rows.append((source, cur_start, cur_end))
                cur_start, cur_end = start, end
        rows.append((source, cur_start, cur_end))
    return pd.DataFrame(
        {
            SEGMENT_ID: [f"{s}@{a}-{b}" for s, a, b in rows],
            SOURCE_ID: [s for s, _, _ in rows],
            START: [a for _, a, _ in rows],
            END: [b for _, _, b in rows],
            INFORMANT: "",
            TEXT: "",
        }
    )


def _segments_of(segments: Any) -> pd.DataFrame:
    frame = getattr(segments, "segments", segments)
    if not isinstance(frame, pd.DataFrame):
        raise AgreementError("must be a segments DataFrame or a Corpus", field="segments")
    if ROLE in frame.columns:
        frame = frame[frame[ROLE] != "interviewer"]
    return frame


def _unit_codes(
    merged: pd.DataFrame, segments: Any, coders: list[str], original: pd.DataFrame
) -> tuple[list[str], pd.DataFrame]:
    """Unit ids and the (segment_id, code, coder) rows of the merged codings."""
    if segments is None:
        seg = units_from_spans(original)
    else:
        seg = _segments_of(segments)
        seg = seg[seg[SOURCE_ID].astype(str).isin(set(merged[SOURCE_ID].astype(str)))]
    mapped = segment_codings(merged, seg)
    units = seg[SEGMENT_ID].astype(str).tolist()
    if not units:
        raise AgreementError(
            "no shared units: the coders' sources have no segments", field="segments"
        )
    return units, mapped[mapped[CODER].isin(coders)]


def _roll_to(code: str, members: Sequence[str]) -> str | None:
    for member in members:
        if code == member or code.startswith(member + SEPARATOR):
            return member
    return None


def _measure_row(
    matrix: np.ndarray,
    measures: Sequence[str],
    *,
    n_boot: int,
    confidence: float,
    seed: Any,
) -> dict[str, Any]:
    row: dict[str, Any] = {N_UNITS: int(matrix.shape[1]), N_CODERS: int(matrix.shape[0])}
    notes: list[str] = []
    constant = np.unique(matrix).size <= 1
    if constant:
        notes.append(NO_VARIATION)
    n_categories = int(np.unique(matrix).size)
    for name in measures:
        try:
            if name == "brennan_prediger":
                value = measure(name, matrix, n_categories=max(n_categories, 2))
            else:
                value = measure(name, matrix)
        except AgreementError as error:
            value = float("nan")
            notes.append(f"{name}: {error.message}")
        row[name] = value
    row[ALPHA_LOW] = row[ALPHA_HIGH] = row[KAPPA_LOW] = row[KAPPA_HIGH] = float("nan")
    if n_boot and not constant:
        if "krippendorff_alpha" in measures:
            ci = alpha_bootstrap(matrix, n_boot=n_boot, confidence=confidence, seed=seed)
            row[ALPHA_LOW], row[ALPHA_HIGH] = ci.low, ci.high
        if "cohen_kappa" in measures:
            ci = kappa_bootstrap(matrix, n_boot=n_boot, confidence=confidence, seed=seed)
            row[KAPPA_LOW], row[KAPPA_HIGH] = ci.low, ci.high
    row[BAND] = interpret(row.get("krippendorff_alpha", float("nan")), scale="krippendorff")
    row[KAPPA_BAND] = interpret(row.get("cohen_kappa", float("nan")), scale="landis_koch")
    row[NOTE] = "; ".join(notes)
    return row


def _check_options(unit: str, by: str, measures: Iterable[str]) -> list[str]:
    if unit not in ("segment", "span"):
        raise AgreementError(f"unknown unit {unit!r}; choose segment or span", field="unit")
    if by not in ("code", "dimension"):
        raise AgreementError(f"unknown by {by!r}; choose code or dimension", field="by")
    chosen = list(measures)
    for name in chosen:
        if name not in MEASURES:
            raise AgreementError(
                f"unknown measure {name!r}; choose from {', '.join(MEASURES)}", field="measures"
            )
    return chosen


def _resolve_dimensions(
    by: str, dimensions: Mapping[str, Sequence[str]] | None, codebook: Codebook | None
) -> dict[str, tuple[str, ...]] | None:
    if by != "dimension":
        return None
    if dimensions is None:
        if codebook is None:
            raise AgreementError(
                "by='dimension' needs dimensions={name: [codes]} or a codebook", field="dimensions"
            )
        dimensions = default_dimensions(codebook)
    dims = {str(k): tuple(v) for k, v in dimensions.items()}
    if not dims or any(not v for v in dims.values()):
        raise AgreementError("every dimension needs at least one code", field="dimensions")
    return dims


def agreement_table(
    codings: pd.DataFrame,
    *,
    segments: Any = None,
    coders: Sequence[str] | None = None,
    unit: Literal["segment", "span"] = "segment",
    by: Literal["code", "dimension"] = "code",
    dimensions: Mapping[str, Sequence[str]] | None = None,
    codebook: Codebook | None = None,
    measures: Sequence[str] = DEFAULT_MEASURES,
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: int | None = 0,
    lengths: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """Intercoder agreement per code or per dimension, for two or more coders.

    Each coder's overlapping or touching spans of one code are merged first, so a coder who
    coded the same passage twice is not counted twice.

    With ``unit="segment"`` the units are segments: all segments of ``segments`` (a segments
    DataFrame or a Corpus; interviewer turns dropped) in the sources the coders coded, so a
    segment nobody coded counts as agreed absence; without ``segments``, the connected stretches
    of coded text (:func:`units_from_spans`). Per code, each coder's value per unit is presence
    (1) or absence (0). Per dimension, it is the dimension's code the coder applied (sub-codes
    rolled up), :data:`NONE_LABEL` when none, and the codes joined with ``+`` when several.

    With ``unit="span"`` Krippendorff's unitizing alpha (alpha-U) is computed on the spans
    themselves, sources laid end to end (``lengths`` or the corpus bodies give their lengths);
    per dimension the dimension's codes are its categories.

    Identical codings give 1.0 only where the data vary: when every coder gave every unit the
    same value (e.g. nobody used a code), chance-corrected measures are NaN and ``note`` says
    why; percent agreement is then 1.0.

    Parameters
    ----------
    codings : DataFrame
        Contract-4 codings of all coders.
    segments : DataFrame or Corpus, optional
        The units (see above).
    coders : sequence of str, optional
        Coders to compare (default: all in ``codings``); at least two.
    unit : {"segment", "span"}
    by : {"code", "dimension"}
    dimensions : mapping of str to codes, optional
        ``{name: [codes]}``; default :func:`default_dimensions` of ``codebook``.
    codebook : Codebook, optional
        For default dimensions.
    measures : sequence of str
        Keys of :data:`psm_qual.agreement.measures.MEASURES`. Two-coder measures are averaged
        over coder pairs when there are more than two coders.
    n_boot : int
        Bootstrap replicates for the intervals of alpha (Krippendorff's procedure) and Cohen's
        kappa (units resampled); 0 for none.
    confidence : float
        Coverage of the intervals.
    seed : int, optional
        Seed of the bootstrap.
    lengths : mapping, optional
        Source lengths for ``unit="span"``.

    Returns
    -------
    DataFrame
        One row per code (column ``code``) or dimension (column ``dimension``), then
        ``n_units``, ``n_coded`` (units at least one coder gave the code / a code of the
        dimension), ``n_coders``, one column per measure, ``alpha_low``, ``alpha_high``,
        ``kappa_low``, ``kappa_high``, ``band`` (Krippendorff's reading of alpha),
        ``kappa_band`` (Landis & Koch reading of Cohen's kappa) and ``note``. With
        ``unit="span"``: ``code``/``dimension``, ``n_units`` (spans), ``n_coders``,
        ``alpha_u``, ``band``, ``note``.

    Raises
    ------
    AgreementError
        Fewer than two coders, unknown coder/measure/unit/by, no units.

    Examples
    --------
    >>> c = pd.DataFrame({"source_id": "S", "start": [0, 10, 0, 10, 20], "end": [5, 15, 5, 15, 25],
    ...                   "code": ["x", "y", "x", "y", "y"], "coder": ["A", "A", "B", "B", "B"]})
    >>> seg = pd.DataFrame({"segment_id": ["S:1", "S:2", "S:3", "S:4"], "source_id": "S",
    ...                     "start": [0, 10, 20, 30], "end": [5, 15, 25, 35]})
    >>> t = agreement_table(c, segments=seg, n_boot=0)
    >>> t[["code", "n_units", "percent", "cohen_kappa", "krippendorff_alpha"]].round(3)
      code  n_units  percent  cohen_kappa  krippendorff_alpha
    0    x        4     1.00          1.0               1.000
    1    y        4     0.75          0.5               0.533
    """
    chosen = _check_options(unit, by, measures)
    frame = as_codings(codings)
    names = select_coders(frame, coders)
    selected = frame[frame[CODER].astype(str).isin(names)]
    merged = merge_overlapping(selected)
    dims = _resolve_dimensions(by, dimensions, codebook)
    key = CODE if by == "code" else DIMENSION
    if unit == "span":
        return _span_table(merged, names, dims, key, segments, lengths)
    units, mapped = _unit_codes(merged, segments, names, selected)
    position = {u: i for i, u in enumerate(units)}
    coder_index = {c: i for i, c in enumerate(names)}
    mapped = mapped[mapped[SEGMENT_ID].astype(str).isin(position)]
    rows = []
    groups: dict[str, tuple[str, ...]]
    if dims is None:
        groups = {code: (code,) for code in sorted(mapped[CODE].astype(str).unique())}
    else:
        groups = dims
    seg_pos = mapped[SEGMENT_ID].astype(str).map(position).to_numpy()
    coder_pos = mapped[CODER].astype(str).map(coder_index).to_numpy()
    codes = mapped[CODE].astype(str).to_numpy()
    for name, members in groups.items():
        if dims is None:
            hit = codes == name
            matrix = np.zeros((len(names), len(units)), dtype=np.int64)
            matrix[coder_pos[hit], seg_pos[hit]] = 1
        else:
            labels = [[set() for _ in units] for _ in names]
            for code, s, k in zip(codes, seg_pos, coder_pos, strict=True):
                member = _roll_to(code, members)
                if member is not None:
                    labels[k][s].add(member)
            text = [["+".join(sorted(x)) if x else NONE_LABEL for x in row] for row in labels]
            categories = {
                label: i for i, label in enumerate(sorted({v for row in text for v in row}))
            }
            matrix = np.array([[categories[v] for v in row] for row in text], dtype=np.int64)
            hit = np.array([[bool(x) for x in row] for row in labels])
        coded = (matrix > 0).any(axis=0) if dims is None else hit.any(axis=0)
        row = {key: name, N_CODED: int(coded.sum())}
        row.update(_measure_row(matrix, chosen, n_boot=n_boot, confidence=confidence, seed=seed))
        rows.append(row)
    columns = [
        key,
        N_UNITS,
        N_CODED,
        N_CODERS,
        *chosen,
        ALPHA_LOW,
        ALPHA_HIGH,
        KAPPA_LOW,
        KAPPA_HIGH,
        BAND,
        KAPPA_BAND,
        NOTE,
    ]
    return pd.DataFrame(rows, columns=columns)


def _span_table(merged, names, dims, key, segments, lengths) -> pd.DataFrame:
    if lengths is None and segments is not None and hasattr(segments, "bodies"):
        lengths = {k: len(v) for k, v in segments.bodies.items()}
    units, continuum = codings_continuum(merged, lengths=lengths)
    groups = {c: (c,) for c in sorted(units[CODE].unique())} if dims is None else dims
    rows = []
    for name, members in groups.items():
        rolled = units.assign(**{CODE: [_roll_to(c, members) for c in units[CODE]]})
        rolled = rolled[rolled[CODE].notna()]
        if rolled.empty:
            rows.append(
                {
                    key: name,
                    N_UNITS: 0,
                    N_CODERS: len(names),
                    ALPHA_U: float("nan"),
                    BAND: interpret(float("nan")),
                    NOTE: "no spans",
                }
            )
            continue
        rolled = rolled.assign(**{SOURCE_ID: "continuum", "memo": "", "created_at": ""})
        rolled = merge_overlapping(rolled)
        comp = unitizing_components(rolled, continuum=continuum, coders=names)
        note = "" if not np.isnan(comp.alpha) else NO_VARIATION
        rows.append(
            {
                key: name,
                N_UNITS: len(rolled),
                N_CODERS: len(names),
                ALPHA_U: comp.alpha,
                BAND: interpret(comp.alpha, scale="krippendorff"),
                NOTE: note,
            }
        )
    return pd.DataFrame(rows, columns=[key, N_UNITS, N_CODERS, ALPHA_U, BAND, NOTE])
