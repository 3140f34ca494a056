"""Read a programme design file (YAML) into a :class:`psm_qual.needs.programme.Programme`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from psm_qual.errors import ProgrammeError
from psm_qual.io.yaml_lines import LineDict, LineList, line_of, load_yaml
from psm_qual.needs.programme import Activity, Indicator, Need, Objective, Programme

__all__ = ["read_programme"]

_TOP = {
    "id", "title", "aim", "general_objective", "target_group", "method", "techniques",
    "needs", "objectives", "activities", "indicators", "description",
}
_UNITS = ("proportion", "count_per_month", "likert", "yes_no", "count")
_LEVELS = ("output", "outcome", "impact")


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, message: str, where: Any = None, key: Any = None) -> ProgrammeError:
        return ProgrammeError(message, path=self.path, line=line_of(where, key))

    def text(self, node: Any, key: str, *, required: bool = True) -> Mapping[str, str]:
        value = node.get(key)
        if value is None:
            if required:
                raise self.fail(f"missing {key!r}", node)
            return MappingProxyType({})
        if isinstance(value, str):
            return MappingProxyType({"id": value})
        if not isinstance(value, dict) or not value or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise self.fail(f"{key!r} must be text or a mapping like {{id: ..., en: ...}}", node, key)
        return MappingProxyType(dict(value))

    def ids(self, node: Any, key: str) -> tuple[str, ...]:
        value = node.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{key!r} must be a list of ids", node, key)
        return tuple(value)

    def items(self, data: Any, key: str) -> list[LineDict]:
        if key not in data:
            return []
        value = data[key]
        if not isinstance(value, LineList):
            raise self.fail(f"{key!r} must be a list", data, key)
        seen: dict[str, int | None] = {}
        for index, item in enumerate(value):
            if not isinstance(item, LineDict) or not isinstance(item.get("id"), str):
                raise self.fail(f"each item of {key!r} needs an 'id'", value, index)
            if item["id"] in seen:
                raise self.fail(f"duplicate id {item['id']!r} in {key!r}", item)
            seen[item["id"]] = item.line
        return list(value)

    def number(self, node: Any, key: str) -> float | None:
        value = node.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(f"{key!r} must be a number", node, key)
        return float(value)


def read_programme(path: str | Path) -> Programme:
    """Read and check a programme design file.

    The file holds ``id, title, aim, general_objective, target_group, method, techniques`` and
    the lists ``needs`` (``id, statement, problems``), ``objectives`` (``id, statement,
    needs``), ``activities`` (``id, statement, objectives, technique``) and ``indicators``
    (``id, statement, objectives, level, unit, source, baseline, target, kirkpatrick,
    compute``). Errors name the file and line.

    Examples
    --------
    >>> from psm_qual.datasets import pasteur_path
    >>> programme = read_programme(pasteur_path() / "programme.yaml")
    >>> len(programme.needs) >= 1 and len(programme.indicators) >= 1
    True
    """
    path = Path(path)
    data = load_yaml(path, error=ProgrammeError, strict=True)
    reader = _Reader(path)
    if not isinstance(data, LineDict):
        raise reader.fail("a programme file must be a mapping")
    unknown = sorted(set(data) - _TOP)
    if unknown:
        raise reader.fail(f"unknown field {unknown[0]!r}; valid fields are {sorted(_TOP)}", data, unknown[0])
    if not isinstance(data.get("id"), str):
        raise reader.fail("missing 'id'", data)
    needs = tuple(
        Need(n["id"], reader.text(n, "statement"), reader.ids(n, "problems"), n.line)
        for n in reader.items(data, "needs")
    )
    objectives = tuple(
        Objective(o["id"], reader.text(o, "statement"), reader.ids(o, "needs"), o.line)
        for o in reader.items(data, "objectives")
    )
    activities = tuple(
        Activity(
            a["id"], reader.text(a, "statement"), reader.ids(a, "objectives"),
            str(a.get("technique", "")), a.line,
        )
        for a in reader.items(data, "activities")
    )
    indicators = []
    for i in reader.items(data, "indicators"):
        unit = i.get("unit", "proportion")
        if unit not in _UNITS:
            raise reader.fail(f"unknown unit {unit!r}; choose from {list(_UNITS)}", i, "unit")
        level = i.get("level", "outcome")
        if level not in _LEVELS:
            raise reader.fail(f"unknown level {level!r}; choose from {list(_LEVELS)}", i, "level")
        compute = i.get("compute", {})
        if not isinstance(compute, dict):
            raise reader.fail("'compute' must be a mapping", i, "compute")
        if compute:
            from psm_qual.evaluation.spec import compute_problem

            problem = compute_problem(compute, unit)
            if problem is not None:
                message, key = problem
                where = compute if key in compute else i
                raise reader.fail(
                    f"indicator {i['id']!r}: {message}", where, key if key in compute else "compute"
                )
        kirkpatrick = i.get("kirkpatrick")
        if kirkpatrick is not None and kirkpatrick not in (1, 2, 3, 4):
            raise reader.fail("'kirkpatrick' must be 1, 2, 3 or 4", i, "kirkpatrick")
        indicators.append(
            Indicator(
                id=i["id"],
                statement=reader.text(i, "statement"),
                objectives=reader.ids(i, "objectives"),
                level=level,
                unit=unit,
                source=str(i.get("source", "")),
                baseline=reader.number(i, "baseline"),
                target=reader.number(i, "target"),
                kirkpatrick=kirkpatrick,
                compute=MappingProxyType(dict(compute)),
                line=i.line,
            )
        )
    techniques = data.get("techniques", [])
    if not isinstance(techniques, list):
        raise reader.fail("'techniques' must be a list", data, "techniques")
    return Programme(
        id=data["id"],
        title=reader.text(data, "title"),
        aim=reader.text(data, "aim", required=False),
        general_objective=reader.text(data, "general_objective"),
        target_group=reader.text(data, "target_group", required=False),
        method=reader.text(data, "method", required=False),
        techniques=tuple(
            MappingProxyType(dict(t)) if isinstance(t, dict) else MappingProxyType({"id": str(t)})
            for t in techniques
        ),
        needs=needs,
        objectives=objectives,
        activities=activities,
        indicators=tuple(indicators),
        path=str(path),
    )
