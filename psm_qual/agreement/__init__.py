"""Intercoder agreement: every standard measure, checked against published worked examples.

Measures (functions named after the measure): :func:`percent_agreement`, :func:`cohen_kappa`,
:func:`scott_pi`, :func:`brennan_prediger_kappa`, :func:`fleiss_kappa`,
:func:`krippendorff_alpha` (four levels), :func:`unitizing_alpha` (alpha-U); bootstrap
intervals :func:`alpha_bootstrap`, :func:`kappa_bootstrap`; bands :func:`interpret`; from
codings: :func:`agreement_table`, :func:`overlap_agreement`; review: :func:`disagreements`,
:func:`resolve`.
"""

from psm_qual.agreement.bands import interpret
from psm_qual.agreement.bootstrap import Interval, alpha_bootstrap, kappa_bootstrap
from psm_qual.agreement.data import category_counts, encode, pairs_from_table
from psm_qual.agreement.krippendorff import (
    AlphaComponents,
    alpha_components,
    coincidence_matrix,
    krippendorff_alpha,
)
from psm_qual.agreement.measures import MEASURES, measure
from psm_qual.agreement.nominal import (
    brennan_prediger_kappa,
    cohen_kappa,
    contingency_table,
    fleiss_kappa,
    percent_agreement,
    scott_pi,
)
from psm_qual.agreement.overlap import overlap_agreement
from psm_qual.agreement.review import agreed_spans, disagreements, resolve
from psm_qual.agreement.table import agreement_table, default_dimensions
from psm_qual.agreement.unitizing import (
    UnitizingComponents,
    codings_continuum,
    unitizing_alpha,
    unitizing_components,
)

__all__ = [
    "MEASURES",
    "AlphaComponents",
    "Interval",
    "UnitizingComponents",
    "agreed_spans",
    "agreement_table",
    "alpha_bootstrap",
    "alpha_components",
    "brennan_prediger_kappa",
    "category_counts",
    "codings_continuum",
    "cohen_kappa",
    "coincidence_matrix",
    "contingency_table",
    "default_dimensions",
    "disagreements",
    "encode",
    "fleiss_kappa",
    "interpret",
    "kappa_bootstrap",
    "krippendorff_alpha",
    "measure",
    "overlap_agreement",
    "pairs_from_table",
    "percent_agreement",
    "resolve",
    "scott_pi",
    "unitizing_alpha",
    "unitizing_components",
]
