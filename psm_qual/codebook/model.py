"""The codebook's data model: frozen :class:`Code` and :class:`Codebook` (contract 3)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = ["Example", "Code", "Codebook", "SEPARATOR"]

SEPARATOR = "/"

_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class Example:
    """A short quotation showing a code in use."""

    text: str
    language: str = "id"


@dataclass(frozen=True)
class Code:
    """One code of a codebook, with its MacQueen fields.

    Text fields are bilingual mappings ``{"id": ..., "en": ...}``; a field may hold one language
    only. ``id`` is the full hierarchical path (``"initiator/case-handling"``).
    """

    id: str
    label: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    definition: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    full_definition: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    when_to_use: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    when_not_to_use: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    examples: tuple[Example, ...] = ()
    patterns: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    color: str | None = None
    codable: bool = True
    line: int | None = field(default=None, compare=False)  # YAML line where the code starts

    @property
    def parent(self) -> str | None:
        """The parent's id, or ``None`` for a top-level code."""
        head, sep, _ = self.id.rpartition(SEPARATOR)
        return head if sep else None

    @property
    def root(self) -> str:
        """The top-level ancestor's id (the code itself when top-level)."""
        return self.id.split(SEPARATOR, 1)[0]

    @property
    def name(self) -> str:
        """The last part of the id."""
        return self.id.rpartition(SEPARATOR)[2]

    @property
    def depth(self) -> int:
        """0 for a top-level code, 1 for its children, and so on."""
        return self.id.count(SEPARATOR)

    def examples_in(self, language: str) -> tuple[Example, ...]:
        """The examples written in ``language``."""
        return tuple(example for example in self.examples if example.language == language)

    def text(self, field_name: str, language: str = "en") -> str:
        """A bilingual field in ``language``, falling back to the other language, else ``""``."""
        value = getattr(self, field_name)
        if language in value:
            return value[language]
        return next(iter(value.values()), "")


@dataclass(frozen=True)
class Codebook:
    """A versioned set of codes in document order (parents before their children).

    ``path`` (where it was read from) and each code's ``line`` are provenance: they take no part
    in equality, so a codebook written and read back equals the original.
    """

    id: str
    title: Mapping[str, str]
    version: str
    codes: tuple[Code, ...]
    path: str | None = field(default=None, compare=False)
    description: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    languages: tuple[str, ...] = ("id", "en")

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {code.id: code for code in self.codes})

    def __getitem__(self, code_id: str) -> Code:
        try:
            return self._by_id[code_id]  # type: ignore[attr-defined]
        except KeyError:
            raise KeyError(f"no code {code_id!r} in codebook {self.id!r}") from None

    def __contains__(self, code_id: object) -> bool:
        return code_id in self._by_id  # type: ignore[attr-defined]

    def __iter__(self) -> Iterator[Code]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)

    @property
    def ids(self) -> tuple[str, ...]:
        """All code ids in document order."""
        return tuple(code.id for code in self.codes)

    def children(self, code_id: str | None = None) -> tuple[Code, ...]:
        """Direct children of ``code_id`` (top-level codes when ``None``)."""
        return tuple(code for code in self.codes if code.parent == code_id)

    def descendants(self, code_id: str) -> tuple[Code, ...]:
        """All codes below ``code_id``."""
        prefix = code_id + SEPARATOR
        return tuple(code for code in self.codes if code.id.startswith(prefix))

    def under(self, code_id: str) -> tuple[str, ...]:
        """``code_id`` and the ids of all its descendants."""
        return (code_id, *(code.id for code in self.descendants(code_id)))

    def color_of(self, code_id: str) -> str | None:
        """The colour of ``code_id``: its own, else its nearest ancestor's, else ``None``."""
        code: Code | None = self[code_id]
        while code is not None:
            if code.color:
                return code.color
            code = self[code.parent] if code.parent is not None else None
        return None

    @property
    def codable_ids(self) -> tuple[str, ...]:
        """Ids of the codes that may be applied to a segment (``codable: true``)."""
        return tuple(code.id for code in self.codes if code.codable)

    def to_frame(self, *, languages: tuple[str, ...] | None = None):  # -> pandas.DataFrame
        """One row per code, with one column per field and language; see
        :func:`psm_qual.codebook.frame.codebook_frame`."""
        from psm_qual.codebook.frame import codebook_frame

        return codebook_frame(self, languages=languages)

    def _repr_html_(self) -> str:
        from psm_qual.codebook.frame import codebook_html

        return codebook_html(self)
