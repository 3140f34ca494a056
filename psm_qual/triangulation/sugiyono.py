"""Sugiyono's triangulation labels: is a theme's evidence the same, different or specific?

Indonesian qualitative studies cite Sugiyono for *triangulasi sumber* and *triangulasi teknik*:
the data from several sources (or techniques) are described, categorised, and found to be the
same (*sama*), different (*berbeda*) or specific to one of them (*spesifik*). Sources are never
averaged: a label is decided from each data set's own stance.

Label rule (per theme; a data set *has evidence* when its cell has ``>= min_segments`` segments):

=============  ==================================================================================
``absent``     no data set has evidence
``specific``   exactly one data set has evidence
``same``       two or more data sets have evidence and no two of them contradict
``different``  two or more data sets have evidence and they contradict (one dominantly
               ``performed``, another dominantly ``gap``)
=============  ==================================================================================

A data set whose evidence carries no assessment (stance ``none``) neither confirms nor
contradicts with ``unassessed="neutral"`` (the default). With ``unassessed="differs"`` ``none``
is a stance like any other. A data set whose evidence is ``mixed`` (neither stance dominant)
holds substantial evidence of both, so with ``mixed="compatible"`` (the default) it contradicts
neither: a gap found by interviews and observation is still corroborated by documents that also
show some performance. With ``mixed="differs"`` any two different stances make ``different``.

References
----------
Sugiyono (2013). *Metode Penelitian Kuantitatif, Kualitatif, dan R&D*. Bandung: Alfabeta
(triangulasi sumber, triangulasi teknik).
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from psm_qual.errors import TriangulationError
from psm_qual.triangulation import columns as tc
from psm_qual.triangulation.evidence import check_choice

__all__ = ["SUGIYONO_LABELS", "sugiyono_label", "sugiyono_labels"]

SUGIYONO_LABELS = {
    "same": "held by two or more data sets with the same stance (sama)",
    "different": "two or more data sets with evidence whose stances contradict (berbeda)",
    "specific": "evidence from one data set only (spesifik)",
    "absent": "no data set has evidence",
}

Unassessed = Literal["neutral", "differs"]
Mixed = Literal["compatible", "differs"]


def sugiyono_label(
    stances: list[str], *, unassessed: Unassessed = "neutral", mixed: Mixed = "compatible"
) -> str:
    """The label of a theme from the stances of its data sets that have evidence.

    Examples
    --------
    >>> sugiyono_label(["gap", "gap", "none"]), sugiyono_label(["gap", "performed"])
    ('same', 'different')
    >>> sugiyono_label(["mixed"]), sugiyono_label([])
    ('specific', 'absent')
    >>> sugiyono_label(["gap", "none"], unassessed="differs")
    'different'
    >>> sugiyono_label(["gap", "mixed"]), sugiyono_label(["gap", "mixed"], mixed="differs")
    ('same', 'different')
    """
    check_choice(unassessed, ("neutral", "differs"), "unassessed")
    check_choice(mixed, ("compatible", "differs"), "mixed")
    if not stances:
        return "absent"
    if len(stances) == 1:
        return "specific"
    compared = {s for s in stances if s != "none"} if unassessed == "neutral" else set(stances)
    if mixed == "compatible" and len(compared) > 1:
        compared.discard("mixed")
    return "same" if len(compared) <= 1 else "different"


def sugiyono_labels(
    matrix: pd.DataFrame,
    *,
    min_segments: int = 1,
    unassessed: Unassessed = "neutral",
    mixed: Mixed = "compatible",
) -> pd.DataFrame:
    """Sugiyono's label for each theme of a matrix.

    Parameters
    ----------
    matrix : DataFrame
        A matrix from :func:`~psm_qual.triangulation.source_matrix` (or the technique or mixed
        methods matrix).
    min_segments : int
        Segments a cell needs for its data set to count as having evidence.
    unassessed : {"neutral", "differs"}
        How a data set with evidence but no assessment (stance ``none``) counts.
    mixed : {"compatible", "differs"}
        How a data set with a ``mixed`` stance counts (see the module docstring).

    Returns
    -------
    DataFrame
        Columns :data:`~psm_qual.triangulation.columns.LABEL_COLUMNS`: ``theme``, ``by``,
        ``label`` (same | different | specific | absent), ``present`` (tuple of data sets with
        evidence) and ``stances`` (tuple of ``"dataset=stance"``).

    Examples
    --------
    >>> from psm_qual.triangulation import source_matrix
    >>> from psm_qual.triangulation.demo import toy_study
    >>> codings, corpus = toy_study()
    >>> sugiyono_labels(source_matrix(codings, corpus))[["theme", "label", "present"]]
         theme     label            present
    0   health      same  (tenant, warden)
    1  housing  specific          (tenant,)
    """
    if min_segments < 1:
        raise TriangulationError(f"must be >= 1, got {min_segments!r}", field="min_segments")
    rows = []
    for theme, cells in matrix.groupby(tc.THEME, sort=False):
        present = cells[cells[tc.SEGMENTS] >= min_segments]
        stances = present[tc.STANCE].tolist()
        rows.append(
            {
                tc.THEME: theme,
                tc.DIMENSION: cells[tc.DIMENSION].iloc[0],
                tc.LABEL: sugiyono_label(stances, unassessed=unassessed, mixed=mixed),
                tc.PRESENT: tuple(present[tc.DATASET]),
                tc.STANCES: tuple(
                    f"{d}={s}" for d, s in zip(present[tc.DATASET], stances, strict=True)
                ),
            }
        )
    return pd.DataFrame(rows, columns=list(tc.LABEL_COLUMNS))
