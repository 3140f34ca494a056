"""Programme evaluation: indicators measured at baseline and follow-up, with their evidence.

Data bundles (:class:`EvaluationData`, read by :func:`psm_qual.io.logs.read_evaluation_data`)
hold coded interviews, activity and meeting logs, WhatsApp exports and pre/post surveys;
:func:`indicator_table` measures every indicator of a programme on a baseline and a follow-up
bundle; :func:`survey_comparison` tests paired survey items; :func:`evaluation_section` adds it
all to a report.
"""

from psm_qual.evaluation.data import EvaluationData
from psm_qual.evaluation.figures import plot_indicator_progress, plot_reporting_timeline
from psm_qual.evaluation.indicators import (
    TABLE_COLUMNS,
    IndicatorValue,
    attainment,
    compute_indicator,
    indicator_table,
)
from psm_qual.evaluation.paired import (
    MIN_PAIRS,
    PAIRED_COLUMNS,
    paired_comparison,
    survey_comparison,
)
from psm_qual.evaluation.pasteur import PASTEUR_PSM_COUNT, PASTEUR_WHATSAPP_MEMBERS
from psm_qual.evaluation.section import SIMULATED_NOTE, evaluation_section
from psm_qual.evaluation.sources import (
    reporting_by_member,
    whatsapp_messages,
    whatsapp_reports,
    whatsapp_summary,
)
from psm_qual.evaluation.spec import METRIC_UNITS, compute_problem

__all__ = [
    "EvaluationData",
    "IndicatorValue",
    "compute_indicator",
    "indicator_table",
    "attainment",
    "TABLE_COLUMNS",
    "paired_comparison",
    "survey_comparison",
    "MIN_PAIRS",
    "PAIRED_COLUMNS",
    "plot_indicator_progress",
    "plot_reporting_timeline",
    "evaluation_section",
    "SIMULATED_NOTE",
    "whatsapp_messages",
    "whatsapp_reports",
    "reporting_by_member",
    "whatsapp_summary",
    "METRIC_UNITS",
    "compute_problem",
    "PASTEUR_WHATSAPP_MEMBERS",
    "PASTEUR_PSM_COUNT",
]
