"""The ``compute`` specification of an indicator: which data, which metric, which unit.

An indicator's ``compute`` mapping (in the programme file) names a data-source ``kind`` and a
``metric``; each metric yields one unit of measurement:

============ ======================================================= =====================
kind         metric                                                  unit
============ ======================================================= =====================
``coded``    ``share`` (of informants whose coded segments show it)  ``proportion``
``coded``    ``count`` (qualifying segments)                         ``count``
``coded``    ``any``                                                 ``yes_no``
``log``      ``count`` / ``distinct`` (values of ``column``)         ``count``
``log``      ``per_month`` (rows per calendar month of the log)      ``count_per_month``
``log``      ``any``                                                 ``yes_no``
``log``      ``share`` (rows matching ``where`` among ``of`` rows)   ``proportion``
``whatsapp`` ``reports_per_member_month``                            ``count_per_month``
``whatsapp`` ``explained_share`` (reports with a written text)       ``proportion``
``whatsapp`` ``regular_share`` (members reporting most months)       ``proportion``
``whatsapp`` ``any``                                                 ``yes_no``
``survey``   ``mean`` (of ``item``; ``pre`` at baseline, ``post``     ``likert``
             at follow-up)
``survey``   ``share_at_least`` (respondents scoring ``threshold``+) ``proportion``
============ ======================================================= =====================

Options by kind:

- ``coded``: ``codes`` (a segment must carry one of them; required), ``with`` (codes it must
  also carry), ``against`` (for ``share``: an informant counts only when segments with
  ``codes`` + ``with`` outnumber those with ``codes`` + ``against``), ``group``, ``technique``,
  ``coder``.
- ``log``: ``log`` (name of the CSV, its stem; required), ``where`` (``{column: value or
  [values]}``), ``column`` (for ``distinct``), ``of`` (for ``share``: the denominator's
  ``where``), ``months`` (period length; default: the calendar months from first to last row).
- ``whatsapp``: ``members`` (sender names, a list or ``{sender: member id}``; required),
  ``window_minutes`` (10), ``min_words`` (8), ``min_share_of_months`` (0.5).
- ``survey``: ``item`` (required), ``threshold`` (for ``share_at_least``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["KINDS", "METRIC_UNITS", "check_compute", "compute_problem"]

#: The unit each (kind, metric) yields.
METRIC_UNITS: Mapping[tuple[str, str], tuple[str, ...]] = {
    ("coded", "share"): ("proportion",),
    ("coded", "count"): ("count",),
    ("coded", "any"): ("yes_no",),
    ("log", "count"): ("count",),
    ("log", "distinct"): ("count",),
    ("log", "per_month"): ("count_per_month",),
    ("log", "any"): ("yes_no",),
    ("log", "share"): ("proportion",),
    ("whatsapp", "reports_per_member_month"): ("count_per_month",),
    ("whatsapp", "explained_share"): ("proportion",),
    ("whatsapp", "regular_share"): ("proportion",),
    ("whatsapp", "any"): ("yes_no",),
    ("survey", "mean"): ("likert",),
    ("survey", "share_at_least"): ("proportion",),
}

#: Options each kind accepts (besides ``kind`` and ``metric``) and those it requires.
KINDS: Mapping[str, tuple[frozenset[str], frozenset[str]]] = {
    "coded": (
        frozenset({"codes", "with", "against", "group", "technique", "coder"}),
        frozenset({"codes"}),
    ),
    "log": (frozenset({"log", "where", "column", "of", "months"}), frozenset({"log"})),
    "whatsapp": (
        frozenset({"members", "window_minutes", "min_words", "min_share_of_months"}),
        frozenset({"members"}),
    ),
    "survey": (frozenset({"item", "threshold"}), frozenset({"item"})),
}

_DEFAULT_METRIC = {"coded": "share", "log": "count", "whatsapp": "explained_share", "survey": "mean"}


def compute_problem(compute: Mapping[str, Any], unit: str) -> tuple[str, str | None] | None:
    """What is wrong with a ``compute`` mapping, as ``(message, key)``, or None.

    Examples
    --------
    >>> compute_problem({"kind": "log", "log": "meeting_log", "metric": "per_month"},
    ...                 "count_per_month") is None
    True
    >>> compute_problem({"kind": "log", "log": "meeting_log", "metric": "per_month"}, "count")
    ("metric 'per_month' of kind 'log' measures count_per_month, not count", 'metric')
    """
    kind = compute.get("kind")
    if kind not in KINDS:
        return f"unknown compute kind {kind!r}; choose from {sorted(KINDS)}", "kind"
    allowed, required = KINDS[kind]
    unknown = sorted(set(compute) - allowed - {"kind", "metric"})
    if unknown:
        return (
            f"unknown option {unknown[0]!r} for kind {kind!r}; valid: {sorted(allowed)}",
            unknown[0],
        )
    missing = sorted(required - set(compute))
    if missing:
        return f"compute of kind {kind!r} needs {missing[0]!r}", None
    metric = compute.get("metric", _DEFAULT_METRIC[kind])
    units = METRIC_UNITS.get((kind, metric))
    if units is None:
        valid = sorted(m for k, m in METRIC_UNITS if k == kind)
        return f"unknown metric {metric!r} for kind {kind!r}; choose from {valid}", "metric"
    if unit not in units:
        return f"metric {metric!r} of kind {kind!r} measures {units[0]}, not {unit}", "metric"
    for key in ("codes", "with", "against"):
        value = compute.get(key)
        if value is not None and not (
            isinstance(value, str)
            or (isinstance(value, list) and value and all(isinstance(v, str) for v in value))
        ):
            return f"{key!r} must be a code id or a list of code ids", key
    where = compute.get("where")
    if where is not None and not isinstance(where, Mapping):
        return "'where' must be a mapping {column: value or [values]}", "where"
    if metric == "distinct" and not isinstance(compute.get("column"), str):
        return "metric 'distinct' needs 'column'", None
    if metric == "share_at_least" and not isinstance(compute.get("threshold"), int | float):
        return "metric 'share_at_least' needs a numeric 'threshold'", None
    members = compute.get("members")
    if members is not None and not (
        (isinstance(members, list) and members and all(isinstance(m, str) for m in members))
        or (isinstance(members, Mapping) and members)
    ):
        return "'members' must be a list of sender names or {sender: member id}", "members"
    return None


def check_compute(compute: Mapping[str, Any], unit: str) -> None:
    """Raise :class:`ValueError` with the problem of :func:`compute_problem`, if any."""
    problem = compute_problem(compute, unit)
    if problem is not None:
        raise ValueError(problem[0])


def metric_of(compute: Mapping[str, Any]) -> str:
    """The metric named by ``compute`` (or its kind's default)."""
    return str(compute.get("metric", _DEFAULT_METRIC.get(str(compute.get("kind")), "")))
