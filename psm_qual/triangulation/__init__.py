"""Triangulation made explicit: source and technique matrices, Sugiyono labels, Farmer convergence.

Start with :func:`triangulate` (one call, a :class:`Triangulation`), or call the steps:
:func:`source_matrix` / :func:`technique_matrix` / :func:`mixed_methods_matrix`,
:func:`sugiyono_labels`, :func:`convergence`, :func:`apply_overrides`, :func:`theme_summary`,
:func:`completeness`; :func:`framework_matrix` for the framework method; :func:`heatmap` and
:func:`convergence_heatmap` for figures. Column names are in
:mod:`psm_qual.triangulation.columns`.
"""

from psm_qual.triangulation.evidence import UNASSIGNED, resolve_themes
from psm_qual.triangulation.farmer import (
    FARMER_RULES,
    apply_overrides,
    compare_meaning,
    convergence,
    farmer_code,
    jaccard,
    prominence_bin,
)
from psm_qual.triangulation.figures import convergence_heatmap, heatmap
from psm_qual.triangulation.framework import framework_matrix, framework_table
from psm_qual.triangulation.matrix import (
    DEFAULT_DOMINANCE,
    mixed_methods_matrix,
    source_matrix,
    stance,
    technique_matrix,
)
from psm_qual.triangulation.result import Triangulation, triangulate, triangulate_both
from psm_qual.triangulation.sugiyono import SUGIYONO_LABELS, sugiyono_label, sugiyono_labels
from psm_qual.triangulation.summary import completeness, theme_summary

__all__ = [
    "DEFAULT_DOMINANCE",
    "FARMER_RULES",
    "SUGIYONO_LABELS",
    "UNASSIGNED",
    "Triangulation",
    "apply_overrides",
    "compare_meaning",
    "completeness",
    "convergence",
    "convergence_heatmap",
    "farmer_code",
    "framework_matrix",
    "framework_table",
    "heatmap",
    "jaccard",
    "mixed_methods_matrix",
    "prominence_bin",
    "resolve_themes",
    "source_matrix",
    "stance",
    "sugiyono_label",
    "sugiyono_labels",
    "technique_matrix",
    "theme_summary",
    "triangulate",
    "triangulate_both",
]
