"""Phrases of stems as packed integer n-grams, looked up with numpy (the ``numpy`` engine).

Used by :func:`psm_qual.autocode.rules.match_segments`: each token gets a small integer code
(its stem's rank among the pattern stems, 1 for a discourse particle, 0 otherwise) and every
phrase of up to four stems is a key of codes packed ``bits`` apart; a token stream is matched by
packing the codes at each start and searching the sorted keys (no Python per token).

Examples
--------
>>> from spacy.strings import StringStore
>>> strings = StringStore()
>>> grams = Ngrams(strings, [(0, ("catat", "giat")), (1, ("giat",))])
>>> words = ("catat", PARTICLE, "giat")  # "nyatet teh kegiatan", stemmed
>>> code = grams.codes(np.array([strings.add(w) for w in words], dtype=np.uint64))
>>> pattern, start, end = grams.match(code, np.zeros(3, dtype=np.int64))
>>> pattern.tolist(), start.tolist(), end.tolist()
([1, 0], [2, 0], [3, 3])
"""

from __future__ import annotations

import numpy as np

from psm_qual.autocode.normalise import PARTICLE

__all__ = ["Ngrams"]


class Ngrams:
    """The phrases as integer keys: stem codes (2, 3, ...) packed ``bits`` apart, per length.

    A token's code is 1 for a particle, 0 for a word in no pattern. A phrase of ``n`` stems
    matches at token ``i`` when the codes at ``i``, ``next(i)``, ``next(next(i))``... pack to
    one of its keys, where ``next(i)`` is ``i + 1``, or ``i + 2`` over one particle: exactly
    the phrases the PhraseMatcher holds (each with or without one particle in each gap).
    """

    def __init__(self, vocab_strings, phrases: list[tuple[int, tuple[str, ...]]]) -> None:
        stems = sorted({stem for _, words in phrases for stem in words})
        self.code = {vocab_strings.add(stem): i + 2 for i, stem in enumerate(stems)}
        self.code[vocab_strings.add(PARTICLE)] = 1
        self.bits = max(2, (len(stems) + 1).bit_length())
        self.tables: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for size in range(1, 5):
            pairs = sorted(
                (self._key([self.code[vocab_strings[w]] for w in words]), index)
                for index, words in phrases
                if len(words) == size
            )
            keys = np.array([k for k, _ in pairs], dtype=np.uint64)
            unique, first = np.unique(keys, return_index=True)
            bounds = np.append(first, len(keys)).astype(np.int64)
            self.tables.append((unique, bounds, np.array([i for _, i in pairs], dtype=np.int64)))
        self._lemmas = 0
        self._codes = np.zeros(0, dtype=np.int64)

    def _key(self, codes: list[int]) -> int:
        return sum(c << (self.bits * k) for k, c in enumerate(codes))

    def codes(self, lemmas: np.ndarray) -> np.ndarray:
        """The code of each row of a span table (extended as the table grows)."""
        if len(lemmas) != self._lemmas:
            get = self.code.get
            extra = [get(h, 0) for h in lemmas[self._lemmas :].tolist()]
            self._codes = np.concatenate([self._codes, np.asarray(extra, dtype=np.int64)])
            self._lemmas = len(lemmas)
        return self._codes

    def match(self, code: np.ndarray, segment: np.ndarray) -> tuple[np.ndarray, ...]:
        """``(pattern, start, end)`` of every phrase in a token stream (codes, segment)."""
        n = len(code)
        code = np.concatenate([code, [0, 0]])
        segment = np.concatenate([segment, [-1, -1]])
        at = np.arange(n + 2)
        step = np.where(code[np.minimum(at + 1, n + 1)] == 1, at + 2, at + 1)
        step = np.minimum(step, n + 1)
        ok = (code[step] != 1) & (segment[step] == segment)
        step = np.where(ok, step, n + 1)
        step[n:] = n + 1
        start = np.flatnonzero(code[:n] >= 2)
        last = start
        key = code[start].astype(np.uint64)
        found = []
        for size, (keys, bounds, patterns) in enumerate(self.tables, start=1):
            if size > 1:
                last = step[last]
                alive = last < n
                start, last, key = start[alive], last[alive], key[alive]
                key = key | (code[last].astype(np.uint64) << np.uint64(self.bits * (size - 1)))
            if not len(keys) or not len(key):
                continue
            where = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
            hit = np.flatnonzero(keys[where] == key)
            lo, hi = bounds[where[hit]], bounds[where[hit] + 1]
            count = hi - lo
            rows = np.repeat(hit, count)
            pick = np.repeat(lo - np.cumsum(count) + count, count) + np.arange(int(count.sum()))
            found.append((patterns[pick], start[rows], last[rows] + 1))
        if not found:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        return tuple(np.concatenate(parts) for parts in zip(*found, strict=True))
