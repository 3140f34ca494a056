"""Indicator values from evaluation data: baseline, follow-up, change and target attainment.

:func:`compute_indicator` evaluates one indicator's ``compute`` specification (see
:mod:`psm_qual.evaluation.spec`) on one :class:`~psm_qual.evaluation.data.EvaluationData`
bundle; :func:`indicator_table` does it for every indicator at baseline and follow-up. Each value
comes with the references of its evidence (segment ids, ``log.csv:line``, chat message ids,
survey rows), so every number in the table can be traced back.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

from psm_qual.errors import EvaluationError
from psm_qual.evaluation.data import EvaluationData
from psm_qual.evaluation.sources import (
    coded_units,
    log_months,
    row_refs,
    select_rows,
    survey_values,
    whatsapp_summary,
)
from psm_qual.evaluation.spec import compute_problem, metric_of
from psm_qual.needs.programme import Indicator, Programme

__all__ = ["IndicatorValue", "compute_indicator", "indicator_table", "attainment", "TABLE_COLUMNS"]

#: Columns of :func:`indicator_table`.
TABLE_COLUMNS = (
    "indicator", "statement", "unit", "level", "source",
    "baseline", "followup", "change", "target", "attainment", "met",
    "baseline_basis", "baseline_n", "baseline_evidence_count", "baseline_evidence",
    "followup_n", "followup_evidence_count", "followup_evidence",
)


@dataclass(frozen=True)
class IndicatorValue:
    """One indicator measured on one data bundle.

    ``value`` is in the indicator's unit (yes/no as 1.0/0.0); ``n`` the size of the population
    measured (informants, log rows, chat members, respondents); ``evidence`` the references the
    value rests on; ``basis`` ``"computed"`` or ``"declared"`` (the programme file's baseline).
    """

    indicator: str
    value: float
    n: int
    evidence: tuple[str, ...]
    basis: Literal["computed", "declared"] = "computed"
    detail: str = ""


def _fail(indicator: Indicator, programme_path: str | None, message: str) -> EvaluationError:
    return EvaluationError(f"indicator {indicator.id}: {message}", path=programme_path, line=indicator.line)


def _missing(kind: str, data: EvaluationData, compute: dict) -> str | None:
    if kind == "coded" and (data.corpus is None or data.codings is None):
        return "needs coded interviews (sources/ and codings)"
    if kind == "log" and compute["log"] not in data.logs:
        return f"needs the log {compute['log']!r} (have {sorted(data.logs)})"
    if kind == "whatsapp" and (data.whatsapp is None or not len(data.whatsapp)):
        return "needs a WhatsApp export"
    if kind == "survey" and data.survey is None:
        return "needs a pre/post survey"
    return None


def compute_indicator(
    indicator: Indicator,
    data: EvaluationData,
    *,
    wave: Literal["baseline", "followup"] = "followup",
    programme_path: str | None = None,
) -> IndicatorValue:
    """Measure ``indicator`` on ``data``.

    At ``wave="baseline"``, an indicator whose data source is absent from ``data`` takes the
    baseline declared in the programme file (basis ``"declared"``, evidence the file's line);
    survey items are read from the ``pre`` column at baseline and ``post`` at follow-up.

    Raises
    ------
    EvaluationError
        Naming the programme file and the indicator's line: no ``compute``, a bad
        specification, a data source missing at follow-up, a missing column.

    Examples
    --------
    >>> from psm_qual.evaluation._demo import demo_bundle
    >>> share = Indicator("I1", {"en": "records"}, ("O1",), unit="proportion",
    ...     compute={"kind": "coded", "codes": "administrator/recording",
    ...              "with": "assessment/performed", "group": "PSM"})
    >>> value = compute_indicator(share, demo_bundle())
    >>> value.value, value.n, value.evidence
    (0.5, 2, ('W-A:2',))
    >>> meetings = Indicator("I2", {"en": "meetings"}, ("O1",), unit="count_per_month",
    ...     compute={"kind": "log", "log": "meeting_log", "metric": "per_month",
    ...              "where": {"type": "routine"}})
    >>> value = compute_indicator(meetings, demo_bundle())
    >>> round(value.value, 3), value.evidence
    (0.667, ('meeting_log.csv:2', 'meeting_log.csv:3'))
    """
    compute = dict(indicator.compute)
    declared = None
    if indicator.baseline is not None:
        name = Path(programme_path).name if programme_path else "programme"
        declared = IndicatorValue(
            indicator.id, float(indicator.baseline), 0,
            (f"{name}:{indicator.line}" if indicator.line else name,), "declared",
            "baseline declared in the programme file",
        )  # fmt: skip
    if not compute:
        if wave == "baseline" and declared is not None:
            return declared
        raise _fail(indicator, programme_path, "has no 'compute' specification")
    problem = compute_problem(compute, indicator.unit)
    if problem is not None:
        raise _fail(indicator, programme_path, problem[0])
    kind, metric = compute["kind"], metric_of(compute)
    missing = _missing(kind, data, compute)
    if missing is not None:
        if wave == "baseline" and declared is not None:
            return declared
        where = f" in {data.label}" if data.label else ""
        raise _fail(indicator, programme_path, f"{missing}{where}")
    if kind == "coded":
        return _coded(indicator, data, compute, metric)
    if kind == "log":
        return _log(indicator, data.logs[compute["log"]], compute, metric)
    if kind == "whatsapp":
        return _whatsapp(indicator, data, compute, metric)
    return _survey(indicator, data, compute, metric, "pre" if wave == "baseline" else "post")


def _coded(indicator: Indicator, data: EvaluationData, compute: dict, metric: str) -> IndicatorValue:
    options = {k: compute.get(k) for k in ("group", "technique", "coder")}
    segments, informants = coded_units(
        data.corpus, data.codings, codes=compute["codes"], with_codes=compute.get("with") or (),
        **options,
    )
    evidence = tuple(segments["segment_id"])
    if metric == "count":
        return IndicatorValue(indicator.id, float(len(segments)), len(informants), evidence)
    if metric == "any":
        return IndicatorValue(indicator.id, float(bool(len(segments))), len(informants), evidence)
    if not informants:
        raise EvaluationError(
            f"indicator {indicator.id}: no coded informant of group {options['group']!r}",
            field="compute",
        )
    performed = segments.groupby("informant").size()
    if compute.get("against"):
        against, _ = coded_units(
            data.corpus, data.codings, codes=compute["codes"], with_codes=compute["against"],
            **options,
        )
        gaps = against.groupby("informant").size()
        qualifying = [i for i in informants if performed.get(i, 0) > gaps.get(i, 0)]
        detail = "informants whose performed segments outnumber their gap segments"
    else:
        qualifying = [i for i in informants if performed.get(i, 0) > 0]
        detail = "informants with at least one qualifying segment"
    evidence = tuple(s for s, i in zip(segments["segment_id"], segments["informant"], strict=True)
                     if i in qualifying)
    return IndicatorValue(
        indicator.id, len(qualifying) / len(informants), len(informants), evidence, "computed",
        f"{len(qualifying)} of {len(informants)} {detail}: {', '.join(qualifying) or '-'}",
    )


def _log(indicator: Indicator, log: pd.DataFrame, compute: dict, metric: str) -> IndicatorValue:
    rows = select_rows(log, compute.get("where"))
    evidence = tuple(row_refs(log, rows))
    if metric == "count":
        return IndicatorValue(indicator.id, float(len(rows)), len(log), evidence)
    if metric == "any":
        return IndicatorValue(indicator.id, float(bool(rows)), len(log), evidence)
    if metric == "distinct":
        column = compute["column"]
        select_rows(log, {column: ""})  # checks the column exists
        values = sorted({str(log[column].iloc[i]).strip() for i in rows} - {""})
        keep = [i for i in rows if str(log[column].iloc[i]).strip()]
        return IndicatorValue(
            indicator.id, float(len(values)), len(log), tuple(row_refs(log, keep)), "computed",
            f"distinct {column}: {', '.join(values) or '-'}",
        )
    if metric == "share":
        base = select_rows(log, compute.get("of"))
        chosen = [i for i in rows if i in set(base)]
        value = len(chosen) / len(base) if base else float("nan")
        return IndicatorValue(indicator.id, value, len(base), tuple(row_refs(log, chosen)))
    months = compute.get("months") or log_months(log)
    return IndicatorValue(
        indicator.id, len(rows) / months, len(log), evidence, "computed",
        f"{len(rows)} rows over {months} months",
    )


def _whatsapp(indicator: Indicator, data: EvaluationData, compute: dict, metric: str) -> IndicatorValue:
    summary = whatsapp_summary(
        data.whatsapp,
        members=compute["members"],
        window_minutes=compute.get("window_minutes", 10),
        min_words=compute.get("min_words", 8),
        min_share_of_months=compute.get("min_share_of_months", 0.5),
    )
    detail = (f"{summary['reports']} reports ({summary['explained']} explained) by "
              f"{summary['members']} members over {summary['months']} months")
    if metric == "reports_per_member_month":
        value, evidence = summary["reports_per_member_month"], summary["report_ids"]
    elif metric == "explained_share":
        value, evidence = summary["explained_share"], summary["explained_ids"]
    elif metric == "regular_share":
        value, evidence = summary["regular_share"], summary["regular_ids"]
    else:
        value, evidence = float(summary["reports"] > 0), summary["report_ids"]
    return IndicatorValue(indicator.id, float(value), summary["members"], tuple(evidence),
                          "computed", detail)


def _survey(indicator: Indicator, data: EvaluationData, compute: dict, metric: str,
            wave: str) -> IndicatorValue:
    values, refs = survey_values(data.survey, item=compute["item"], wave=wave)
    if metric == "mean":
        value = float(values.mean()) if len(values) else float("nan")
        return IndicatorValue(indicator.id, value, len(values), tuple(refs), "computed",
                              f"mean of {len(values)} {wave} answers")
    threshold = float(compute["threshold"])
    chosen = [r for r, v in zip(refs, values, strict=True) if v >= threshold]
    value = len(chosen) / len(values) if len(values) else float("nan")
    return IndicatorValue(indicator.id, value, len(values), tuple(chosen), "computed",
                          f"{len(chosen)} of {len(values)} {wave} answers >= {threshold:g}")


def attainment(baseline: float, followup: float, target: float | None,
               unit: str) -> tuple[float, bool | None]:
    """Share of the baseline→target distance covered, and whether the target is met.

    For ``yes_no`` the share is 1 when met and 0 otherwise. Without a target, ``(nan, None)``;
    when the target equals the baseline the share is NaN but ``met`` is still given.

    Examples
    --------
    >>> attainment(0.0, 0.5, 0.8, "proportion")
    (0.625, False)
    >>> attainment(0.0, 1.0, 1.0, "yes_no")
    (1.0, True)
    >>> attainment(3.0, 2.0, 1.0, "count")  # a target below the baseline: lower is better
    (0.5, False)
    """
    if target is None or any(isinstance(v, float) and math.isnan(v) for v in (baseline, followup)):
        return float("nan"), None
    met = followup >= target if target >= baseline else followup <= target
    if unit == "yes_no":
        return float(met), bool(met)
    if target == baseline:
        return float("nan"), bool(met)
    return (followup - baseline) / (target - baseline), bool(met)


def indicator_table(
    programme: Programme,
    *,
    baseline: EvaluationData,
    followup: EvaluationData,
    indicators: Sequence[str] | None = None,
    language: str = "en",
) -> pd.DataFrame:
    """Baseline, follow-up, change and target attainment of each indicator, with its evidence.

    A survey indicator whose baseline bundle has no survey reads the ``pre`` answers of the
    follow-up survey.

    Returns
    -------
    DataFrame
        One row per indicator, columns :data:`TABLE_COLUMNS`: ``indicator, statement, unit,
        level, source, baseline, followup, change`` (follow-up minus baseline), ``target``,
        ``attainment`` (share of the baseline→target distance covered), ``met``,
        ``baseline_basis`` (computed or declared), and for each wave ``_n`` (population
        measured), ``_evidence_count`` and ``_evidence`` (references joined by ``"; "``).

    Raises
    ------
    ProgrammeError
        An unknown indicator id in ``indicators``.
    EvaluationError
        An indicator that cannot be computed (see :func:`compute_indicator`).

    Examples
    --------
    >>> from psm_qual.evaluation._demo import demo_bundle
    >>> programme = Programme("p", {"en": "P"}, {}, {"en": "g"}, {}, {}, (), (), (), (), (
    ...     Indicator("I2", {"en": "Routine meetings"}, ("O1",), unit="count_per_month",
    ...               baseline=0.0, target=1.0, line=7,
    ...               compute={"kind": "log", "log": "meeting_log", "metric": "per_month",
    ...                        "where": {"type": "routine"}}),), path="programme.yaml")
    >>> table = indicator_table(programme, baseline=EvaluationData(), followup=demo_bundle())
    >>> table[["baseline", "followup", "attainment", "met", "baseline_evidence"]].round(3).values.tolist()
    [[0.0, 0.667, 0.667, False, 'programme.yaml:7']]
    """
    chosen = (
        list(programme.indicators)
        if indicators is None
        else [programme.indicator(i) for i in indicators]
    )
    rows = []
    for indicator in chosen:
        base_data = baseline
        if (indicator.compute.get("kind") == "survey" and baseline.survey is None
                and followup.survey is not None):
            base_data = EvaluationData(survey=followup.survey, label=followup.label)
        before = compute_indicator(indicator, base_data, wave="baseline",
                                   programme_path=programme.path)
        after = compute_indicator(indicator, followup, wave="followup",
                                  programme_path=programme.path)
        share, met = attainment(before.value, after.value, indicator.target, indicator.unit)
        statement = indicator.statement.get(language) or next(iter(indicator.statement.values()), "")
        rows.append(
            (
                indicator.id, statement, indicator.unit, indicator.level, indicator.source,
                before.value, after.value, after.value - before.value, indicator.target,
                share, met, before.basis, before.n, len(before.evidence),
                "; ".join(before.evidence), after.n, len(after.evidence), "; ".join(after.evidence),
            )  # fmt: skip
        )
    table = pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
    table["target"] = table["target"].astype(float)
    return table
