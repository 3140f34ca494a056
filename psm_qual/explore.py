"""Exploring a corpus before coding: keyword in context, word frequencies, collocations.

Tokens come from NLTK's :class:`~nltk.tokenize.RegexpTokenizer` with
:data:`psm_qual.segmentation.WORD_PATTERN` (letters and digits, inner hyphens kept, so Indonesian
reduplication such as ``kadang-kadang`` is one word); collocations use NLTK's
``BigramCollocationFinder`` and ``BigramAssocMeasures`` (no data download). Stop words are spaCy's
Indonesian and English lists. Interviewer turns are left out unless asked for.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Literal

import pandas as pd

from psm_qual.columns import (
    END,
    GROUP,
    INFORMANT,
    LANGUAGE,
    SEGMENT_ID,
    SOURCE_ID,
    SPEAKER,
    START,
    TECHNIQUE,
    TEXT,
)
from psm_qual.corpus import Corpus
from psm_qual.errors import PsmQualError
from psm_qual.segmentation import WORD_PATTERN

__all__ = [
    "KWIC_COLUMNS",
    "MEASURES",
    "tokenize",
    "stop_words",
    "kwic",
    "word_frequencies",
    "collocations",
]

LEFT, KEYWORD, RIGHT = "left", "keyword", "right"
KWIC_COLUMNS = (
    SEGMENT_ID, SOURCE_ID, INFORMANT, GROUP, TECHNIQUE, SPEAKER, LEFT, KEYWORD, RIGHT, START, END,
)  # fmt: skip
"""Columns of :func:`kwic`."""

Measure = Literal["pmi", "likelihood_ratio", "chi_sq", "student_t", "raw_freq", "dice"]
MEASURES: dict[str, str] = {
    "pmi": "pmi",
    "likelihood_ratio": "likelihood_ratio",
    "chi_sq": "chi_sq",
    "student_t": "student_t",
    "raw_freq": "raw_freq",
    "dice": "dice",
}
"""Collocation measures: name -> method of :class:`nltk.metrics.BigramAssocMeasures`."""


@cache
def _tokenizer():  # noqa: ANN202
    from nltk.tokenize import RegexpTokenizer

    return RegexpTokenizer(WORD_PATTERN)


def tokenize(text: str, *, lower: bool = True) -> list[str]:
    """Words of ``text`` (NLTK ``RegexpTokenizer``, no download).

    Examples
    --------
    >>> tokenize("Kadang-kadang PSM datang ke RW 05.")
    ['kadang-kadang', 'psm', 'datang', 'ke', 'rw', '05']
    """
    tokens = _tokenizer().tokenize(text)
    return [t.lower() for t in tokens] if lower else tokens


@cache
def _stop_words(language: str) -> frozenset[str]:
    if language == "id":
        from spacy.lang.id.stop_words import STOP_WORDS
    elif language == "en":
        from spacy.lang.en.stop_words import STOP_WORDS
    else:
        return frozenset()
    return frozenset(w.lower() for w in STOP_WORDS)


def stop_words(languages: Iterable[str] = ("id", "en")) -> frozenset[str]:
    """spaCy's stop words for the given languages (``id``, ``en``; others have none).

    Examples
    --------
    >>> {"yang", "dan", "the"} <= stop_words()
    True
    >>> "the" in stop_words(["id"])
    False
    """
    result: frozenset[str] = frozenset()
    for language in languages:
        result |= _stop_words(language)
    return result


def _select(
    corpus: Corpus, *, include_interviewer: bool, language: str | None = None
) -> pd.DataFrame:
    segments = corpus.segments if include_interviewer else corpus.coded_segments
    if language is not None:
        segments = segments[segments[LANGUAGE] == language]
    return segments


def kwic(
    corpus: Corpus,
    word: str,
    *,
    window: int = 6,
    case_sensitive: bool = False,
    include_interviewer: bool = False,
) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``word`` (or a phrase) in the segments.

    Parameters
    ----------
    corpus : Corpus
    word : str
        A word or a phrase of several words (matched word by word); a trailing ``*`` matches any
        ending (``bantu*`` finds ``bantuan``, ``membantu`` does not).
    window : int
        Words of context on each side (within the segment).
    case_sensitive : bool
        Match case exactly.
    include_interviewer : bool
        Search interviewer turns too.

    Returns
    -------
    DataFrame
        Columns :data:`KWIC_COLUMNS`: ``segment_id, source_id, informant, group, technique,
        speaker, left, keyword, right, start, end``; ``keyword`` is the text as written and
        ``start``/``end`` its offsets in the source body. In corpus order.

    Raises
    ------
    PsmQualError
        (a ValueError) naming ``word`` if it has no word in it, or ``window`` if negative.

    Examples
    --------
    >>> from psm_qual.corpus import load_corpus
    >>> from psm_qual.datasets import project_root
    >>> corpus = load_corpus(project_root() / "tests" / "data" / "corpus_small")
    >>> kwic(corpus, "buku", window=2)[["source_id", "left", "keyword", "right"]]
      source_id        left keyword             right
    0   O-RAPAT  bantuan di    buku            tulis.
    1    W-PSM1                Buku  catatan kegiatan
    """
    if window < 0:
        raise PsmQualError(f"must be >= 0, not {window}", field="window")
    raw = word.strip()
    prefix = raw.endswith("*")
    wanted = tokenize(raw.rstrip("*"), lower=not case_sensitive)
    if not wanted:
        raise PsmQualError(f"{word!r} contains no word to search for", field="word")
    segments = _select(corpus, include_interviewer=include_interviewer)
    tokenizer = _tokenizer()
    size = len(wanted)
    first = wanted[0] if size > 1 or not prefix else None
    rows = []
    columns = [SEGMENT_ID, SOURCE_ID, INFORMANT, GROUP, TECHNIQUE, SPEAKER, START, TEXT]
    for seg_id, src, informant, group, technique, speaker, offset, text in zip(
        *(segments[c] for c in columns), strict=True
    ):
        haystack = text if case_sensitive else text.lower()
        if (first or wanted[0]) not in haystack:
            continue
        spans = list(tokenizer.span_tokenize(text))
        tokens = [haystack[s:e] for s, e in spans]
        for i in range(len(tokens) - size + 1):
            if tokens[i : i + size - 1] != wanted[: size - 1]:
                continue
            last = tokens[i + size - 1]
            if not (last.startswith(wanted[-1]) if prefix else last == wanted[-1]):
                continue
            s, e = spans[i][0], spans[i + size - 1][1]
            left_start = spans[max(0, i - window)][0] if window and i else s
            j = min(len(spans), i + size + window) - 1
            right_end = spans[j][1] if window and j >= i + size else e
            if window and right_end < len(text) and not text[right_end].isalnum():
                right_end += 1  # keep the punctuation right after the last word
            rows.append(
                (
                    seg_id,
                    src,
                    informant,
                    group,
                    technique,
                    speaker,
                    " ".join(text[left_start:s].split()),
                    text[s:e],
                    " ".join(text[e:right_end].split()),
                    offset + s,
                    offset + e,
                )  # fmt: skip
            )
    return pd.DataFrame(rows, columns=list(KWIC_COLUMNS))


def _as_list(by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def word_frequencies(
    corpus: Corpus,
    *,
    language: Literal["id", "en"] | None = None,
    stop_words: bool = True,
    by: str | Sequence[str] | None = None,
    min_length: int = 2,
    include_interviewer: bool = False,
) -> pd.DataFrame:
    """How often each word occurs, overall or per group of segments.

    Parameters
    ----------
    corpus : Corpus
    language : {"id", "en"}, optional
        Only segments in this language (default: all).
    stop_words : bool
        Leave out spaCy's stop words of the languages of the segments counted.
    by : str or list of str, optional
        Segment columns to count within, e.g. ``"group"`` or ``["technique", "informant"]``.
    min_length : int
        Shorter words are left out.
    include_interviewer : bool
        Count interviewer turns too.

    Returns
    -------
    DataFrame
        Columns ``*by, word, count, per_1000`` (per 1,000 counted words of the group), sorted
        by ``by`` then decreasing ``count`` then ``word``.

    Examples
    --------
    >>> from psm_qual.corpus import load_corpus
    >>> from psm_qual.datasets import project_root
    >>> corpus = load_corpus(project_root() / "tests" / "data" / "corpus_small")
    >>> word_frequencies(corpus).head(3)
        word  count    per_1000
    0    psm      4  111.111111
    1   buku      2   55.555556
    2  hadir      2   55.555556
    """
    columns = _as_list(by)
    segments = _select(corpus, include_interviewer=include_interviewer, language=language)
    languages = sorted(set(segments[LANGUAGE])) if language is None else [language]
    stops = _stop_words_for(languages) if stop_words else frozenset()
    rows = []
    groups = segments.groupby(columns, sort=True, dropna=False) if columns else [((), segments)]
    for key, frame in groups:
        key = key if isinstance(key, tuple) else (key,)
        counts: Counter[str] = Counter()
        for text in frame[TEXT]:
            counts.update(t for t in tokenize(text) if len(t) >= min_length and t not in stops)
        total = sum(counts.values())
        for token, count in counts.items():
            rows.append((*key, token, count, 1000 * count / total))
    result = pd.DataFrame(rows, columns=[*columns, "word", "count", "per_1000"])
    result = result.sort_values(
        [*columns, "count", "word"], ascending=[True] * len(columns) + [False, True]
    )
    return result.reset_index(drop=True)


def _stop_words_for(languages: Iterable[str]) -> frozenset[str]:
    return stop_words(languages)


def collocations(
    corpus: Corpus,
    *,
    n: int = 20,
    measure: Measure = "pmi",
    min_freq: int = 3,
    window_size: int = 2,
    language: Literal["id", "en"] | None = None,
    stop_words: bool = True,
    include_interviewer: bool = False,
) -> pd.DataFrame:
    """Word pairs that occur together more than chance (NLTK ``BigramCollocationFinder``).

    Bigrams are built within segments (never across two segments), with stop words still in
    place, then pairs containing a stop word or a one-letter word are removed
    (``apply_word_filter``) and pairs seen fewer than ``min_freq`` times dropped.

    Parameters
    ----------
    corpus : Corpus
    n : int
        How many pairs to return (the best first).
    measure : {"pmi", "likelihood_ratio", "chi_sq", "student_t", "raw_freq", "dice"}
        The association measure (:data:`MEASURES`).
    min_freq : int
        Minimum number of times a pair occurs.
    window_size : int
        2 for adjacent words; larger values allow words in between.
    language : {"id", "en"}, optional
        Only segments in this language.
    stop_words : bool
        Remove pairs with a spaCy stop word.
    include_interviewer : bool
        Include interviewer turns.

    Returns
    -------
    DataFrame
        Columns ``word1, word2, score, count``, best first (ties by word).

    Raises
    ------
    ValueError
        PsmQualError (a ValueError) naming ``measure`` if unknown, or ``n`` if below 1.

    Examples
    --------
    >>> from psm_qual.corpus import load_corpus
    >>> from psm_qual.datasets import project_root
    >>> corpus = load_corpus(project_root() / "tests" / "data" / "corpus_small")
    >>> collocations(corpus, measure="raw_freq", min_freq=1, n=2)[["word1", "word2", "count"]]
      word1      word2  count
    0  aula  kelurahan      1
    1  buku    catatan      1
    """
    if measure not in MEASURES:
        raise PsmQualError(
            f"unknown measure {measure!r}; use one of {', '.join(MEASURES)}", field="measure"
        )
    if n < 1:
        raise PsmQualError(f"must be >= 1, not {n}", field="n")
    from nltk.collocations import BigramCollocationFinder
    from nltk.metrics import BigramAssocMeasures

    segments = _select(corpus, include_interviewer=include_interviewer, language=language)
    languages = sorted(set(segments[LANGUAGE])) if language is None else [language]
    stops = _stop_words_for(languages) if stop_words else frozenset()
    documents = [tokenize(text) for text in segments[TEXT]]
    if window_size == 2:
        finder = BigramCollocationFinder.from_documents(documents)
    else:
        finder = BigramCollocationFinder.from_words(
            [t for doc in documents for t in [*doc, "\x00"]], window_size=window_size
        )
        finder.apply_word_filter(lambda w: w == "\x00")
    finder.apply_freq_filter(min_freq)
    finder.apply_word_filter(lambda w: len(w) < 2 or w in stops or not re.search(r"\D", w))
    scored = finder.score_ngrams(getattr(BigramAssocMeasures, MEASURES[measure]))
    scored.sort(key=lambda item: (-item[1], item[0]))
    rows = [(w1, w2, score, finder.ngram_fd[(w1, w2)]) for (w1, w2), score in scored[:n]]
    return pd.DataFrame(rows, columns=["word1", "word2", "score", "count"])
