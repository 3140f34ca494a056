"""Codebook patterns compiled into spaCy matchers on stems, and the hits they find.

Each pattern of each code (``patterns: {id: [...], en: [...]}`` in the codebook) and each
assessment cue (``psm_qual/data/autocode/cues.tsv``) is run through the same normalisation as the
text (:func:`psm_qual.autocode.normalise.make_pipeline`), so a pattern is a sequence of stems
matched as whole words: ``damping`` meets ``mendampingi``, ``pendampingan`` and ``didampingi``.
Patterns go into one :class:`spacy.matcher.PhraseMatcher` on ``LEMMA`` (a trie: its cost does
not grow with the number of patterns); a phrase is added with and without a discourse particle in
each gap between its words, so "catat *teh* kegiatan" meets "catat kegiatan" (a token-pattern
``Matcher`` with optional particles did the same but was the slowest step in profiling). Patterns of both languages
are compiled into both pipelines, so code-switched speech is matched too.

Segments are matched in chunks: the texts of many segments of one language are joined into one
document and hits are mapped back to their segment by character offset. That keeps spaCy's
per-document overhead off the hot path.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd
from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from psm_qual.autocode.ngrams import Ngrams
from psm_qual.autocode.normalise import LANGUAGES, PARTICLE, SpanTokens, make_pipeline
from psm_qual.codebook.model import SEPARATOR, Codebook
from psm_qual.columns import LANGUAGE, TEXT
from psm_qual.errors import AutocodeError, PsmQualWarning

__all__ = [
    "Pattern",
    "Hit",
    "RuleSet",
    "compile_rules",
    "match_segments",
    "iter_hits",
    "hit_table",
    "cue_table",
    "HIT_COLUMNS",
    "ENGINES",
]

CODE_KIND = "code"
CUE_KINDS = ("gap", "performed", "neutral")
_SEPARATOR = "  "  # a whitespace token between joined segments

# Columns of the hits table returned by match_segments.
HIT_COLUMNS = (
    "row",
    "pattern",
    "char_start",
    "char_end",
    "matched",
    "token_start",
    "token_end",
)


class Hit(NamedTuple):
    """One pattern or cue found in one segment (a row of :func:`match_segments`)."""

    row: int
    pattern: int
    char_start: int
    char_end: int
    matched: str
    token_start: int
    token_end: int


@dataclass(frozen=True)
class Pattern:
    """One compiled pattern: a code's pattern or an assessment cue, as stems."""

    kind: str  # "code" or a cue kind: "gap", "performed", "neutral"
    code: str  # the code id ("" for cues)
    language: str  # the language the pattern was written in
    text: str  # the pattern as written
    stems: tuple[str, ...]
    weight: float


def _cue_rows() -> list[tuple[int, str, str, float]]:
    text = resources.files("psm_qual").joinpath("data", "autocode", "cues.tsv").read_text("utf-8")
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        try:
            phrase, kind, weight = fields
            value = float(weight)
        except ValueError:
            value, kind, phrase = -1.0, "", ""
        if kind not in CUE_KINDS or value < 0 or not phrase:
            raise AutocodeError(
                f"expected phrase<TAB>{'|'.join(CUE_KINDS)}<TAB>weight >= 0, got {fields!r}",
                path="psm_qual/data/autocode/cues.tsv",
                line=number,
            )
        rows.append((number, phrase, kind, value))
    return rows


def cue_table() -> pd.DataFrame:
    """The assessment cues shipped with psm_qual (``phrase, kind, weight``).

    Examples
    --------
    >>> cues = cue_table()
    >>> cues.set_index("phrase").loc[["belum", "tidak hanya", "tidak mampu"], "kind"].tolist()
    ['gap', 'performed', 'neutral']
    """
    return pd.DataFrame(
        [(phrase, kind, weight) for _, phrase, kind, weight in _cue_rows()],
        columns=["phrase", "kind", "weight"],
    )


@cache
def _pipeline(language: str) -> Language:
    return make_pipeline(language)  # type: ignore[arg-type]


def _pattern_stems(nlp: Language, text: str) -> tuple[str, ...]:
    doc = nlp(text)
    return tuple(t.lemma_ for t in doc if not (t.is_punct or t.is_space) and t.lemma_ != PARTICLE)


@dataclass
class _Compiled:
    nlp: Language
    phrases: PhraseMatcher
    keys: dict[int, int]  # match id -> index into RuleSet.patterns
    ngrams: Ngrams | None  # the same phrases for the numpy matcher (None: too many stems)
    spans: SpanTokens  # tokens and lemmas per span type, for the numpy matcher


@dataclass(frozen=True)
class RuleSet:
    """A codebook's patterns and the assessment cues, compiled for matching.

    Build it with :func:`compile_rules`. ``roles`` are the top-level codes of the single-label
    role dimension; ``gap``/``performed`` the assessment codes (``None`` when the codebook has
    none); ``barriers`` the codes of the multi-label barrier dimension.
    """

    codebook: Codebook
    patterns: tuple[Pattern, ...]
    roles: tuple[str, ...]
    barriers: tuple[str, ...]
    gap: str | None
    performed: str | None
    _compiled: dict[str, _Compiled] = field(default_factory=dict, repr=False, compare=False)

    def compiled(self, language: str) -> _Compiled:
        """The pipeline and matchers for ``language`` (built on first use)."""
        if language not in self._compiled:
            self._compiled[language] = _compile(self.patterns, _pipeline(language))
        return self._compiled[language]

    def dimension(self, code_id: str) -> str | None:
        """``"role"``, ``"assessment"``, ``"barrier"`` or ``None`` for ``code_id``."""
        root = code_id.split(SEPARATOR, 1)[0]
        if root in self.roles:
            return "role"
        if code_id in self.barriers:
            return "barrier"
        if code_id in (self.gap, self.performed):
            return "assessment"
        return None


def _variants(stems: tuple[str, ...]) -> list[list[str]]:
    """The stems with or without one particle in each gap between words ("catat teh giat")."""
    variants: list[list[str]] = [[stems[0]]]
    for stem in stems[1:]:
        variants = [v + extra + [stem] for v in variants for extra in ([], [PARTICLE])]
    return variants


def _compile(patterns: Sequence[Pattern], nlp: Language) -> _Compiled:
    phrases = PhraseMatcher(nlp.vocab, attr="LEMMA")
    keys: dict[int, int] = {}
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    added: list[tuple[int, tuple[str, ...]]] = []
    for index, pattern in enumerate(patterns):
        stems = _pattern_stems(nlp, pattern.text)
        if not stems or (pattern.kind, pattern.code, stems) in seen:
            continue
        seen.add((pattern.kind, pattern.code, stems))
        key = f"psm\x1f{index}"
        keys[nlp.vocab.strings.add(key)] = index
        phrases.add(key, [Doc(nlp.vocab, words=v, lemmas=v) for v in _variants(stems[:4])])
        added.append((index, stems[:4]))
    ngrams = Ngrams(nlp.vocab.strings, added)
    return _Compiled(nlp, phrases, keys, ngrams if ngrams.bits * 4 <= 64 else None, SpanTokens(nlp))


def compile_rules(
    codebook: Codebook,
    *,
    roles: Sequence[str] | None = None,
    gap: str | None = "assessment/gap",
    performed: str | None = "assessment/performed",
    barrier: str | None = "barrier",
) -> RuleSet:
    """Compile ``codebook``'s patterns and psm_qual's assessment cues.

    Parameters
    ----------
    codebook : Codebook
        Codes with ``patterns`` (others are never suggested).
    roles : sequence of str, optional
        Top-level codes forming the single-label role dimension. Default: every top-level code
        except the roots of ``gap``, ``performed`` and ``barrier``.
    gap, performed : str or None
        The assessment codes; ignored when absent from the codebook. Their own patterns, if any,
        count as extra cues.
    barrier : str or None
        The root of the barrier codes (each coded when its patterns hit).

    Returns
    -------
    RuleSet

    Raises
    ------
    AutocodeError
        When ``roles`` names a code the codebook lacks.

    Warns
    -----
    PsmQualWarning
        For a pattern with no word left to match (only particles or punctuation); it is skipped.

    Examples
    --------
    >>> from psm_qual.codebook import Code, Codebook
    >>> cb = Codebook("demo", {"en": "Demo"}, "1", (
    ...     Code("helper", patterns={"id": ("damping",), "en": ("accompany",)}),
    ...     Code("assessment", codable=False), Code("assessment/gap"),
    ...     Code("assessment/performed")))
    >>> rules = compile_rules(cb)
    >>> rules.roles, rules.gap
    (('helper',), 'assessment/gap')
    >>> [(p.code, p.stems) for p in rules.patterns if p.kind == "code"]
    [('helper', ('damp',)), ('helper', ('accompani',))]
    """
    special = {c.split(SEPARATOR, 1)[0] for c in (gap, performed, barrier) if c}
    gap = gap if gap in codebook else None
    performed = performed if performed in codebook else None
    if roles is None:
        roles = tuple(c.id for c in codebook.children(None) if c.id not in special)
    for role in roles:
        if role not in codebook:
            raise AutocodeError(
                f"role {role!r} is not a code of codebook {codebook.id!r}",
                path=codebook.path,
                field="roles",
            )
    barriers = (
        tuple(c.id for c in codebook.descendants(barrier) if c.codable)
        if barrier and barrier in codebook
        else ()
    )
    patterns: list[Pattern] = []
    nlp = _pipeline("id")
    for code in codebook:
        for language, texts in code.patterns.items():
            for text in texts:
                stems = _pattern_stems(nlp, str(text))
                if not stems:
                    where = f"{codebook.path}:{code.line}: " if codebook.path else ""
                    warnings.warn(
                        f"{where}pattern {text!r} of code {code.id!r} has no words to match "
                        "(only particles or punctuation); skipped",
                        PsmQualWarning,
                        stacklevel=2,
                    )
                    continue
                patterns.append(Pattern(CODE_KIND, code.id, language, str(text), stems, 0.0))
    # A pattern shared by several roles tells less about each: weight = words / roles sharing it.
    sharing: dict[tuple[str, ...], set[str]] = {}
    for p in patterns:
        sharing.setdefault(p.stems, set()).add(p.code.split(SEPARATOR, 1)[0])
    patterns = [
        Pattern(p.kind, p.code, p.language, p.text, p.stems, len(p.stems) / len(sharing[p.stems]))
        for p in patterns
    ]
    for _, phrase, kind, weight in _cue_rows():
        patterns.append(Pattern(kind, "", "", phrase, _pattern_stems(nlp, phrase), weight))
    for code_id, kind in ((gap, "gap"), (performed, "performed")):
        if code_id:
            for language, texts in codebook[code_id].patterns.items():
                for text in texts:
                    stems = _pattern_stems(nlp, str(text))
                    patterns.append(Pattern(kind, code_id, language, str(text), stems, 1.0))
    return RuleSet(codebook, tuple(patterns), tuple(roles), barriers, gap, performed)


def _chunks(rows: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for at in range(0, len(rows), size):
        yield rows[at : at + size]


Engine = Literal["numpy", "phrasematcher"]
ENGINES = ("numpy", "phrasematcher")
_BATCH = {"numpy": 4096, "phrasematcher": 24}


def match_segments(
    rules: RuleSet,
    segments: pd.DataFrame,
    *,
    batch_size: int | None = None,
    engine: Engine = "numpy",
    progress: Callable[[int], object] | None = None,
) -> pd.DataFrame:
    """Every pattern and cue hit in every segment.

    Parameters
    ----------
    rules : RuleSet
    segments : DataFrame
        Needs ``text`` and ``language`` (``"id"`` or ``"en"``; anything else is read as
        Indonesian).
    batch_size : int, optional
        Segments handled together (default 4096 for ``numpy``, 24 for ``phrasematcher``).
    engine : {"numpy", "phrasematcher"}
        How the compiled phrases are found. ``"phrasematcher"`` runs the pipeline on the
        segments (joined ``batch_size`` at a time) and spaCy's PhraseMatcher on ``LEMMA``.
        ``"numpy"`` (default, same hits, several times faster) tokenizes and stems each
        distinct whitespace-delimited span once (:class:`~psm_qual.autocode.normalise.SpanTokens`)
        and looks the phrases up as packed integer n-grams of stem codes: per token, spaCy's
        per-document work, the tokenizer cache bypassed by special cases (``e-KTP``, ``WA``)
        and the PhraseMatcher's trie walk were most of the coder's time.
    progress : callable, optional
        Called with the number of segments just processed.

    Returns
    -------
    DataFrame
        One row per hit, columns :data:`HIT_COLUMNS`: ``row`` (position of the segment in
        ``segments``), ``pattern`` (index into ``rules.patterns``), ``char_start``/``char_end``
        (offsets into the segment's text), ``matched`` (the words as written),
        ``token_start``/``token_end`` (token positions within the segment). Sorted by row,
        pattern and position.

    Raises
    ------
    AutocodeError
        For an unknown engine.

    Examples
    --------
    >>> from psm_qual.codebook import Code, Codebook
    >>> cb = Codebook("demo", {"en": "Demo"}, "1", (
    ...     Code("helper", patterns={"id": ("catat kegiatan",)}),))
    >>> segments = pd.DataFrame({"text": ["Saya nyatet teh kegiatan warga."], "language": "id"})
    >>> hits = match_segments(compile_rules(cb), segments)
    >>> hits[["row", "matched", "token_start", "token_end"]]
       row                 matched  token_start  token_end
    0    0  nyatet teh kegiatan            1          4
    >>> hits.equals(match_segments(compile_rules(cb), segments, engine="phrasematcher"))
    True
    """
    table = hit_table(rules, segments, batch_size=batch_size, engine=engine, progress=progress)
    texts = segments[TEXT].astype(str).tolist()
    table.insert(4, "matched", pd.Series(matched_words(table, texts), dtype=object))
    return table


def matched_words(hits: pd.DataFrame, texts: Sequence[str]) -> list[str]:
    """The words as written of each hit (``texts``: the segments' texts, by ``row``)."""
    return [
        texts[r][a:b]
        for r, a, b in zip(
            hits["row"].tolist(),
            hits["char_start"].tolist(),
            hits["char_end"].tolist(),
            strict=True,
        )
    ]


def hit_table(
    rules: RuleSet,
    segments: pd.DataFrame,
    *,
    batch_size: int | None = None,
    engine: Engine = "numpy",
    progress: Callable[[int], object] | None = None,
) -> pd.DataFrame:
    """:func:`match_segments` without the ``matched`` column (integer columns only)."""
    frames = list(
        _iter_frames(rules, segments, batch_size=batch_size, engine=engine, progress=progress)
    )
    columns = [c for c in HIT_COLUMNS if c != "matched"]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    arrays = {c: np.concatenate([f[c] for f in frames]) for c in columns}
    row, pattern, char_start = arrays["row"], arrays["pattern"], arrays["char_start"]
    # (row, pattern, char_start) is unique per hit: one integer key sorts them when it fits.
    spans = [int(a.max()) + 1 if len(a) else 1 for a in (row, pattern, char_start)]
    if (
        len(row)
        and all(int(a.min()) >= 0 for a in (row, pattern, char_start))
        and (spans[0] * spans[1] * spans[2] < 2**62)
    ):
        key = (row.astype(np.int64) * spans[1] + pattern) * spans[2] + char_start
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        if len(ordered) > 1 and not (ordered[1:] != ordered[:-1]).all():
            order = None
    else:
        order = None
    if order is None:
        order = np.lexsort(
            [arrays[c] for c in ("token_end", "token_start", "char_start", "pattern", "row")]
        )
    return pd.DataFrame({c: arrays[c][order] for c in columns})


def iter_hits(
    rules: RuleSet,
    segments: pd.DataFrame,
    *,
    batch_size: int | None = None,
    engine: Engine = "numpy",
    progress: Callable[[int], object] | None = None,
) -> Iterable[list[tuple]]:
    """Like :func:`match_segments`, as one list of hits per batch (rows ascending).

    A hit is a plain tuple in the order of :data:`HIT_COLUMNS` (see :class:`Hit`).
    """
    texts = segments[TEXT].astype(str).tolist()
    for arrays in _iter_frames(
        rules, segments, batch_size=batch_size, engine=engine, progress=progress
    ):
        frame = pd.DataFrame(arrays)
        frame.insert(4, "matched", matched_words(frame, texts))
        hits = list(frame.itertuples(index=False, name=None))
        hits.sort()
        yield hits


def _iter_frames(
    rules: RuleSet,
    segments: pd.DataFrame,
    *,
    batch_size: int | None,
    engine: str,
    progress: Callable[[int], object] | None,
) -> Iterable[dict[str, np.ndarray]]:
    if engine not in ENGINES:
        raise AutocodeError(
            f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}", field="engine"
        )
    size = max(1, int(batch_size or _BATCH[engine]))
    texts = segments[TEXT].astype(str).tolist()
    languages = (
        segments[LANGUAGE].fillna("id").astype(str).tolist()
        if LANGUAGE in segments.columns
        else ["id"] * len(texts)
    )
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    by_language: dict[str, list[int]] = {}
    for row, language in enumerate(languages):
        by_language.setdefault(language if language in LANGUAGES else "id", []).append(row)
    for language, rows in by_language.items():
        compiled = rules.compiled(language)
        batches = [np.asarray(b, dtype=np.int64) for b in _chunks(rows, size)]
        if engine == "numpy" and compiled.ngrams is not None:
            for batch in batches:
                yield _numpy_frame(compiled, [texts[r] for r in batch.tolist()], batch)
                if progress is not None:
                    progress(len(batch))
            continue
        keys = np.array(sorted(compiled.keys), dtype=np.uint64)
        values = np.array([compiled.keys[k] for k in keys.tolist()], dtype=np.int64)
        joined = [_SEPARATOR.join(texts[r] for r in batch.tolist()) for batch in batches]
        docs = compiled.nlp.pipe(joined)
        for batch, doc in zip(batches, docs, strict=True):
            yield _batch_frame(compiled, doc, batch, lengths, keys, values)
            if progress is not None:
                progress(len(batch))


def _numpy_frame(compiled: _Compiled, texts: list[str], batch: np.ndarray) -> dict[str, np.ndarray]:
    """The hits of a batch of segments with the numpy engine (no ``matched`` column)."""
    ngrams = compiled.ngrams
    cache = compiled.spans
    stream = cache.stream(texts)
    code = ngrams.codes(cache.lemma)[stream.flat]
    pattern, start, end = ngrams.match(code, stream.segment)
    segment = stream.segment[start]
    offset = stream.starts[segment]
    char_start = stream.char[start]
    char_end = stream.char[end - 1] + cache.length[stream.flat[end - 1]]
    return {
        "row": batch[segment],
        "pattern": pattern,
        "char_start": char_start - offset,
        "char_end": char_end - offset,
        "token_start": stream.position[start],
        "token_end": stream.position[end - 1] + 1,
    }


def _batch_frame(
    compiled: _Compiled,
    doc: Doc,
    batch: np.ndarray,
    lengths: np.ndarray,
    keys: np.ndarray,
    values: np.ndarray,
) -> dict[str, np.ndarray]:
    """The hits of one joined document, computed with numpy (no Python per hit)."""
    starts = np.zeros(len(batch), dtype=np.int64)
    np.cumsum(lengths[batch][:-1] + len(_SEPARATOR), out=starts[1:])
    matches = np.asarray(compiled.phrases(doc), dtype=np.uint64).reshape(-1, 3)
    positions = doc.to_array([IDX, LENGTH]).astype(np.int64).reshape(-1, 2)
    token_idx = positions[:, 0]
    token_end = token_idx + positions[:, 1]
    token_segment = np.searchsorted(starts, token_idx, side="right") - 1
    first_token = np.searchsorted(token_idx, starts, side="left")
    start = matches[:, 1].astype(np.int64)
    end = matches[:, 2].astype(np.int64)
    segment = token_segment[start]
    keep = token_segment[np.maximum(end - 1, 0)] == segment
    start, end, segment = start[keep], end[keep], segment[keep]
    pattern = values[np.searchsorted(keys, matches[keep, 0])]
    char_start = token_idx[start]
    char_end = token_end[end - 1]
    offset = starts[segment]
    first = first_token[segment]
    return {
        "row": batch[segment],
        "pattern": pattern,
        "char_start": char_start - offset,
        "char_end": char_end - offset,
        "token_start": start - first,
        "token_end": end - first,
    }
