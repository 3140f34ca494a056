"""YAML that remembers where each value came from, so errors can name the line.

:func:`load_yaml` returns plain ``dict``/``list`` subclasses (:class:`LineDict`,
:class:`LineList`) whose ``line_of(key)`` gives the 1-based line of a key or item.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from psm_qual.errors import PsmQualError

__all__ = ["LineDict", "LineList", "load_yaml", "parse_yaml", "line_of"]


class LineDict(dict):
    """A ``dict`` with the 1-based line of each key (``lines``) and of itself (``line``)."""

    line: int | None = None
    lines: dict

    def line_of(self, key: Any) -> int | None:
        return self.lines.get(key, self.line)


class LineList(list):
    """A ``list`` with the 1-based line of each item (``lines``) and of itself (``line``)."""

    line: int | None = None
    lines: list

    def line_of(self, index: int) -> int | None:
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


def line_of(value: Any, key: Any = None) -> int | None:
    """The line of ``value[key]`` (or of ``value``) when known, else ``None``."""
    if key is not None and isinstance(value, LineDict | LineList):
        return value.line_of(key)
    return getattr(value, "line", None)


def _construct(node: yaml.Node, loader: yaml.SafeLoader) -> Any:
    if isinstance(node, yaml.MappingNode):
        out = LineDict()
        out.line, out.lines = node.start_mark.line + 1, {}
        loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            out[key] = _construct(value_node, loader)
            out.lines[key] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        items = LineList(_construct(item, loader) for item in node.value)
        items.line = node.start_mark.line + 1
        items.lines = [item.start_mark.line + 1 for item in node.value]
        return items
    return loader.construct_object(node, deep=True)


def parse_yaml(text: str, *, path: str | Path, error: type[PsmQualError] = PsmQualError) -> Any:
    """Parse YAML ``text``; syntax errors raise ``error`` naming ``path`` and the line."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _construct(node, loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise error(f"invalid YAML: {exc.problem or exc}", path=path, line=line) from None
    except yaml.YAMLError as exc:
        raise error(f"invalid YAML: {exc}", path=path) from None
    finally:
        loader.dispose()


def load_yaml(path: str | Path, *, error: type[PsmQualError] = PsmQualError) -> Any:
    """Read a UTF-8 YAML file with line numbers (see :func:`parse_yaml`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"
    >>> _ = p.write_text("a: 1\\nb:\\n  - x\\n  - y\\n", encoding="utf-8")
    >>> data = load_yaml(p)
    >>> data["b"], data.line_of("b"), data["b"].line_of(1)
    (['x', 'y'], 2, 4)
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path=path) from None
    return parse_yaml(text, path=path, error=error)
