"""The programme design: needs, objectives, activities and success indicators, and its logic model.

A programme file (YAML, read by :func:`psm_qual.io.programme.read_programme`) links each need to
the problems it answers, each objective to needs, each activity and indicator to objectives.
:func:`check_logic_model` verifies that the chain is complete for a given problem analysis.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import pandas as pd

from psm_qual.errors import ProgrammeError
from psm_qual.needs.problems import Problem

__all__ = [
    "Need",
    "Objective",
    "Activity",
    "Indicator",
    "Programme",
    "check_logic_model",
    "logic_model",
]

_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class Need:
    """A need, answering one or more problems (by problem id)."""

    id: str
    statement: Mapping[str, str]
    problems: tuple[str, ...]
    line: int | None = None


@dataclass(frozen=True)
class Objective:
    """A specific objective, serving one or more needs."""

    id: str
    statement: Mapping[str, str]
    needs: tuple[str, ...]
    line: int | None = None


@dataclass(frozen=True)
class Activity:
    """A programme activity, serving one or more objectives."""

    id: str
    statement: Mapping[str, str]
    objectives: tuple[str, ...]
    technique: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Indicator:
    """A success indicator: what is measured, how, from which data, with baseline and target.

    ``level`` is the logic-model level (``output`` or ``outcome``); ``kirkpatrick`` the
    Kirkpatrick level (1 reaction ... 4 results) where the indicator measures training;
    ``unit`` one of ``proportion``, ``count_per_month``, ``likert``, ``yes_no``; ``compute``
    the data-source specification read by :mod:`psm_qual.evaluation`.
    """

    id: str
    statement: Mapping[str, str]
    objectives: tuple[str, ...]
    level: str = "outcome"
    unit: str = "proportion"
    source: str = ""
    baseline: float | None = None
    target: float | None = None
    kirkpatrick: int | None = None
    compute: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    line: int | None = None


@dataclass(frozen=True)
class Programme:
    """A programme proposal (one per file)."""

    id: str
    title: Mapping[str, str]
    aim: Mapping[str, str]
    general_objective: Mapping[str, str]
    target_group: Mapping[str, str]
    method: Mapping[str, str]
    techniques: tuple[Mapping[str, str], ...]
    needs: tuple[Need, ...]
    objectives: tuple[Objective, ...]
    activities: tuple[Activity, ...]
    indicators: tuple[Indicator, ...]
    path: str | None = None

    def indicator(self, indicator_id: str) -> Indicator:
        """The indicator with this id (ProgrammeError naming the valid ids otherwise)."""
        for item in self.indicators:
            if item.id == indicator_id:
                return item
        valid = [i.id for i in self.indicators]
        raise ProgrammeError(
            f"unknown indicator {indicator_id!r}; the programme has {valid}", path=self.path
        )


def _unlinked(
    programme: Programme, problem_ids: Sequence[str]
) -> list[tuple[str, int | None]]:
    """Broken links first (a name that points at nothing), then missing links."""
    broken: list[tuple[str, int | None]] = []
    missing: list[tuple[str, int | None]] = []
    need_ids = {n.id for n in programme.needs}
    objective_ids = {o.id for o in programme.objectives}
    served = {p for need in programme.needs for p in need.problems}
    for objective in programme.objectives:
        for nid in objective.needs:
            if nid not in need_ids:
                broken.append((f"objective {objective.id!r} names unknown need {nid!r}", objective.line))
    for item in (*programme.activities, *programme.indicators):
        kind = "activity" if isinstance(item, Activity) else "indicator"
        for oid in item.objectives:
            if oid not in objective_ids:
                broken.append((f"{kind} {item.id!r} names unknown objective {oid!r}", item.line))
    for need in programme.needs:
        for pid in need.problems:
            if pid not in problem_ids:
                broken.append(
                    (f"need {need.id!r} answers problem {pid!r}, which the evidence does not show", need.line)
                )
    for pid in problem_ids:
        if pid not in served:
            missing.append((f"problem {pid!r} is addressed by no need", None))
    for need in programme.needs:
        if not any(need.id in o.needs for o in programme.objectives):
            missing.append((f"need {need.id!r} is served by no objective", need.line))
    for objective in programme.objectives:
        if not any(objective.id in i.objectives for i in programme.indicators):
            missing.append((f"objective {objective.id!r} is measured by no indicator", objective.line))
    return broken + missing


def check_logic_model(programme: Programme, problems: Sequence[Problem | str]) -> None:
    """Raise :class:`ProgrammeError` naming the first gap in the problem -> indicator chain.

    Every problem must be answered by a need, every need served by an objective, every
    objective measured by an indicator; every link must name something that exists.
    """
    ids = [p if isinstance(p, str) else p.id for p in problems]
    messages = _unlinked(programme, ids)
    if messages:
        message, line = messages[0]
        more = f" (and {len(messages) - 1} more)" if len(messages) > 1 else ""
        raise ProgrammeError(message + more, path=programme.path, line=line)


def logic_model(programme: Programme, problems: Sequence[Problem]) -> pd.DataFrame:
    """The chain problem -> need -> objective -> indicator, one row per link path.

    Columns ``problem, problem_title, need, objective, indicator``; an empty cell marks a
    missing link.
    """
    rows = []
    for problem in problems:
        needs = [n for n in programme.needs if problem.id in n.problems] or [None]
        for need in needs:
            objectives = [o for o in programme.objectives if need and need.id in o.needs] or [None]
            for objective in objectives:
                indicators = [
                    i for i in programme.indicators if objective and objective.id in i.objectives
                ] or [None]
                for indicator in indicators:
                    rows.append(
                        {
                            "problem": problem.id,
                            "problem_title": problem.title_en,
                            "need": need.id if need else "",
                            "objective": objective.id if objective else "",
                            "indicator": indicator.id if indicator else "",
                        }
                    )
    return pd.DataFrame(rows, columns=["problem", "problem_title", "need", "objective", "indicator"])
