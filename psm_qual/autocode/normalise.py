"""Normalisation of Indonesian and English speech for matching: a small spaCy pipeline.

The pipeline is ``spacy.blank("id")`` (or ``"en"``; nothing is downloaded) with

- tokenizer special cases for terms kept whole (``e-KTP``, ``WA``, ``BPNT``, ``Dinsos``...) and
  for fused colloquial forms split into standard words (``gada`` -> ``tidak ada``);
- one component, ``psm_normalise``, that sets each token's ``norm_`` (lower case, colloquial
  spelling replaced by the standard word: ``gak`` -> ``tidak``, ``nyatet`` -> ``catat``) and
  ``lemma_`` (the stem of the norm), and gives discourse particles (``teh``, ``mah``, ``atuh``,
  ``sih``...) the placeholder lemma :data:`PARTICLE` so that patterns step over them.

Stems come from PySastrawi (Nazief-Adriani, Indonesian affixes: ``mendampingi``,
``pendampingan``, ``didampingi`` -> ``damping``) followed by NLTK's Snowball English stemmer
(``reporting`` -> ``report``). One function serves both languages, so a code-switched sentence
("saya follow up kasusnya") and a pattern written in either language meet on the same stems;
what matters for matching is only that patterns and text go through the same function.

The component works on whole documents with numpy: each word *type* is normalised and stemmed
once (a per-type cache on the component), and the token attributes are written back with
``Doc.from_array``; there is no per-token Python.

Language data (the colloquial table, particles, special tokens, contractions) lives in
``psm_qual/data/autocode/`` as text files, not Python literals.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Literal

import numpy as np
import pandas as pd
import spacy
from spacy.attrs import IDX, LEMMA, LENGTH, NORM, ORTH
from spacy.language import Language
from spacy.tokens import Doc

from psm_qual.errors import AutocodeError

__all__ = [
    "PARTICLE",
    "LANGUAGES",
    "LanguageData",
    "SpanTokens",
    "TokenStream",
    "language_data",
    "make_pipeline",
    "stem_word",
    "stems",
]

Lang = Literal["id", "en"]
LANGUAGES: tuple[str, ...] = ("id", "en")
PARTICLE = "<particle>"
"""Lemma given to discourse particles; multi-word patterns skip tokens with this lemma."""

_COMPONENT = "psm_normalise"
_ENCLITICS = ("nya", "lah", "kah", "pun")


@dataclass(frozen=True)
class LanguageData:
    """The curated word lists that drive normalisation (read from the package's data files).

    Attributes
    ----------
    colloquial : Mapping[str, str]
        Colloquial spelling -> standard word (``colloquial_id.tsv``).
    particles : frozenset of str
        Discourse particles kept out of the way (``particles_id.txt``).
    special_tokens : Mapping[str, str]
        Terms kept whole and unstemmed -> their norm (``special_tokens.tsv``).
    contractions : Mapping[str, tuple[tuple[str, str], ...]]
        Fused forms -> ((piece, norm), ...) (``contractions_id.tsv``).
    stem_overrides : Mapping[str, str]
        Standard word -> lemma, for words whose stem would collide with another code's root
        (``pengurus`` is not ``urus``; ``stem_overrides.tsv``).
    """

    colloquial: Mapping[str, str]
    particles: frozenset[str]
    special_tokens: Mapping[str, str]
    contractions: Mapping[str, tuple[tuple[str, str], ...]]
    stem_overrides: Mapping[str, str] = field(default_factory=dict)


def _data_lines(name: str) -> list[tuple[int, list[str]]]:
    """Non-comment lines of a data file as (line number, tab-separated fields)."""
    text = resources.files("psm_qual").joinpath("data", "autocode", name).read_text("utf-8")
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        rows.append((number, [field.strip() for field in line.split("\t")]))
    return rows


def _fields(name: str, count: int) -> list[tuple[int, list[str]]]:
    rows = _data_lines(name)
    for number, fields in rows:
        if len(fields) != count or not all(fields):
            raise AutocodeError(
                f"expected {count} tab-separated fields, got {fields!r}",
                path=f"psm_qual/data/autocode/{name}",
                line=number,
            )
    return rows


@cache
def language_data() -> LanguageData:
    """Read (once) the language data files shipped in ``psm_qual/data/autocode/``.

    Examples
    --------
    >>> data = language_data()
    >>> data.colloquial["nggak"], data.colloquial["nyatet"]
    ('tidak', 'catat')
    >>> "teh" in data.particles
    True
    """
    colloquial = {fields[0]: fields[1] for _, fields in _fields("colloquial_id.tsv", 2)}
    particles = frozenset(fields[0] for _, fields in _data_lines("particles_id.txt"))
    special = {fields[0]: fields[1] for _, fields in _fields("special_tokens.tsv", 2)}
    contractions: dict[str, tuple[tuple[str, str], ...]] = {}
    for number, (form, pieces, norms) in _fields("contractions_id.tsv", 3):
        parts, targets = pieces.split("|"), norms.split("|")
        if "".join(parts) != form or len(parts) != len(targets):
            raise AutocodeError(
                f"pieces {pieces!r} must spell {form!r}, one norm each",
                path="psm_qual/data/autocode/contractions_id.tsv",
                line=number,
            )
        contractions[form] = tuple(zip(parts, targets, strict=True))
    overrides = {fields[0]: fields[1] for _, fields in _fields("stem_overrides.tsv", 2)}
    return LanguageData(colloquial, particles, special, contractions, overrides)


@cache
def _sastrawi() -> Callable[[str], str]:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer(isDev=False).stem


@cache
def _snowball() -> Callable[[str], str]:
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english").stem


def stem_word(word: str) -> str:
    """The bilingual stem of one lower-cased standard word.

    Sastrawi removes Indonesian affixes (only when the root is in its dictionary); an enclitic
    ``-nya``/``-lah``/``-kah``/``-pun`` left on an unknown word is cut; the English Snowball
    stemmer then removes English suffixes. Words with digits or symbols are returned unchanged.

    Examples
    --------
    >>> [stem_word(w) for w in ("mendampingi", "pendampingan", "didampingi", "damping")]
    ['damp', 'damp', 'damp', 'damp']
    >>> stem_word("pelaporan"), stem_word("reporting"), stem_word("laptopnya")
    ('lapor', 'report', 'laptop')
    """
    if not word.isalpha():
        if "-" in word and word.replace("-", "").isalpha():  # reduplication: kegiatan-kegiatan
            head, _, tail = word.partition("-")
            return stem_word(head) if head == tail else word
        return word
    stem = _sastrawi()(word)
    if not stem or " " in stem:
        stem = word
    if stem == word and len(word) > 5:
        for clitic in _ENCLITICS:
            if word.endswith(clitic):
                stem = word[: -len(clitic)]
                break
    return _snowball()(stem)


class _Normaliser:
    """The ``psm_normalise`` component: norms and stems by word type, written with numpy."""

    def __init__(self, nlp: Language, data: LanguageData) -> None:
        self.strings = nlp.vocab.strings
        self.data = data
        self.special_norms = frozenset(data.special_tokens.values())
        self.cache: dict[int, tuple[int, int]] = {}

    def _lookup(self, norm_hash: int) -> tuple[int, int]:
        norm = self.strings[norm_hash]
        if norm in self.special_norms or not norm.strip():
            lemma = norm
        else:
            norm = self.data.colloquial.get(norm, norm)
            if norm in self.data.particles:
                lemma = PARTICLE
            else:
                lemma = self.data.stem_overrides.get(norm) or stem_word(norm)
        entry = (self.strings.add(norm), self.strings.add(lemma))
        self.cache[norm_hash] = entry
        return entry

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        norms = doc.to_array(NORM)
        types, inverse = np.unique(norms, return_inverse=True)
        cache, lookup = self.cache, self._lookup
        table = np.array([cache.get(h) or lookup(h) for h in types.tolist()], dtype=np.uint64)
        doc.from_array([NORM, LEMMA], table[inverse.reshape(-1)])
        return doc


@Language.factory(_COMPONENT)
def _make_normaliser(nlp: Language, name: str) -> _Normaliser:
    return _Normaliser(nlp, language_data())


def _case_variants(form: str) -> set[str]:
    return {form, form.lower(), form.upper(), form[:1].upper() + form[1:].lower()}


def make_pipeline(language: Lang = "id") -> Language:
    """A blank spaCy pipeline for ``language`` with psm_qual's normalisation.

    Parameters
    ----------
    language : {"id", "en"}
        The tokenizer's language. Normalisation and stems are the same for both, so
        code-switched text is handled either way.

    Returns
    -------
    spacy.Language
        ``norm_`` is the standard lower-case word, ``lemma_`` its stem (:data:`PARTICLE` for
        particles).

    Raises
    ------
    AutocodeError
        For a language other than ``"id"`` or ``"en"``.

    Examples
    --------
    >>> nlp = make_pipeline("id")
    >>> [(t.text, t.lemma_) for t in nlp("Udah didampingi teh, gada e-KTP")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('Udah', 'sudah'), ('didampingi', 'damp'), ('teh', '<particle>'), (',', ','),
     ('g', 'tidak'), ('ada', 'ada'), ('e-KTP', 'e-ktp')]
    """
    if language not in LANGUAGES:
        raise AutocodeError(
            f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}",
            field="language",
        )
    nlp = spacy.blank(language)
    data = language_data()
    for form, norm in data.special_tokens.items():
        for variant in _case_variants(form):
            nlp.tokenizer.add_special_case(variant, [{ORTH: variant, NORM: norm}])
    for form, pieces in data.contractions.items():
        for variant in _case_variants(form):
            parts, at = [], 0
            for piece, norm in pieces:
                parts.append({ORTH: variant[at : at + len(piece)], NORM: norm})
                at += len(piece)
            nlp.tokenizer.add_special_case(variant, parts)
    nlp.add_pipe(_COMPONENT)
    return nlp


@cache
def _shared_pipeline(language: str) -> Language:
    return make_pipeline(language)  # type: ignore[arg-type]


def stems(text: str, *, language: Lang = "id", particles: bool = False) -> list[str]:
    """The stems of ``text``'s words, as the matcher sees them (punctuation and spaces dropped).

    Parameters
    ----------
    text : str
        A sentence or a codebook pattern.
    language : {"id", "en"}
        Which tokenizer to use.
    particles : bool
        Keep particles (as :data:`PARTICLE`); dropped by default.

    Examples
    --------
    >>> stems("Nggak, saya cuma nyatet aja atuh")
    ['tidak', 'saya', 'hanya', 'catat', 'saja']
    >>> stems("We haven't reported the meetings", language="en")
    ['we', 'have', 'not', 'report', 'the', 'meet']
    """
    doc = _shared_pipeline(language)(text)
    return [
        token.lemma_
        for token in doc
        if not (token.is_punct or token.is_space) and (particles or token.lemma_ != PARTICLE)
    ]


# Unicode whitespace ends at U+3000; str.isspace decides, as in spaCy's tokenizer loop.
_SPACE = np.array([chr(c).isspace() for c in range(0x3001)], dtype=bool)


@dataclass(frozen=True)
class TokenStream:
    """The tokens of many texts as arrays (built by :meth:`SpanTokens.stream`).

    Attributes
    ----------
    text : str
        The texts joined with one space.
    starts : ndarray
        Offset of each text in ``text``.
    flat : ndarray
        Per token, its row in the :class:`SpanTokens` table (``lemma``, ``length``).
    char : ndarray
        Per token, its offset in ``text``.
    segment : ndarray
        Per token, the text it belongs to.
    position : ndarray
        Per token, its index within its text (as if the text had been tokenized alone).
    """

    text: str
    starts: np.ndarray
    flat: np.ndarray
    char: np.ndarray
    segment: np.ndarray
    position: np.ndarray


class SpanTokens:
    """A pipeline's tokens, norms and lemmas cached per whitespace-delimited span type.

    spaCy's tokenizer splits text on whitespace and tokenizes each span on its own (its cache
    is keyed by span); a special-case match across a space is a no-op unless a special case
    contains a space, which :func:`make_pipeline` never adds (:meth:`stream` checks). So the
    tokens of a text are the tokens of its spans, and each distinct span needs the pipeline
    once: new spans of a batch are run through ``nlp`` together, and every text is then built
    from the cache with numpy. The result is the same as running ``nlp`` on each text, without
    the cost of its per-document overhead and of spaCy's cache being bypassed in any document
    containing a special case (``e-KTP``, ``WA``, ``gada``).

    Examples
    --------
    >>> cache = SpanTokens(make_pipeline("id"))
    >>> stream = cache.stream(["Udah didampingi teh", "gada  e-KTP"])
    >>> [cache.nlp.vocab.strings[h] for h in cache.lemma[stream.flat].tolist()]
    ['sudah', 'damp', '<particle>', 'tidak', 'ada', ' ', 'e-ktp']
    >>> stream.position.tolist(), stream.segment.tolist()
    ([0, 1, 2, 0, 1, 2, 3], [0, 0, 0, 1, 1, 1, 1])
    """

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        # Special cases spanning a space ("Dr. med"): texts containing one are tokenized whole.
        self.spaced = tuple(
            rule for rule in nlp.tokenizer.rules if rule.split() and rule.split()[0] != rule
        )
        self.index: dict[str, int] = {}
        self.count = np.zeros(0, dtype=np.int64)  # per span type: its number of tokens
        self.first = np.zeros(0, dtype=np.int64)  # per span type: its first row in the table
        self.lemma = np.zeros(0, dtype=np.uint64)  # per table row: the token's lemma hash
        self.offset = np.zeros(0, dtype=np.int64)  # per table row: offset within the span
        self.length = np.zeros(0, dtype=np.int64)  # per table row: the token's length

    def _tokenize(self, spans: list[str], *, alone: bool) -> None:
        """Add ``spans`` (new, distinct) to the table; ``alone``: each through ``nlp`` alone."""
        plain = [] if alone else spans
        rows = []
        if plain:
            text = " ".join(plain)
            doc = self.nlp(text)
            arr = doc.to_array([LEMMA, IDX, LENGTH]).reshape(-1, 3)
            starts = np.zeros(len(plain), dtype=np.int64)
            np.cumsum(np.fromiter(map(len, plain), np.int64, len(plain))[:-1] + 1, out=starts[1:])
            owner = np.searchsorted(starts, arr[:, 1].astype(np.int64), side="right") - 1
            rows.append((plain, np.bincount(owner, minlength=len(plain)), arr, starts[owner]))
        for span in spans if alone else ():  # whitespace runs, whole texts: rare, one by one
            arr = self.nlp(span).to_array([LEMMA, IDX, LENGTH]).reshape(-1, 3)
            rows.append(([span], np.array([len(arr)]), arr, np.zeros(len(arr), dtype=np.int64)))
        for names, counts, arr, base in rows:
            for name in names:
                self.index[name] = len(self.index)
            self.first = np.concatenate(
                [self.first, len(self.lemma) + np.cumsum(counts) - counts]
            ).astype(np.int64)
            self.count = np.concatenate([self.count, counts]).astype(np.int64)
            self.lemma = np.concatenate([self.lemma, arr[:, 0]])
            self.offset = np.concatenate([self.offset, arr[:, 1].astype(np.int64) - base])
            self.length = np.concatenate([self.length, arr[:, 2].astype(np.int64)])

    def _types(self, spans: list[str], *, alone: bool = False) -> np.ndarray:
        codes, uniques = pd.factorize(np.asarray(spans, dtype=object))
        uniques = uniques.tolist()
        known = self.index
        new = [s for s in uniques if s not in known]
        if new:
            self._tokenize(new, alone=alone)
        return np.array([known[s] for s in uniques], dtype=np.int64)[codes]

    def stream(self, texts: Sequence[str]) -> TokenStream:
        """The tokens of ``texts`` (each tokenized as on its own), as arrays."""
        text = " ".join(texts)
        starts = np.zeros(len(texts), dtype=np.int64)
        if len(texts) > 1:
            lengths = np.fromiter(map(len, texts), np.int64, len(texts))
            np.cumsum(lengths[:-1] + 1, out=starts[1:])
        whole = (
            []
            if not any(r in text for r in self.spaced)
            else [k for k, t in enumerate(texts) if t and any(r in t for r in self.spaced)]
        )
        scan = text
        if whole:  # one placeholder word per such text, its type the whole text
            chosen = set(whole)
            scan = " ".join("\0" * len(t) if k in chosen else t for k, t in enumerate(texts))
        chars = np.frombuffer(scan.encode("utf-32-le"), dtype=np.uint32)
        space = _SPACE[np.minimum(chars, len(_SPACE) - 1)] & (chars < len(_SPACE))
        before = np.concatenate([[True], space[:-1]])
        span_at = np.flatnonzero(~space & before)
        words = scan.split()
        if whole:
            placed = np.isin(span_at, starts[whole])
            types = np.zeros(len(words), dtype=np.int64)
            rest = [w for w, p in zip(words, placed.tolist(), strict=True) if not p]
            if rest:
                types[~placed] = self._types(rest)
            types[placed] = self._types([texts[k] for k in whole], alone=True)
        else:
            types = self._types(words) if words else np.zeros(0, dtype=np.int64)
        # Whitespace other than one space after a word is a token (spaCy's rule), texts apart.
        runs = space.copy()
        runs[starts[1:] - 1] = False
        edges = np.flatnonzero(np.diff(np.concatenate([[0], runs.view(np.int8), [0]])))
        if len(edges):
            blanks, at, heads = [], [], set(starts.tolist())
            for a, b in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True):
                if text[a] == " " and a not in heads:
                    a += 1
                if a < b:
                    blanks.append(text[a:b])
                    at.append(a)
            if blanks:
                span_at = np.concatenate([span_at, np.asarray(at, dtype=np.int64)])
                types = np.concatenate([types, self._types(blanks, alone=True)])
                order = np.argsort(span_at, kind="stable")
                span_at, types = span_at[order], types[order]
        counts = self.count[types]
        total = int(counts.sum())
        owner = np.repeat(np.arange(len(types)), counts)
        within = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        flat = self.first[types][owner] + within
        char = span_at[owner] + self.offset[flat]
        segment = np.searchsorted(starts, char, side="right") - 1
        first_token = np.searchsorted(char, starts, side="left")
        position = np.arange(total) - first_token[segment]
        return TokenStream(text, starts, flat, char, segment, position)
