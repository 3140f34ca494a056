"""Farmer et al. (2006) convergence coding per theme and pair of data sets, with analyst overrides.

For each theme and each unordered pair of data sets ``(a, b)`` four inputs are computed from the
matrix, each governed by a parameter:

- **presence**: a data set has evidence when its cell has ``>= min_segments`` segments;
  ``both``, ``one`` or ``neither`` of the pair has evidence.
- **meaning**: the two cells' dominant stances (see :mod:`psm_qual.triangulation.matrix`) are the
  ``same``, ``contradict`` (one ``performed``, the other ``gap``) or otherwise ``differ`` (one is
  ``mixed`` or ``none``).
- **prominence**: each cell's share of units (informants) coded for the theme is binned by
  ``prominence_cuts`` (default ``(1/3, 2/3)``: ``low`` below 1/3, ``medium`` below 2/3, ``high``
  from 2/3); the bins are the ``same`` or ``differ``.
- **examples**: the Jaccard overlap of the two cells' sub-code sets (two empty sets overlap
  fully, 1.0) is ``same`` when ``>= jaccard_threshold`` (default 0.5), else ``differ``.

The decision table :data:`FARMER_RULES` maps
``(presence, meaning, prominence, examples)`` to a convergence code (``-``: not compared):

==========  ===========  ===========  ==========  =====================
presence    meaning      prominence   examples    code
==========  ===========  ===========  ==========  =====================
neither     \\-           \\-           \\-          not_applicable
one         \\-           \\-           \\-          silence
both        same         same         same        agreement
both        same         same         differ      partial_agreement
both        same         differ       same        partial_agreement
both        same         differ       differ      partial_agreement
both        differ       same         same        partial_agreement
both        differ       same         differ      partial_agreement
both        differ       differ       same        dissonance
both        differ       differ       differ      dissonance
both        contradict   same         same        partial_agreement
both        contradict   same         differ      dissonance
both        contradict   differ       same        dissonance
both        contradict   differ       differ      dissonance
==========  ===========  ===========  ==========  =====================

Farmer et al. define *agreement* as full agreement on meaning and prominence (here examples
too), *partial agreement* as agreement on some but not all, *silence* as one set covering a theme
the other does not, and *dissonance* as disagreement on both meaning and prominence. A
contradiction in meaning (performed vs gap) is dissonance unless prominence and examples both
agree. Pass ``rules=`` to use another table.

The analyst may override any cell with :func:`apply_overrides`; the computed code is kept in
``computed``, the analyst's in ``override`` (with its required ``memo``), and ``final`` is the
override when there is one, else the computed code.

References
----------
Farmer, T., Robinson, K., Elliott, S. J., & Eyles, J. (2006). Developing and implementing a
triangulation protocol for qualitative health research. *Qualitative Health Research*, 16(3),
377-394.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations
from types import MappingProxyType

import pandas as pd

from psm_qual.errors import TriangulationError
from psm_qual.triangulation import columns as tc

__all__ = [
    "FARMER_RULES",
    "DEFAULT_PROMINENCE_CUTS",
    "DEFAULT_JACCARD_THRESHOLD",
    "farmer_code",
    "compare_meaning",
    "prominence_bin",
    "jaccard",
    "convergence",
    "apply_overrides",
]

_ = "-"
FARMER_RULES: Mapping[tuple[str, str, str, str], str] = MappingProxyType(
    {
        ("neither", _, _, _): tc.NOT_APPLICABLE,
        ("one", _, _, _): tc.SILENCE,
        ("both", "same", "same", "same"): tc.AGREEMENT,
        ("both", "same", "same", "differ"): tc.PARTIAL_AGREEMENT,
        ("both", "same", "differ", "same"): tc.PARTIAL_AGREEMENT,
        ("both", "same", "differ", "differ"): tc.PARTIAL_AGREEMENT,
        ("both", "differ", "same", "same"): tc.PARTIAL_AGREEMENT,
        ("both", "differ", "same", "differ"): tc.PARTIAL_AGREEMENT,
        ("both", "differ", "differ", "same"): tc.DISSONANCE,
        ("both", "differ", "differ", "differ"): tc.DISSONANCE,
        ("both", "contradict", "same", "same"): tc.PARTIAL_AGREEMENT,
        ("both", "contradict", "same", "differ"): tc.DISSONANCE,
        ("both", "contradict", "differ", "same"): tc.DISSONANCE,
        ("both", "contradict", "differ", "differ"): tc.DISSONANCE,
    }
)
DEFAULT_PROMINENCE_CUTS = (1 / 3, 2 / 3)
DEFAULT_PROMINENCE_LABELS = ("low", "medium", "high")
DEFAULT_JACCARD_THRESHOLD = 0.5


def farmer_code(
    presence: str,
    meaning: str = _,
    prominence: str = _,
    examples: str = _,
    *,
    rules: Mapping[tuple[str, str, str, str], str] = FARMER_RULES,
) -> str:
    """Look a comparison up in the decision table.

    Examples
    --------
    >>> farmer_code("one"), farmer_code("both", "same", "same", "same")
    ('silence', 'agreement')
    >>> farmer_code("both", "contradict", "differ", "same")
    'dissonance'
    """
    key = (presence, _, _, _) if presence != "both" else (presence, meaning, prominence, examples)
    try:
        return rules[key]
    except KeyError:
        raise TriangulationError(f"no rule for {key}", field="rules") from None


def compare_meaning(a: str, b: str) -> str:
    """``same``, ``contradict`` (performed vs gap) or ``differ``.

    Examples
    --------
    >>> compare_meaning("gap", "gap"), compare_meaning("gap", "performed"), compare_meaning("gap", "mixed")
    ('same', 'contradict', 'differ')
    """
    if a == b:
        return "same"
    if {a, b} == {"performed", "gap"}:
        return "contradict"
    return "differ"


def prominence_bin(
    share: float,
    cuts: Sequence[float] = DEFAULT_PROMINENCE_CUTS,
    labels: Sequence[str] = DEFAULT_PROMINENCE_LABELS,
) -> str:
    """The prominence bin of a share: ``labels[i]`` where ``i`` counts the cuts ``<= share``.

    Examples
    --------
    >>> prominence_bin(0.2), prominence_bin(0.5), prominence_bin(2 / 3), prominence_bin(1.0)
    ('low', 'medium', 'high', 'high')
    """
    return labels[sum(share >= cut for cut in cuts)]


def jaccard(a: Sequence[str], b: Sequence[str]) -> float:
    """Jaccard overlap of two sets of sub-codes; two empty sets give 1.0.

    Examples
    --------
    >>> jaccard(["x", "y"], ["y", "z"]), jaccard([], [])
    (0.3333333333333333, 1.0)
    """
    sa, sb = set(a), set(b)
    union = sa | sb
    return len(sa & sb) / len(union) if union else 1.0


def _check_params(
    min_segments: int, cuts: Sequence[float], labels: Sequence[str], threshold: float
) -> None:
    if min_segments < 1:
        raise TriangulationError(f"must be >= 1, got {min_segments!r}", field="min_segments")
    if list(cuts) != sorted(cuts) or any(not 0 < c <= 1 for c in cuts):
        raise TriangulationError(
            f"must be increasing shares in (0, 1], got {tuple(cuts)!r}", field="prominence_cuts"
        )
    if len(labels) != len(cuts) + 1:
        raise TriangulationError(
            f"needs {len(cuts) + 1} labels for {len(cuts)} cuts", field="prominence_labels"
        )
    if not 0 <= threshold <= 1:
        raise TriangulationError(f"must be in [0, 1], got {threshold!r}", field="jaccard_threshold")


def convergence(
    matrix: pd.DataFrame,
    *,
    min_segments: int = 1,
    prominence_cuts: Sequence[float] = DEFAULT_PROMINENCE_CUTS,
    prominence_labels: Sequence[str] = DEFAULT_PROMINENCE_LABELS,
    jaccard_threshold: float = DEFAULT_JACCARD_THRESHOLD,
    rules: Mapping[tuple[str, str, str, str], str] = FARMER_RULES,
) -> pd.DataFrame:
    """Farmer convergence code for each theme and unordered pair of data sets.

    Parameters
    ----------
    matrix : DataFrame
        A source, technique or mixed-methods matrix.
    min_segments : int
        Presence: segments a cell needs for its data set to have evidence.
    prominence_cuts, prominence_labels : sequence
        Prominence: cut-points on the share of units coded, and the bin names (one more).
    jaccard_threshold : float
        Examples: Jaccard overlap of sub-code sets at or above which the examples are the same.
    rules : mapping
        The decision table (default :data:`FARMER_RULES`).

    Returns
    -------
    DataFrame
        One row per theme and pair (``a`` before ``b`` in matrix order), columns
        :data:`~psm_qual.triangulation.columns.CONVERGENCE_COLUMNS`: the inputs (``present_a``,
        ``present_b``, ``presence``, ``stance_a``, ``stance_b``, ``meaning``, ``prominence_a``,
        ``prominence_b``, ``prominence``, ``jaccard``, ``examples_match``; ``-`` where not
        compared), ``computed``, ``override`` and ``memo`` (``""``) and ``final``.

    Examples
    --------
    >>> from psm_qual.triangulation import source_matrix
    >>> from psm_qual.triangulation.demo import toy_study
    >>> codings, corpus = toy_study()
    >>> convergence(source_matrix(codings, corpus))[["theme", "a", "b", "final"]]
         theme       a        b              final
    0   health  tenant  warden  partial_agreement
    1  housing  tenant  warden            silence
    """
    _check_params(min_segments, prominence_cuts, prominence_labels, jaccard_threshold)
    rows = []
    for theme, cells in matrix.groupby(tc.THEME, sort=False):
        cells = cells.reset_index(drop=True)
        for i, j in combinations(range(len(cells)), 2):
            ca, cb = cells.iloc[i], cells.iloc[j]
            pa, pb = bool(ca[tc.SEGMENTS] >= min_segments), bool(cb[tc.SEGMENTS] >= min_segments)
            presence = "both" if pa and pb else ("one" if pa or pb else "neither")
            row = {
                tc.THEME: theme,
                tc.DIMENSION: ca[tc.DIMENSION],
                tc.A: ca[tc.DATASET],
                tc.B: cb[tc.DATASET],
                tc.PRESENT_A: pa,
                tc.PRESENT_B: pb,
                tc.PRESENCE: presence,
                tc.STANCE_A: ca[tc.STANCE],
                tc.STANCE_B: cb[tc.STANCE],
                tc.MEANING: _,
                tc.PROMINENCE_A: _,
                tc.PROMINENCE_B: _,
                tc.PROMINENCE: _,
                tc.JACCARD: float("nan"),
                tc.EXAMPLES_MATCH: _,
            }
            if presence == "both":
                bin_a = prominence_bin(ca[tc.SHARE], prominence_cuts, prominence_labels)
                bin_b = prominence_bin(cb[tc.SHARE], prominence_cuts, prominence_labels)
                overlap = jaccard(ca[tc.SUBCODES], cb[tc.SUBCODES])
                row.update(
                    {
                        tc.MEANING: compare_meaning(ca[tc.STANCE], cb[tc.STANCE]),
                        tc.PROMINENCE_A: bin_a,
                        tc.PROMINENCE_B: bin_b,
                        tc.PROMINENCE: "same" if bin_a == bin_b else "differ",
                        tc.JACCARD: overlap,
                        tc.EXAMPLES_MATCH: "same" if overlap >= jaccard_threshold else "differ",
                    }
                )
            row[tc.COMPUTED] = farmer_code(
                presence,
                row[tc.MEANING],
                row[tc.PROMINENCE],
                row[tc.EXAMPLES_MATCH],
                rules=rules,
            )
            row.update({tc.OVERRIDE: "", tc.MEMO: "", tc.FINAL: row[tc.COMPUTED]})
            rows.append(row)
    frame = pd.DataFrame(rows, columns=list(tc.CONVERGENCE_COLUMNS))
    frame[tc.JACCARD] = frame[tc.JACCARD].astype(float)
    return frame


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or not str(value).strip()


def apply_overrides(result, overrides: pd.DataFrame):
    """Apply the analyst's overrides to a convergence table (or a :class:`Triangulation`).

    Parameters
    ----------
    result : DataFrame or Triangulation
        A table from :func:`convergence`, or a triangulation (its convergence and summary are
        updated).
    overrides : DataFrame
        Columns ``theme, a, b, code, memo`` (:data:`~psm_qual.triangulation.columns.OVERRIDE_COLUMNS`);
        ``a`` and ``b`` may come in either order; ``memo`` is required.

    Returns
    -------
    DataFrame or Triangulation
        A copy whose ``override`` and ``memo`` hold the analyst's code and reason and whose
        ``final`` is the override; ``computed`` is unchanged.

    Raises
    ------
    TriangulationError
        A missing column, an empty memo, an unknown code, a pair that is not in the table, or
        two overrides of one cell (the message names the override's row, from 1).

    Examples
    --------
    >>> from psm_qual.triangulation import source_matrix
    >>> from psm_qual.triangulation.demo import toy_study
    >>> codings, corpus = toy_study()
    >>> table = convergence(source_matrix(codings, corpus))
    >>> memo = "observation confirms the interviews' access gap"
    >>> fixed = apply_overrides(table, pd.DataFrame(
    ...     [{"theme": "health", "a": "warden", "b": "tenant", "code": "agreement", "memo": memo}]))
    >>> fixed.loc[0, ["computed", "override", "final"]].tolist()
    ['partial_agreement', 'agreement', 'agreement']
    """
    if not isinstance(result, pd.DataFrame):
        return result.with_overrides(overrides)
    missing = [c for c in tc.OVERRIDE_COLUMNS if c not in overrides.columns]
    if missing:
        raise TriangulationError(f"overrides lack columns {missing}", field="overrides")
    table = result.copy()
    index = {
        (row[tc.THEME], *sorted((row[tc.A], row[tc.B]))): position
        for position, row in zip(table.index, table.to_dict("records"), strict=True)
    }
    seen: set[int] = set()
    for n, row in enumerate(overrides.to_dict("records"), start=1):
        where = f"override {n}"
        code, memo = row["code"], row[tc.MEMO]
        if _blank(memo):
            raise TriangulationError(f"{where}: a memo is required", field=tc.MEMO)
        if code not in tc.CONVERGENCE_CODES:
            raise TriangulationError(
                f"{where}: {code!r} is not one of {', '.join(tc.CONVERGENCE_CODES)}",
                field="code",
            )
        key = (row[tc.THEME], *sorted((str(row[tc.A]), str(row[tc.B]))))
        if key not in index:
            raise TriangulationError(
                f"{where}: no pair ({row[tc.A]!r}, {row[tc.B]!r}) for theme {row[tc.THEME]!r}",
                field="overrides",
            )
        position = index[key]
        if position in seen:
            raise TriangulationError(
                f"{where}: overrides that pair a second time", field="overrides"
            )
        seen.add(position)
        table.loc[position, [tc.OVERRIDE, tc.MEMO, tc.FINAL]] = [code, str(memo).strip(), code]
    return table
