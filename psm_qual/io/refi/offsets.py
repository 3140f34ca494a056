"""Which unit a tool counted selection offsets in, and conversion to psm_qual's body offsets.

REFI-QDA counts ``startPosition``/``endPosition`` in Unicode code points of the plain-text file.
Real tools deviate: NVivo for Windows counts UTF-16 code units (an emoji is two), and some tools
count a CRLF line end as one character, others as two. psm_qual's bodies have ``\\n`` line ends, so
offsets are converted at this edge. The unit is detected **per source** by converting every
selection under each candidate unit and counting how many selections' ``name`` (most tools store
the selected text there) matches the text it points at.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

__all__ = ["OffsetUnit", "UNITS", "OffsetDetection", "OffsetMap", "detect_offset_unit"]

OffsetUnit = Literal[
    "code points",
    "code points, CRLF as one",
    "UTF-16 code units",
    "UTF-16 code units, CRLF as one",
]
#: Candidate units in order of preference (the standard first) when several fit equally.
UNITS: tuple[OffsetUnit, ...] = (
    "code points",
    "code points, CRLF as one",
    "UTF-16 code units",
    "UTF-16 code units, CRLF as one",
)


_SPACE = re.compile(r"\s+")


class OffsetMap:
    """Maps offsets counted in any :data:`OffsetUnit` over a raw text to body code points.

    The body is the raw text with CRLF and lone CR turned into LF (as
    :func:`psm_qual.io.text.normalise_newlines` does).

    Examples
    --------
    >>> m = OffsetMap("a\\r\\n\\U0001F68C b")
    >>> m.body == "a\\n\\U0001F68C b"
    True
    >>> m.to_body([3, 5], "code points").tolist()
    [2, 4]
    >>> m.to_body([2, 4], "UTF-16 code units, CRLF as one").tolist()
    [2, 3]
    """

    def __init__(self, raw: str) -> None:
        self.raw = raw
        points = np.frombuffer(raw.encode("utf-32-le"), dtype=np.uint32)
        n = len(points)
        is_cr = points == 13
        next_lf = np.zeros(n, dtype=bool)
        if n > 1:
            next_lf[:-1] = points[1:] == 10
        dropped = is_cr & next_lf  # the CR of a CRLF disappears from the body
        keep = (~dropped).astype(np.int64)
        wide = (points > 0xFFFF).astype(np.int64) + 1
        self.has_crlf = bool(dropped.any())
        self.has_astral = bool((wide > 1).any())
        self._kept_before = np.concatenate(([0], np.cumsum(keep)))
        self._widths = {
            "code points": np.ones(n, dtype=np.int64),
            "code points, CRLF as one": keep,
            "UTF-16 code units": wide,
            "UTF-16 code units, CRLF as one": wide * keep,
        }
        self._starts: dict[str, np.ndarray] = {}
        self.body = raw.replace("\r\n", "\n").replace("\r", "\n") if "\r" in raw else raw

    def candidates(self) -> tuple[OffsetUnit, ...]:
        """The units that differ on this text (only ``"code points"`` for plain ASCII)."""
        return tuple(
            unit
            for unit in UNITS
            if (self.has_crlf or "CRLF" not in unit) and (self.has_astral or "UTF-16" not in unit)
        )

    def length(self, unit: OffsetUnit) -> int:
        """The text's length counted in ``unit``."""
        return int(self._unit_starts(unit)[-1])

    def _unit_starts(self, unit: OffsetUnit) -> np.ndarray:
        if unit not in self._starts:
            self._starts[unit] = np.concatenate(([0], np.cumsum(self._widths[unit])))
        return self._starts[unit]

    def to_body(self, offsets: Sequence[int] | np.ndarray, unit: OffsetUnit) -> np.ndarray:
        """Body code-point offsets for ``offsets`` counted in ``unit``; -1 where out of range."""
        values = np.asarray(offsets, dtype=np.int64)
        starts = self._unit_starts(unit)
        index = np.searchsorted(starts, values, side="left")
        index = np.clip(index, 0, len(starts) - 1)
        result = self._kept_before[index]
        return np.where((values < 0) | (values > starts[-1]), -1, result)


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text)


def _match_score(span: str, name: str) -> int:
    """2 for the same text, 1 when ``name`` is a truncation of the span, else 0."""
    span, name = _squash(span), _squash(name)
    if span == name or span.strip() == name.strip():
        return 2 if span == name else 1
    trimmed = name.rstrip(".…").rstrip()
    return int(len(trimmed) >= 8 and span.startswith(trimmed))


@dataclass(frozen=True)
class OffsetDetection:
    """The unit found for one source.

    Attributes
    ----------
    unit : OffsetUnit
        The unit the offsets were counted in.
    checked : int
        Selections with a ``name`` to check against the text.
    matched : int
        Of those, how many match the text under ``unit``.
    ambiguous : bool
        True when the text does not tell the candidate units apart, or no name matched
        under any unit (then ``unit`` is the standard, code points).
    """

    unit: OffsetUnit
    checked: int
    matched: int
    ambiguous: bool


def detect_offset_unit(
    offsets: OffsetMap, selections: Sequence[tuple[int, int, str | None]]
) -> OffsetDetection:
    """Find the unit in which ``selections`` (start, end, name) were counted over a text.

    Examples
    --------
    >>> m = OffsetMap("Q: hi\\r\\nA: by bus \\U0001F68C ok\\r\\n")
    >>> detect_offset_unit(m, [(7, 18, "A: by bus \\U0001F68C")]).unit
    'code points'
    >>> detect_offset_unit(m, [(6, 17, "A: by bus \\U0001F68C")]).unit
    'code points, CRLF as one'
    >>> detect_offset_unit(m, [(7, 19, "A: by bus \\U0001F68C")]).unit
    'UTF-16 code units'
    """
    named = [(s, e, n) for s, e, n in selections if n and n.strip()]
    candidates = offsets.candidates()
    if not named or len(candidates) == 1:
        return OffsetDetection("code points", len(named), 0, len(candidates) > 1)
    starts = np.array([s for s, _, _ in named], dtype=np.int64)
    ends = np.array([e for _, e, _ in named], dtype=np.int64)
    body = offsets.body
    best: OffsetUnit = "code points"
    best_score = -1
    for unit in candidates:
        b_starts, b_ends = offsets.to_body(starts, unit), offsets.to_body(ends, unit)
        score = sum(
            _match_score(body[s:e], name or "")
            for s, e, (_, _, name) in zip(b_starts.tolist(), b_ends.tolist(), named, strict=True)
            if 0 <= s < e
        )
        if score > best_score:
            best, best_score = unit, score
    matched = sum(
        _match_score(body[s:e], name or "") > 0
        for s, e, (_, _, name) in zip(
            offsets.to_body(starts, best).tolist(),
            offsets.to_body(ends, best).tolist(),
            named,
            strict=True,
        )
        if 0 <= s < e
    )
    return OffsetDetection(best, len(named), matched, best_score == 0)
