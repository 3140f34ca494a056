"""The triangulation result: matrix, labels, convergence, summary and completeness in one object."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, Literal

import pandas as pd

from psm_qual.codebook.model import Codebook
from psm_qual.columns import GROUP, INFORMANT, TECHNIQUE
from psm_qual.errors import TriangulationError
from psm_qual.triangulation import columns as tc
from psm_qual.triangulation.evidence import (
    DEFAULT_EXCLUDE,
    DEFAULT_GAP,
    DEFAULT_PERFORMED,
    Unassigned,
    check_choice,
)
from psm_qual.triangulation.farmer import (
    DEFAULT_JACCARD_THRESHOLD,
    DEFAULT_PROMINENCE_CUTS,
    apply_overrides,
    convergence,
)
from psm_qual.triangulation.matrix import DEFAULT_DOMINANCE, _matrix
from psm_qual.triangulation.sugiyono import Mixed, Unassessed, sugiyono_labels
from psm_qual.triangulation.summary import completeness, theme_summary

__all__ = ["Triangulation", "triangulate", "triangulate_both"]


@dataclass(frozen=True, eq=False)
class Triangulation:
    """One triangulation (source or technique) and everything computed from it.

    Attributes
    ----------
    matrix : DataFrame
        Theme x data set evidence (:data:`~psm_qual.triangulation.columns.MATRIX_COLUMNS`).
    labels : DataFrame
        Sugiyono's label per theme (:data:`~psm_qual.triangulation.columns.LABEL_COLUMNS`).
    convergence : DataFrame
        Farmer codes per theme and pair, computed, override and final
        (:data:`~psm_qual.triangulation.columns.CONVERGENCE_COLUMNS`).
    summary : DataFrame
        Per-theme counts (:data:`~psm_qual.triangulation.columns.SUMMARY_COLUMNS`).
    completeness : DataFrame
        Theme x data set presence and contributions
        (:data:`~psm_qual.triangulation.columns.COMPLETENESS_COLUMNS`).
    params : Mapping
        Every parameter the result was computed with (``by``, ``themes``, thresholds...).
    """

    matrix: pd.DataFrame
    labels: pd.DataFrame
    convergence: pd.DataFrame
    summary: pd.DataFrame
    completeness: pd.DataFrame
    params: Mapping[str, Any]

    @property
    def themes(self) -> tuple[str, ...]:
        """The themes, in matrix order."""
        return tuple(dict.fromkeys(self.matrix[tc.THEME]))

    @property
    def datasets(self) -> tuple[str, ...]:
        """The data sets, in matrix order."""
        return tuple(dict.fromkeys(self.matrix[tc.DATASET]))

    def with_overrides(self, overrides: pd.DataFrame) -> Triangulation:
        """A copy with the analyst's overrides applied (see :func:`apply_overrides`)."""
        table = apply_overrides(self.convergence, overrides)
        summary = theme_summary(
            self.matrix, self.labels, table, min_segments=self.params["min_segments"]
        )
        return replace(self, convergence=table, summary=summary)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: per theme, the label, stances, pairwise codes and summary.

        Examples
        --------
        >>> from psm_qual.triangulation.demo import toy_study
        >>> codings, corpus = toy_study()
        >>> d = triangulate(codings, corpus, by="technique").to_dict()
        >>> d["by"], [(t["theme"], t["label"]) for t in d["themes"]]
        ('technique', [('health', 'same'), ('housing', 'specific')])
        """
        themes = []
        labels = self.labels.set_index(tc.THEME)
        summary = self.summary.set_index(tc.THEME)
        for theme in self.themes:
            cells = self.matrix[self.matrix[tc.THEME] == theme]
            pairs = self.convergence[self.convergence[tc.THEME] == theme]
            row = summary.loc[theme]
            themes.append(
                {
                    "theme": theme,
                    "label": labels.loc[theme, tc.LABEL],
                    "cells": [
                        {
                            "dataset": c[tc.DATASET],
                            "segments": int(c[tc.SEGMENTS]),
                            "informants": int(c[tc.INFORMANTS]),
                            "share": float(c[tc.SHARE]),
                            "performed": int(c[tc.PERFORMED]),
                            "gap": int(c[tc.GAP]),
                            "stance": c[tc.STANCE],
                            "subcodes": list(c[tc.SUBCODES]),
                            "examples": list(c[tc.EXAMPLES]),
                        }
                        for c in cells.to_dict("records")
                    ],
                    "convergence": [
                        {
                            "a": p[tc.A],
                            "b": p[tc.B],
                            "code": p[tc.FINAL],
                            "computed": p[tc.COMPUTED],
                            "override": p[tc.OVERRIDE],
                            "memo": p[tc.MEMO],
                        }
                        for p in pairs.to_dict("records")
                    ],
                    "summary": {
                        **{code: int(row[code]) for code in tc.CONVERGENCE_CODES},
                        "overridden": int(row[tc.OVERRIDDEN]),
                        "present": list(row[tc.PRESENT]),
                        "silent": list(row[tc.SILENT]),
                    },
                }
            )
        params = {k: list(v) if isinstance(v, tuple) else v for k, v in self.params.items()}
        return {
            "by": self.params["by"],
            "datasets": list(self.datasets),
            "params": params,
            "themes": themes,
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as a JSON string (UTF-8 text, non-ASCII kept)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def triangulate(
    codings: pd.DataFrame,
    corpus,
    *,
    by: Literal["group", "informant", "technique"] = "group",
    codes: Sequence[str] | None = None,
    codebook: Codebook | None = None,
    performed: str = DEFAULT_PERFORMED,
    gap: str = DEFAULT_GAP,
    exclude: Sequence[str] = DEFAULT_EXCLUDE,
    coder: str | None = None,
    unassigned: Unassigned = "label",
    dominance: float = DEFAULT_DOMINANCE,
    k: int = 3,
    min_segments: int = 1,
    prominence_cuts: Sequence[float] = DEFAULT_PROMINENCE_CUTS,
    jaccard_threshold: float = DEFAULT_JACCARD_THRESHOLD,
    unassessed: Unassessed = "neutral",
    mixed: Mixed = "compatible",
    overrides: pd.DataFrame | None = None,
) -> Triangulation:
    """Source (``by="group"`` or ``"informant"``) or technique (``by="technique"``) triangulation.

    Builds the matrix (see :func:`~psm_qual.triangulation.source_matrix` for the matrix
    parameters), Sugiyono's labels (``min_segments``, ``unassessed``, ``mixed``), Farmer's convergence
    coding (``min_segments``, ``prominence_cuts``, ``jaccard_threshold``), applies the analyst's
    ``overrides`` (``theme, a, b, code, memo``), and summarises.

    Returns
    -------
    Triangulation

    Examples
    --------
    >>> from psm_qual.triangulation.demo import toy_study
    >>> codings, corpus = toy_study()
    >>> result = triangulate(codings, corpus, by="group")
    >>> result.labels[["theme", "label"]].values.tolist()
    [['health', 'same'], ['housing', 'specific']]
    >>> result.convergence[["theme", "a", "b", "final"]].values.tolist()
    [['health', 'tenant', 'warden', 'partial_agreement'], ['housing', 'tenant', 'warden', 'silence']]
    """
    check_choice(by, (GROUP, INFORMANT, TECHNIQUE), "by")
    matrix = _matrix(
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
    labels = sugiyono_labels(matrix, min_segments=min_segments, unassessed=unassessed, mixed=mixed)
    table = convergence(
        matrix,
        min_segments=min_segments,
        prominence_cuts=prominence_cuts,
        jaccard_threshold=jaccard_threshold,
    )
    if overrides is not None:
        table = apply_overrides(table, overrides)
    params = MappingProxyType(
        {
            "by": by,
            "themes": tuple(dict.fromkeys(matrix[tc.THEME])),
            "performed": performed,
            "gap": gap,
            "exclude": tuple(exclude),
            "coder": coder,
            "unassigned": unassigned,
            "dominance": dominance,
            "k": k,
            "min_segments": min_segments,
            "prominence_cuts": tuple(prominence_cuts),
            "jaccard_threshold": jaccard_threshold,
            "unassessed": unassessed,
            "mixed": mixed,
        }
    )
    return Triangulation(
        matrix=matrix,
        labels=labels,
        convergence=table,
        summary=theme_summary(matrix, labels, table, min_segments=min_segments),
        completeness=completeness(matrix, min_segments=min_segments),
        params=params,
    )


def triangulate_both(
    codings: pd.DataFrame,
    corpus,
    *,
    by: Literal["group", "informant"] = "group",
    **options: Any,
) -> dict[str, Triangulation]:
    """Source triangulation (``by``) and technique triangulation with the same options.

    Returns ``{"source": ..., "technique": ...}``; ``options`` are those of :func:`triangulate`
    (``overrides`` apply to whichever triangulation has the pair, so pass them separately per
    triangulation when both are overridden).

    Examples
    --------
    >>> from psm_qual.triangulation.demo import toy_study
    >>> codings, corpus = toy_study()
    >>> {name: t.params["by"] for name, t in triangulate_both(codings, corpus).items()}
    {'source': 'group', 'technique': 'technique'}
    """
    check_choice(by, (GROUP, INFORMANT), "by")
    if "overrides" in options:
        raise TriangulationError(
            "pass overrides to triangulate() for one triangulation", field="overrides"
        )
    return {
        "source": triangulate(codings, corpus, by=by, **options),
        "technique": triangulate(codings, corpus, by=TECHNIQUE, **options),
    }
