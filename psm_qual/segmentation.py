"""Cutting a source body into segments (contract 2): speaker turns, paragraphs, sentences.

A body is first cut into *units*: speaker turns in an interview (a line ``Name: ...`` opens a
turn, the following unlabelled lines continue it), paragraphs in observation notes and documents,
cues in captions, messages in a chat export. Each unit is then split into paragraphs (blank lines)
and sentences with spaCy's blank pipeline for the source's language plus the rule-based
``sentencizer`` (no model download). Chat messages are kept whole.

Offsets are 0-based code points into the body, end exclusive; every span is trimmed of
surrounding white space, so ``body[start:end]`` is exactly the segment text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import Any, NamedTuple

from psm_qual.columns import INFORMANT_ROLE, INTERVIEWER_ROLE

__all__ = [
    "DEFAULT_INTERVIEWER_LABELS",
    "Unit",
    "Span",
    "match_speaker_label",
    "speaker_turns",
    "paragraph_units",
    "sentence_pipeline",
    "split_units",
    "segment_body",
    "WORD_PATTERN",
    "count_words",
]

WORD_PATTERN = r"[^\W_]+(?:[-'\u2019][^\W_]+)*"
"""A word: letters and digits, with inner hyphens or apostrophes (``kadang-kadang`` is one)."""
_WORD = re.compile(WORD_PATTERN)


def count_words(text: str) -> int:
    """Number of words in ``text`` (see :data:`WORD_PATTERN`).

    Examples
    --------
    >>> count_words("Kadang-kadang warga datang ke kantor RW 05.")
    7
    """
    return sum(1 for _ in _WORD.finditer(text))


DEFAULT_INTERVIEWER_LABELS: tuple[str, ...] = (
    "Peneliti",
    "Pewawancara",
    "Interviewer",
    "P",
    "I",
    "Q",
)
"""Speaker labels that mark the interviewer's turns (kept, but not coded by default)."""

_MAX_LABEL_WORDS = 4
_MAX_LABEL_CHARS = 40
# Optional markdown emphasis around the label: "**PSM1:**", "**PSM1**:", "__P__:".
_LABEL_LINE = re.compile(
    r"[ \t]*(?:\*\*|__)?(?P<label>[^\W\d_][^\n:*]{0,"
    + str(_MAX_LABEL_CHARS - 1)
    + r"}?)[ \t]*(?:\*\*|__)?:(?:\*\*|__)?(?=[ \t]|$)"
)
_LABEL_CHARS = re.compile(r"[\w .()\-]+")
_TIME_WORD = re.compile(r"\d{1,2}(?:[.:]\d{2}){1,2}")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


class Unit(NamedTuple):
    """A stretch of a body to segment: a turn, paragraph, caption cue or chat message."""

    start: int
    end: int
    speaker: str = ""
    role: str = INFORMANT_ROLE
    timestamp: str = ""
    media: bool = False
    split: bool = True  # split into sentences (False keeps the unit whole: chat messages)


class Span(NamedTuple):
    """One segment: a trimmed span of the body and what it inherits from its unit."""

    start: int
    end: int
    speaker: str
    role: str
    timestamp: str
    media: bool


def match_speaker_label(line: str) -> tuple[str, int] | None:
    """Return ``(label, offset of the text after it)`` if ``line`` opens a speaker turn.

    A label is 1-4 words of letters, digits, dots, spaces, hyphens or parentheses, starting with
    a letter, followed by ``:`` and white space (so no URL), optionally wrapped in markdown ``**``.
    Times such as ``Pukul 09.00:`` are not labels.

    Examples
    --------
    >>> match_speaker_label("PSM1: Biasanya dari laporan keluarga.")
    ('PSM1', 6)
    >>> match_speaker_label("**Bu Ani (PSM2):** Iya.")
    ('Bu Ani (PSM2)', 19)
    >>> match_speaker_label("Pukul 09.00: warga mulai datang") is None
    True
    >>> match_speaker_label("Lihat https://example.org") is None
    True
    """
    match = _LABEL_LINE.match(line)
    if match is None:
        return None
    label = match.group("label").strip()
    if not _LABEL_CHARS.fullmatch(label):
        return None
    words = label.split()
    if not 1 <= len(words) <= _MAX_LABEL_WORDS:
        return None
    if _TIME_WORD.fullmatch(words[-1]):
        return None
    end = match.end()
    while end < len(line) and line[end] in " \t":
        end += 1
    return label, end


def _role_of(label: str, interviewer: frozenset[str]) -> str:
    return INTERVIEWER_ROLE if label.casefold() in interviewer else INFORMANT_ROLE


def speaker_turns(
    body: str, *, interviewer_labels: Iterable[str] = DEFAULT_INTERVIEWER_LABELS
) -> list[Unit]:
    """Cut an interview body into speaker turns.

    A line that starts with a speaker label (see :func:`match_speaker_label`) opens a turn whose
    text starts after the label; following lines without a label continue it. Text before the
    first label is a turn without a speaker. Turns of an interviewer label get role
    ``"interviewer"``, all others ``"informant"``.

    Examples
    --------
    >>> body = "Peneliti: Apa kabar?\\nPSM1: Baik.\\nSangat baik.\\n"
    >>> [(body[u.start:u.end].strip(), u.speaker, u.role) for u in speaker_turns(body)]
    [('Apa kabar?', 'Peneliti', 'interviewer'), ('Baik.\\nSangat baik.', 'PSM1', 'informant')]
    """
    interviewer = frozenset(label.casefold() for label in interviewer_labels)
    units: list[Unit] = []
    start, speaker = 0, ""
    offset = 0
    for line in body.split("\n"):
        found = match_speaker_label(line)
        if found is not None:
            if offset > start or speaker:
                units.append(Unit(start, offset, speaker, _role_of(speaker, interviewer)))
            speaker = found[0]
            start = offset + found[1]
        offset += len(line) + 1
    units.append(Unit(start, len(body), speaker, _role_of(speaker, interviewer)))
    return [u for u in units if body[u.start : u.end].strip() or u.speaker]


def paragraph_units(body: str) -> list[Unit]:
    """The whole body as one unit without speaker (paragraphs are split later).

    Examples
    --------
    >>> paragraph_units("Satu.\\n\\nDua.")
    [Unit(start=0, end=11, speaker='', role='informant', timestamp='', media=False, split=True)]
    """
    return [Unit(0, len(body))]


@cache
def sentence_pipeline(language: str) -> Any:
    """spaCy's blank pipeline for ``language`` with a ``sentencizer`` (cached per language).

    Raises
    ------
    ValueError
        If spaCy has no language ``language`` (e.g. ``"xx-unknown"``).

    Examples
    --------
    >>> [s.text for s in sentence_pipeline("id")("Saya datang. Dia pergi.").sents]
    ['Saya datang.', 'Dia pergi.']
    """
    import spacy

    try:
        nlp = spacy.blank(language)
    except (ImportError, KeyError, ValueError) as error:
        raise ValueError(f"spaCy has no language {language!r}") from error
    nlp.add_pipe("sentencizer")
    nlp.max_length = 50_000_000
    return nlp


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _paragraphs(body: str, unit: Unit) -> Iterator[tuple[int, int]]:
    position = unit.start
    for match in _PARAGRAPH_BREAK.finditer(body, unit.start, unit.end):
        yield _trim(body, position, match.start())
        position = match.end()
    yield _trim(body, position, unit.end)


def split_units(body: str, units: Sequence[Unit], *, language: str) -> list[Span]:
    """Split units into trimmed sentence spans (units with ``split=False`` stay whole).

    Parameters
    ----------
    body : str
        The source body the units point into.
    units : sequence of Unit
        In body order.
    language : str
        spaCy language code of the body (``"id"``, ``"en"``...).

    Returns
    -------
    list of Span
        In body order; empty paragraphs give no span.

    Examples
    --------
    >>> body = "Kami datang. Warga senang.\\n\\nSelesai"
    >>> [body[s.start:s.end] for s in split_units(body, paragraph_units(body), language="id")]
    ['Kami datang.', 'Warga senang.', 'Selesai']
    """
    pieces: list[tuple[int, int, Unit]] = []
    for unit in units:
        if not unit.split:
            start, end = _trim(body, unit.start, unit.end)
            if end > start:
                pieces.append((start, end, unit))
            continue
        for start, end in _paragraphs(body, unit):
            if end > start:
                pieces.append((start, end, unit))
    to_split = [(s, e) for s, e, u in pieces if u.split]
    docs = iter(sentence_pipeline(language).pipe((body[s:e] for s, e in to_split), batch_size=256))
    spans: list[Span] = []
    for start, end, unit in pieces:
        if not unit.split:
            spans.append(Span(start, end, unit.speaker, unit.role, unit.timestamp, unit.media))
            continue
        doc = next(docs)
        text = body[start:end]
        for sentence in doc.sents:
            s, e = _trim(text, sentence.start_char, sentence.end_char)
            if e > s:
                spans.append(
                    Span(start + s, start + e, unit.speaker, unit.role, unit.timestamp, unit.media)
                )
    return spans


def segment_body(
    body: str,
    *,
    language: str = "id",
    turns: bool = True,
    interviewer_labels: Iterable[str] = DEFAULT_INTERVIEWER_LABELS,
) -> list[Span]:
    """Segment a plain-text body: speaker turns (``turns=True``) or paragraphs, then sentences.

    Examples
    --------
    >>> body = "Peneliti: Bagaimana?\\nPSM1: Dari laporan RT. Saya datang."
    >>> [(body[s.start:s.end], s.speaker, s.role) for s in segment_body(body)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('Bagaimana?', 'Peneliti', 'interviewer'), ('Dari laporan RT.', 'PSM1', 'informant'),
     ('Saya datang.', 'PSM1', 'informant')]
    """
    units = (
        speaker_turns(body, interviewer_labels=interviewer_labels)
        if turns
        else paragraph_units(body)
    )
    return split_units(body, units, language=language)
