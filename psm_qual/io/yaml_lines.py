"""YAML that remembers where each value came from, so errors can name the line.

:func:`load_yaml` returns plain ``dict``/``list`` subclasses (:class:`LineDict`,
:class:`LineList`) whose ``line_of(key)`` gives the 1-based line of a key or item. This is the one
line-aware YAML reader of psm_qual (programmes, codebooks): a safe loader (no Python objects, no
code), a cap on the number of values a document may expand to (alias bombs), and with
``strict=True`` a refusal of duplicate keys and of explicit tags other than plain mappings and
lists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from psm_qual.errors import PsmQualError, SourceError
from psm_qual.io.text import decode_text

__all__ = ["LineDict", "LineList", "MAX_NODES", "load_yaml", "parse_yaml", "line_of"]

# libyaml's loader when PyYAML was built with it (same results, several times faster).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Most YAML values one document may expand to (guards against alias bombs).
MAX_NODES = 100_000

_PLAIN_TAGS = {
    yaml.MappingNode: "tag:yaml.org,2002:map",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
}


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
    """The line of ``value[key]`` (or of ``value``) when known, else ``None``.

    Examples
    --------
    >>> data = parse_yaml("a: 1\\nb: [x, y]\\n", path="x.yaml")
    >>> line_of(data, "b"), line_of(data["b"]), line_of({"a": 1}, "a")
    (2, 2, None)
    """
    if key is not None and isinstance(value, LineDict | LineList):
        return value.line_of(key)
    return getattr(value, "line", None)


class _Converter:
    def __init__(
        self,
        loader: Any,
        path: str | Path,
        error: type[PsmQualError],
        strict: bool,
        max_nodes: int,
    ) -> None:
        self.loader = loader
        self.path = path
        self.error = error
        self.strict = strict
        self.max_nodes = max_nodes
        self.count = 0

    def fail(self, message: str, line: int, field: str | None = None) -> PsmQualError:
        return self.error(message, path=self.path, line=line, field=field)

    def convert(self, node: yaml.Node) -> Any:
        self.count += 1
        line = node.start_mark.line + 1
        if self.count > self.max_nodes:
            raise self.fail(
                f"the YAML expands to more than {self.max_nodes} values (alias bomb?); refused",
                line,
            )
        expected = _PLAIN_TAGS.get(type(node))
        if self.strict and expected is not None and node.tag != expected:
            raise self.fail(
                f"unsupported YAML tag {node.tag!r}: only plain mappings, lists and text", line
            )
        if isinstance(node, yaml.MappingNode):
            self.loader.flatten_mapping(node)  # resolve `<<` merge keys
            out = LineDict()
            out.line, out.lines = line, {}
            for key_node, value_node in node.value:
                key = self.convert(key_node)
                key_line = key_node.start_mark.line + 1
                if self.strict and not isinstance(key, str | int | float | bool):
                    raise self.fail("a mapping key must be a plain word", key_line)
                if self.strict and key in out:
                    raise self.fail(
                        f"key {key!r} appears twice in one mapping (first on line "
                        f"{out.lines[key]})",
                        key_line,
                        str(key),
                    )
                out[key] = self.convert(value_node)
                out.lines[key] = key_line
            return out
        if isinstance(node, yaml.SequenceNode):
            items = LineList()
            items.line, items.lines = line, []
            for item in node.value:
                items.append(self.convert(item))
                items.lines.append(item.start_mark.line + 1)
            return items
        return self.loader.construct_object(node, deep=True)


def parse_yaml(
    text: str,
    *,
    path: str | Path,
    error: type[PsmQualError] = PsmQualError,
    strict: bool = False,
    max_nodes: int = MAX_NODES,
) -> Any:
    """Parse one YAML document with line numbers; ``None`` for an empty document.

    Parameters
    ----------
    text : str
        The YAML.
    path : str or Path
        Named in error messages.
    error : PsmQualError subclass
        Raised for every problem, as ``path:line: message``.
    strict : bool
        Also refuse a key given twice in one mapping, a key that is not a plain scalar, and an
        explicit tag on a mapping or list (e.g. ``!!python/object``; tagged scalars are refused
        by the safe loader in any case).
    max_nodes : int
        Most values the document may expand to (aliases counted each time they are used).

    Raises
    ------
    error
        Invalid YAML (with the line), several documents, or the rules above.

    Examples
    --------
    >>> parse_yaml("a: 1\\na: 2\\n", path="x.yaml")
    {'a': 2}
    >>> parse_yaml("a: 1\\na: 2\\n", path="x.yaml", strict=True)
    Traceback (most recent call last):
    ...
    psm_qual.errors.PsmQualError: x.yaml:2: a: key 'a' appears twice in one mapping (first on line 1)
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _Converter(loader, path, error, strict, max_nodes).convert(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = ", ".join(part for part in (exc.context, exc.problem) if part) or "bad syntax"
        line = mark.line + 1 if mark is not None else None
        raise error(f"invalid YAML: {problem}", path=path, line=line) from None
    except yaml.YAMLError as exc:
        raise error(f"invalid YAML: {exc}", path=path) from None
    finally:
        loader.dispose()


def load_yaml(
    path: str | Path,
    *,
    error: type[PsmQualError] = PsmQualError,
    strict: bool = False,
    max_nodes: int = MAX_NODES,
) -> Any:
    """Read a YAML file with line numbers (see :func:`parse_yaml`).

    The file is decoded by :func:`psm_qual.io.text.decode_text` (UTF-8, with or without BOM, or
    UTF-16 with BOM); other bytes raise ``error`` with the line.

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
        text = decode_text(path.read_bytes(), path=path)
    except SourceError as exc:
        raise error(exc.message, path=path, line=exc.line) from None
    return parse_yaml(text, path=path, error=error, strict=strict, max_nodes=max_nodes)
