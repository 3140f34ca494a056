"""The programme-evaluation section of a replication report."""

from __future__ import annotations

import pandas as pd

from psm_qual.evaluation.data import EvaluationData
from psm_qual.evaluation.figures import plot_indicator_progress, plot_reporting_timeline
from psm_qual.evaluation.indicators import indicator_table
from psm_qual.evaluation.paired import survey_comparison
from psm_qual.needs.programme import Programme
from psm_qual.report import Report, figure_html

__all__ = ["evaluation_section", "SIMULATED_NOTE"]

SIMULATED_NOTE = (
    "SIMULATED DATA. The follow-up data in this section are simulated (scripts/"
    "simulate_followup.py, fixed seed) to demonstrate the evaluation method; they are not "
    "observations of the programme."
)

_SHOWN = ["indicator", "statement", "unit", "baseline", "followup", "change", "target",
          "attainment", "met", "baseline_basis", "baseline_evidence_count",
          "followup_evidence_count"]


def evaluation_section(
    report: Report,
    programme: Programme,
    *,
    baseline: EvaluationData,
    followup: EvaluationData,
    simulated: bool = True,
    members=None,
) -> pd.DataFrame:
    """Add the programme evaluation to ``report`` and return :func:`indicator_table`.

    The section holds the indicator table (with evidence counts; the references are in the
    returned frame), the progress plot, the pre/post survey comparison when the follow-up has a
    survey, and the per-member WhatsApp reporting timeline when ``members`` is given and the
    follow-up has a chat. With ``simulated=True`` the section is boxed and headed SIMULATED.

    Examples
    --------
    >>> from psm_qual.evaluation._demo import demo_bundle
    >>> from psm_qual.needs.programme import Indicator
    >>> programme = Programme("p", {"en": "P"}, {}, {"en": "g"}, {}, {}, (), (), (), (), (
    ...     Indicator("I2", {"en": "Meetings"}, ("O1",), unit="count_per_month", baseline=0.0,
    ...               target=1.0, compute={"kind": "log", "log": "meeting_log",
    ...               "metric": "per_month", "where": {"type": "routine"}}),))
    >>> report = Report("Demo")
    >>> _ = evaluation_section(report, programme, baseline=EvaluationData(),
    ...                        followup=demo_bundle())
    >>> "SIMULATED" in report.to_html() and 'class="simulated"' in report.to_html()
    True
    """
    table = indicator_table(programme, baseline=baseline, followup=followup)
    marker = " — SIMULATED follow-up data" if simulated else ""
    css = "simulated" if simulated else ""
    report.section(
        f"Programme evaluation{marker}",
        text=(SIMULATED_NOTE + "\n\n" if simulated else "")
        + "Each indicator of the programme file measured at baseline (the study's corpus and "
        "coding, or the baseline declared in the programme file where the study has no such "
        "data) and at follow-up. Attainment is the share of the baseline-to-target distance "
        "covered.",
        table=table[_SHOWN],
        html_body=figure_html(plot_indicator_progress(table), alt="Indicator progress vs target"),
        css_class=css,
    )
    if followup.survey is not None:
        report.section(
            f"Pre/post survey{marker}",
            text="Wilcoxon signed-rank and paired t tests per item; with fewer than 10 pairs "
            "only descriptives are reported.",
            table=survey_comparison(followup.survey).dropna(axis=1, how="all"),
            css_class=css, level=3,
        )
    if members is not None and followup.whatsapp is not None and len(followup.whatsapp):
        report.section(
            f"Reporting in the WhatsApp group{marker}",
            html_body=figure_html(plot_reporting_timeline(followup.whatsapp, members=members),
                                  alt="Reports per PSM over time"),
            css_class=css, level=3,
        )
    return table
