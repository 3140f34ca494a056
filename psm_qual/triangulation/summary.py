"""Per-theme summary of the convergence coding, and the completeness comparison.

The completeness comparison (Farmer et al. 2006; Adami & Kiger 2005) asks, per theme, which data
sets contribute evidence and whether that contribution is unique (the only data set with
evidence) or shared, and which sub-codes each data set alone contributes.
"""

from __future__ import annotations

import pandas as pd

from psm_qual.errors import TriangulationError
from psm_qual.triangulation import columns as tc

__all__ = ["theme_summary", "completeness"]


def _check_min(min_segments: int) -> None:
    if min_segments < 1:
        raise TriangulationError(f"must be >= 1, got {min_segments!r}", field="min_segments")


def theme_summary(
    matrix: pd.DataFrame,
    labels: pd.DataFrame,
    convergence: pd.DataFrame,
    *,
    min_segments: int = 1,
) -> pd.DataFrame:
    """Counts of each final convergence code per theme, with its label and silent data sets.

    Parameters
    ----------
    matrix, labels, convergence : DataFrame
        From the matrix functions, :func:`~psm_qual.triangulation.sugiyono_labels` and
        :func:`~psm_qual.triangulation.convergence` (overrides applied or not).
    min_segments : int
        Segments a cell needs for its data set to have evidence.

    Returns
    -------
    DataFrame
        Columns :data:`~psm_qual.triangulation.columns.SUMMARY_COLUMNS`: ``theme``, ``by``,
        ``label``, one count per convergence code (``agreement``, ``partial_agreement``,
        ``silence``, ``dissonance``, ``not_applicable``; counted on ``final``), ``overridden``,
        ``present`` and ``silent`` (tuples of data sets).

    Examples
    --------
    >>> from psm_qual.triangulation import triangulate
    >>> from psm_qual.triangulation.demo import toy_study
    >>> codings, corpus = toy_study()
    >>> triangulate(codings, corpus).summary[["theme", "label", "silence", "silent"]]
         theme     label  silence      silent
    0   health      same        0          ()
    1  housing  specific        1  (warden,)
    """
    _check_min(min_segments)
    label_of = dict(zip(labels[tc.THEME], labels[tc.LABEL], strict=True))
    rows = []
    for theme, cells in matrix.groupby(tc.THEME, sort=False):
        present = cells[tc.SEGMENTS] >= min_segments
        pairs = convergence[convergence[tc.THEME] == theme]
        counts = pairs[tc.FINAL].value_counts()
        row = {
            tc.THEME: theme,
            tc.DIMENSION: cells[tc.DIMENSION].iloc[0],
            tc.LABEL: label_of.get(theme, ""),
        }
        row.update({code: int(counts.get(code, 0)) for code in tc.CONVERGENCE_CODES})
        row[tc.OVERRIDDEN] = int((pairs[tc.OVERRIDE] != "").sum())
        row[tc.PRESENT] = tuple(cells.loc[present, tc.DATASET])
        row[tc.SILENT] = tuple(cells.loc[~present, tc.DATASET])
        rows.append(row)
    return pd.DataFrame(rows, columns=list(tc.SUMMARY_COLUMNS))


def completeness(matrix: pd.DataFrame, *, min_segments: int = 1) -> pd.DataFrame:
    """Theme x data set presence, and what each data set contributes uniquely or shares.

    Returns
    -------
    DataFrame
        One row per theme x data set, columns
        :data:`~psm_qual.triangulation.columns.COMPLETENESS_COLUMNS`: ``present`` (bool),
        ``segments``, ``contribution`` (``unique``: the only data set with evidence on the
        theme; ``shared``; ``silent``), ``subcodes``, ``unique_subcodes`` (sub-codes no other
        data set with evidence has) and ``shared_subcodes``.

    Examples
    --------
    >>> from psm_qual.triangulation import source_matrix
    >>> from psm_qual.triangulation.demo import toy_study
    >>> codings, corpus = toy_study()
    >>> completeness(source_matrix(codings, corpus))[
    ...     ["theme", "dataset", "contribution", "unique_subcodes"]]
         theme  dataset contribution                 unique_subcodes
    0   health   tenant       shared                (health/access,)
    1   health  warden       shared                (health/visits,)
    2  housing   tenant       unique  (housing/rent, housing/repair)
    3  housing  warden       silent                              ()
    """
    _check_min(min_segments)
    rows = []
    for theme, cells in matrix.groupby(tc.THEME, sort=False):
        present = (cells[tc.SEGMENTS] >= min_segments).tolist()
        subcodes = [
            set(s) if p else set() for s, p in zip(cells[tc.SUBCODES], present, strict=True)
        ]
        n_present = sum(present)
        for i, (dataset, segments) in enumerate(
            zip(cells[tc.DATASET], cells[tc.SEGMENTS], strict=True)
        ):
            others = set().union(*(s for j, s in enumerate(subcodes) if j != i))
            if not present[i]:
                contribution = "silent"
            else:
                contribution = "unique" if n_present == 1 else "shared"
            rows.append(
                {
                    tc.THEME: theme,
                    tc.DIMENSION: cells[tc.DIMENSION].iloc[0],
                    tc.DATASET: dataset,
                    tc.PRESENT: present[i],
                    tc.SEGMENTS: int(segments),
                    tc.CONTRIBUTION: contribution,
                    tc.SUBCODES: tuple(sorted(subcodes[i])),
                    tc.UNIQUE_SUBCODES: tuple(sorted(subcodes[i] - others)),
                    tc.SHARED_SUBCODES: tuple(sorted(subcodes[i] & others)),
                }
            )
    return pd.DataFrame(rows, columns=list(tc.COMPLETENESS_COLUMNS))
