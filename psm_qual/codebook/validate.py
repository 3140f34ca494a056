"""Build a :class:`Codebook` from parsed YAML (or plain Python data), checking every rule of contract 3.

The YAML reader (:mod:`psm_qual.io.codebook_yaml`) hands over dicts and lists that remember the
line they came from (:class:`psm_qual.io.yaml_lines.LineDict`/``LineList``); plain dicts and lists
work too, the errors then name no line. Every problem raises :class:`CodebookError` naming the
file, the line and the field.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from psm_qual.codebook.model import SEPARATOR, Code, Codebook, Example
from psm_qual.errors import CodebookError
from psm_qual.io.yaml_lines import line_of

__all__ = [
    "CODEBOOK_FIELDS",
    "CODE_FIELDS",
    "EXAMPLE_FIELDS",
    "TEXT_FIELDS",
    "DEFAULT_LANGUAGES",
    "build_codebook",
]

#: Keys allowed at the top of a codebook file.
CODEBOOK_FIELDS = ("id", "title", "version", "description", "languages", "codes")
#: Keys allowed in a code.
CODE_FIELDS = (
    "id",
    "label",
    "definition",
    "full_definition",
    "when_to_use",
    "when_not_to_use",
    "examples",
    "patterns",
    "color",
    "codable",
    "children",
)
#: Keys allowed in an example.
EXAMPLE_FIELDS = ("text", "language")
#: The bilingual text fields of a code (MacQueen et al. 1998, plus the label).
TEXT_FIELDS = ("label", "definition", "full_definition", "when_to_use", "when_not_to_use")
#: Languages a codebook uses when it does not list its own.
DEFAULT_LANGUAGES = ("id", "en")

_ID_PART = re.compile(r"^[\w.-]+$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_SEMVER_LIKE = re.compile(r"^\d+(\.\d+)*([-+][0-9A-Za-z.-]+)?$")


def _line(node: Any) -> int | None:
    return getattr(node, "line", None)


def _key_line(mapping: Any, key: str) -> int | None:
    return line_of(mapping, key)


def _item_line(sequence: Any, index: int) -> int | None:
    return line_of(sequence, index)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, Sequence):
        return "a list"
    return type(value).__name__


class _Checker:
    """Holds the file's path and languages while a codebook is checked."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.languages: tuple[str, ...] = DEFAULT_LANGUAGES

    def fail(self, message: str, line: int | None, field: str | None = None) -> CodebookError:
        return CodebookError(message, path=self.path or "<codebook>", line=line, field=field)

    def mapping(self, value: Any, what: str, line: int | None, field: str | None) -> Mapping:
        if not isinstance(value, Mapping):
            raise self.fail(
                f"{what} must be a mapping (key: value), got {_kind(value)}", line, field
            )
        return value

    def known_keys(self, mapping: Mapping, allowed: tuple[str, ...], what: str) -> None:
        for key in mapping:
            if not isinstance(key, str) or key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise self.fail(
                    f"unknown field {key!r} in {what}{hint} (valid fields: {', '.join(allowed)})",
                    _key_line(mapping, key),
                    str(key),
                )

    def text_map(self, owner: Mapping, key: str, what: str) -> Mapping[str, str]:
        """A bilingual text field ``{language: text}``; absent means empty."""
        line = _key_line(owner, key)
        value = owner.get(key)
        if value is None:
            return MappingProxyType({})
        if not isinstance(value, Mapping):
            raise self.fail(
                f"{key} of {what} must be a mapping of language to text, e.g. "
                f"{{{self.languages[0]}: ...}}, got {_kind(value)}",
                line,
                key,
            )
        out: dict[str, str] = {}
        for language, text in value.items():
            self.language(language, _key_line(value, language), f"{key} of {what}", key)
            if not isinstance(text, str | int | float) or isinstance(text, bool):
                raise self.fail(
                    f"{key}.{language} of {what} must be text, got {_kind(text)}",
                    _key_line(value, language),
                    key,
                )
            text = str(text).strip()
            if text:
                out[language] = text
        return MappingProxyType(out)

    def language(self, language: Any, line: int | None, what: str, field: str) -> str:
        if not isinstance(language, str) or language not in self.languages:
            raise self.fail(
                f"bad language key {language!r} in {what} "
                f"(this codebook's languages: {', '.join(self.languages)})",
                line,
                field,
            )
        return language

    # -- top level -------------------------------------------------------------------------

    def codebook(self, document: Any) -> Codebook:
        top = self.mapping(document, "a codebook file", _line(document) or 1, None)
        self.known_keys(top, CODEBOOK_FIELDS, "the codebook")
        self.languages = self.language_list(top)
        cb_id = top.get("id")
        if not isinstance(cb_id, str) or not cb_id.strip():
            raise self.fail(
                "the codebook has no id (add `id: my-codebook`)", _key_line(top, "id"), "id"
            )
        version = self.version(top)
        title = self.text_map(top, "title", "the codebook")
        description = self.text_map(top, "description", "the codebook")
        if "codes" not in top or top["codes"] in (None, []):
            raise self.fail(
                "the codebook has no codes (add a `codes:` list)", _key_line(top, "codes"), "codes"
            )
        codes: list[Code] = []
        seen: dict[str, int | None] = {}
        self.code_list(top["codes"], top, "codes", None, codes, seen)
        self.check_parents(codes)
        return Codebook(
            id=cb_id.strip(),
            title=title,
            version=version,
            codes=_tree_order(codes),
            path=self.path,
            description=description,
            languages=self.languages,
        )

    def language_list(self, top: Mapping) -> tuple[str, ...]:
        if "languages" not in top:
            return DEFAULT_LANGUAGES
        value = top["languages"]
        line = _key_line(top, "languages")
        if not isinstance(value, list) or not value:
            raise self.fail(
                f"languages must be a non-empty list such as [id, en], got {_kind(value)}",
                line,
                "languages",
            )
        for index, language in enumerate(value):
            if not isinstance(language, str) or not _LANGUAGE.match(language):
                raise self.fail(
                    f"bad language key {language!r}: use an ISO 639 code such as id or en",
                    _item_line(value, index),
                    "languages",
                )
        if len(set(value)) != len(value):
            raise self.fail("languages lists a language twice", line, "languages")
        return tuple(value)

    def version(self, top: Mapping) -> str:
        line = _key_line(top, "version")
        if "version" not in top or top["version"] is None or top["version"] == "":
            raise self.fail("the codebook has no version (add `version: 1.0.0`)", line, "version")
        value = top["version"]
        if isinstance(value, bool) or isinstance(value, float):
            raise self.fail(
                f"version {value!r} is read as a number, not a version; write it with three "
                "parts (1.0.0) or quote it",
                line,
                "version",
            )
        text = str(value).strip()
        if not _SEMVER_LIKE.match(text):
            raise self.fail(
                f"version {text!r} is not a version number such as 1.0.0", line, "version"
            )
        return text

    # -- codes -----------------------------------------------------------------------------

    def code_list(
        self,
        value: Any,
        owner: Mapping,
        key: str,
        parent: str | None,
        codes: list[Code],
        seen: dict[str, int | None],
    ) -> None:
        line = _key_line(owner, key)
        where = "codes" if parent is None else f"children of {parent!r}"
        if not isinstance(value, list):
            raise self.fail(f"{where} must be a list of codes, got {_kind(value)}", line, key)
        for index, item in enumerate(value):
            item_line = _line(item) or _item_line(value, index)
            entry = self.mapping(item, f"each entry of {where}", item_line, key)
            self.code(entry, item_line, parent, codes, seen)

    def code(
        self,
        entry: Mapping,
        line: int | None,
        parent: str | None,
        codes: list[Code],
        seen: dict[str, int | None],
    ) -> None:
        self.known_keys(entry, CODE_FIELDS, "a code")
        code_id = self.code_id(entry, line, parent)
        what = f"code {code_id!r}"
        if code_id in seen:
            first = seen[code_id]
            also = f" (first defined on line {first})" if first else ""
            raise self.fail(f"duplicate code id {code_id!r}{also}", line, "id")
        seen[code_id] = line
        texts = {name: self.text_map(entry, name, what) for name in TEXT_FIELDS}
        if not texts["label"]:
            raise self.fail(
                f"{what} has no label (add `label: {{{self.languages[0]}: ...}}`)",
                _key_line(entry, "label") if "label" in entry else line,
                "label",
            )
        codable = entry.get("codable", True)
        if not isinstance(codable, bool):
            raise self.fail(
                f"codable of {what} must be true or false, got {_kind(codable)}",
                _key_line(entry, "codable"),
                "codable",
            )
        codes.append(
            Code(
                id=code_id,
                **texts,
                examples=self.examples(entry, what),
                patterns=self.patterns(entry, what),
                color=self.color(entry, what),
                codable=codable,
                line=line,
            )
        )
        if "children" in entry and entry["children"] is not None:
            self.code_list(entry["children"], entry, "children", code_id, codes, seen)

    def code_id(self, entry: Mapping, line: int | None, parent: str | None) -> str:
        raw = entry.get("id")
        id_line = _key_line(entry, "id") if "id" in entry else line
        if isinstance(raw, bool) or not isinstance(raw, str | int) or not str(raw).strip():
            raise self.fail("a code has no id (add `id: my-code`)", id_line, "id")
        raw = str(raw).strip()
        if parent is not None and SEPARATOR in raw:
            if not raw.startswith(parent + SEPARATOR):
                raise self.fail(
                    f"child id {raw!r} under {parent!r} must be a short id or start with "
                    f"{parent + SEPARATOR!r}",
                    id_line,
                    "id",
                )
            full = raw
        else:
            full = raw if parent is None else parent + SEPARATOR + raw
        for part in full.split(SEPARATOR):
            if not _ID_PART.match(part):
                raise self.fail(
                    f"bad code id {full!r}: each part between '/' must be letters, digits, "
                    "'-', '_' or '.' (no spaces, no empty parts)",
                    id_line,
                    "id",
                )
        return full

    def examples(self, entry: Mapping, what: str) -> tuple[Example, ...]:
        value = entry.get("examples")
        if value is None:
            return ()
        line = _key_line(entry, "examples")
        if not isinstance(value, list):
            raise self.fail(
                f"examples of {what} must be a list of {{text: ..., language: ...}}, "
                f"got {_kind(value)}",
                line,
                "examples",
            )
        out = []
        for index, item in enumerate(value):
            item_line = _line(item) or _item_line(value, index)
            example = self.mapping(item, f"an example of {what}", item_line, "examples")
            self.known_keys(example, EXAMPLE_FIELDS, f"an example of {what}")
            text = example.get("text")
            if not isinstance(text, str) or not text.strip():
                raise self.fail(f"an example of {what} has no text", item_line, "examples")
            language = example.get("language", self.languages[0])
            self.language(
                language, _key_line(example, "language"), f"an example of {what}", "examples"
            )
            out.append(Example(text=" ".join(text.split()), language=language))
        return tuple(out)

    def patterns(self, entry: Mapping, what: str) -> Mapping[str, tuple[str, ...]]:
        value = entry.get("patterns")
        if value is None:
            return MappingProxyType({})
        line = _key_line(entry, "patterns")
        if not isinstance(value, Mapping):
            raise self.fail(
                f"patterns of {what} must be a mapping of language to a list of words, e.g. "
                f"{{{self.languages[0]}: [catat, laporan]}}, got {_kind(value)}",
                line,
                "patterns",
            )
        out: dict[str, tuple[str, ...]] = {}
        for language, words in value.items():
            word_line = _key_line(value, language)
            self.language(language, word_line, f"patterns of {what}", "patterns")
            if words is None:
                words = []
            if not isinstance(words, list):
                raise self.fail(
                    f"patterns.{language} of {what} must be a list of words, got {_kind(words)}",
                    word_line,
                    "patterns",
                )
            clean = []
            for index, word in enumerate(words):
                if isinstance(word, bool):
                    raise self.fail(
                        f"patterns.{language} of {what} has {word!r}: YAML reads yes/no/on/off "
                        "as true/false, so quote the word",
                        _item_line(words, index),
                        "patterns",
                    )
                if not isinstance(word, str | int) or not str(word).strip():
                    raise self.fail(
                        f"patterns.{language} of {what} has an empty or non-text entry",
                        _item_line(words, index),
                        "patterns",
                    )
                clean.append(" ".join(str(word).split()))
            out[language] = tuple(clean)
        return MappingProxyType(out)

    def color(self, entry: Mapping, what: str) -> str | None:
        value = entry.get("color")
        if value is None:
            return None
        if not isinstance(value, str) or not _COLOR.match(value):
            raise self.fail(
                f"color of {what} must be a hex colour such as '#1f77b4' (quote it in YAML)",
                _key_line(entry, "color"),
                "color",
            )
        return value.lower()

    def check_parents(self, codes: list[Code]) -> None:
        ids = {code.id for code in codes}
        for code in codes:
            if code.parent is not None and code.parent not in ids:
                raise self.fail(
                    f"code {code.id!r} has unknown parent {code.parent!r}: define a code "
                    f"{code.parent!r} (codable: false for a category) or nest it under one",
                    code.line,
                    "id",
                )


def _tree_order(codes: list[Code]) -> tuple[Code, ...]:
    """Parents before children, siblings in document order (document order when already so)."""
    children: dict[str | None, list[Code]] = {}
    for code in codes:
        children.setdefault(code.parent, []).append(code)
    out: list[Code] = []

    def visit(parent: str | None) -> None:
        for code in children.get(parent, ()):
            out.append(code)
            visit(code.id)

    visit(None)
    return tuple(out)


def build_codebook(document: Any, *, path: str | Path | None = None) -> Codebook:
    """Check a parsed codebook document and build the :class:`Codebook`.

    Parameters
    ----------
    document : mapping
        The YAML document as Python data (contract 3). Codes are given as a list under ``codes``,
        nested through ``children`` (short ids: the full id is the parent's id, ``/`` and the
        child's id) or flat with full ids (``administrator/recording``), or both.
    path : str or Path, optional
        The file the document came from, named in errors and kept as ``Codebook.path``.

    Returns
    -------
    Codebook
        Codes in tree order: each parent before its children, siblings in document order.

    Raises
    ------
    CodebookError
        Naming the file, the line (when the document came from the YAML reader) and the field:
        unknown field, missing id/version/label/codes, duplicate id, unknown parent, bad language
        key, an example with no text, a non-mapping where a mapping is expected, a bad colour.

    Examples
    --------
    >>> cb = build_codebook({
    ...     "id": "demo", "version": "1.0.0",
    ...     "codes": [{"id": "role", "label": {"en": "Role"}, "codable": False,
    ...                "children": [{"id": "care", "label": {"en": "Care"}}]}],
    ... })
    >>> cb.ids
    ('role', 'role/care')
    >>> build_codebook({"id": "demo", "version": "1.0.0",
    ...                 "codes": [{"id": "a/b", "label": {"en": "B"}}]}, path="demo.yaml")
    Traceback (most recent call last):
    ...
    psm_qual.errors.CodebookError: demo.yaml: id: code 'a/b' has unknown parent 'a': ...
    """
    return _Checker(None if path is None else str(path)).codebook(document)
