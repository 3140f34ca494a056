"""Tests for psm_qual.explore: KWIC, word frequencies, collocations."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from psm_qual.corpus import Corpus
from psm_qual.errors import PsmQualError
from psm_qual.explore import KWIC_COLUMNS, collocations, kwic, stop_words, word_frequencies


def _corpus(texts: list[tuple[str, str, str]], language: str = "id") -> Corpus:
    """Build a corpus from (source_id, group, text) rows, one segment each."""
    rows, bodies = [], {}
    for n, (sid, group, text) in enumerate(texts, start=1):
        bodies[f"{sid}-{n}"] = text
        rows.append(
            (
                f"{sid}-{n}:1",
                f"{sid}-{n}",
                0,
                len(text),
                "X",
                text,
                "I1",
                group,
                "interview",
                language,
                "informant",
                "",
            )  # fmt: skip
        )
    segments = pd.DataFrame(
        rows,
        columns=[
            "segment_id",
            "source_id",
            "start",
            "end",
            "speaker",
            "text",
            "informant",
            "group",
            "technique",
            "language",
            "role",
            "timestamp",
        ],  # fmt: skip
    )
    sources = pd.DataFrame(
        {
            c: []
            for c in (
                "source_id",
                "informant",
                "group",
                "technique",
                "date",
                "language",
                "title",
                "path",
                "format",
            )
        }  # fmt: skip
    )
    return Corpus(sources, segments, bodies)


def test_kwic_columns_and_offsets(corpus_small: Corpus) -> None:
    table = kwic(corpus_small, "psm")
    assert tuple(table.columns) == KWIC_COLUMNS
    assert len(table) == 4
    for row in table.itertuples():
        assert corpus_small.bodies[row.source_id][row.start : row.end].lower() == "psm"


def test_kwic_excludes_interviewer_by_default(corpus_small: Corpus) -> None:
    assert kwic(corpus_small, "bantuan").shape[0] == 1
    both = kwic(corpus_small, "bantuan", include_interviewer=True)
    assert both["speaker"].tolist() == ["", "Pewawancara", "Peneliti"]  # source order


@pytest.mark.parametrize(
    ("word", "window", "left", "keyword", "right"),
    [
        ("laporan", 2, "Biasanya dari", "laporan", "keluarga atau"),
        ("laporan", 0, "", "laporan", ""),
        ("pak rt", 3, "keluarga atau dari", "Pak RT", "."),
        ("Pak RT", 30, "Biasanya dari laporan keluarga atau dari", "Pak RT", "."),
        ("kelu*", 1, "laporan", "keluarga", "atau"),
    ],
)
def test_kwic_windows_and_phrases(
    corpus_small: Corpus, word: str, window: int, left: str, keyword: str, right: str
) -> None:
    table = kwic(corpus_small, word, window=window)
    table = table[table["segment_id"] == "W-PSM1:2"]
    assert table[["left", "keyword", "right"]].values.tolist() == [[left, keyword, right]]


def test_kwic_case_sensitive(corpus_small: Corpus) -> None:
    assert len(kwic(corpus_small, "Buku", case_sensitive=True)) == 1
    assert len(kwic(corpus_small, "Buku")) == 2


@pytest.mark.parametrize(
    ("word", "window", "match"),
    [("...", 3, r"^word: '\.\.\.' contains no word"), ("psm", -1, r"^window: must be >= 0")],
)
def test_kwic_bad_arguments(corpus_small: Corpus, word: str, window: int, match: str) -> None:
    with pytest.raises(PsmQualError, match=match):
        kwic(corpus_small, word, window=window)


def test_kwic_matches_whole_words_only(corpus_small: Corpus) -> None:
    # "ps" must not match inside "psm", nor "bantu" inside "bantuan" without "*"
    assert kwic(corpus_small, "ps").empty
    assert kwic(corpus_small, "bantu").empty
    assert not kwic(corpus_small, "bantu*").empty


def test_word_frequencies_counts_and_stop_words() -> None:
    corpus = _corpus([("A", "PSM", "Warga dan warga yang hadir."), ("B", "PPKS", "Warga sakit.")])
    table = word_frequencies(corpus)
    assert table[["word", "count"]].values.tolist() == [["warga", 3], ["hadir", 1], ["sakit", 1]]
    assert math.isclose(table["per_1000"].sum(), 1000)
    with_stops = word_frequencies(corpus, stop_words=False)
    assert dict(zip(with_stops["word"], with_stops["count"], strict=True))["dan"] == 1


def test_word_frequencies_by_group() -> None:
    corpus = _corpus([("A", "PSM", "warga warga hadir"), ("B", "PPKS", "warga sakit")])
    table = word_frequencies(corpus, by="group")
    assert table.values.tolist() == [
        ["PPKS", "sakit", 1, 500.0],
        ["PPKS", "warga", 1, 500.0],
        ["PSM", "warga", 2, 2000 / 3],
        ["PSM", "hadir", 1, 1000 / 3],
    ]


def test_word_frequencies_language_filter() -> None:
    corpus = _corpus([("A", "PSM", "the rice the rice")], language="en")
    assert word_frequencies(corpus, language="id").empty
    assert word_frequencies(corpus, language="en")["word"].tolist() == ["rice"]


def test_stop_words_from_spacy() -> None:
    assert {"yang", "dan", "di", "ke"} <= stop_words(["id"])
    assert {"the", "and"} <= stop_words(["en"])
    assert stop_words(["fr"]) == frozenset()


def test_collocations_pmi_reference() -> None:
    # 'buku catatan' always together: PMI = log2(N * f(xy) / (f(x) f(y))) with N = 12 words
    texts = ["buku catatan kegiatan", "buku catatan warga", "warga datang pagi", "pagi kegiatan"]
    corpus = _corpus([("A", "PSM", t) for t in texts])
    table = collocations(corpus, measure="pmi", min_freq=2)
    top = table.iloc[0]
    assert (top["word1"], top["word2"], top["count"]) == ("buku", "catatan", 2)
    n_words = sum(len(t.split()) for t in texts)
    assert top["score"] == pytest.approx(math.log2(n_words * 2 / (2 * 2)))


def test_collocations_no_bigram_across_segments_and_stop_words_filtered() -> None:
    corpus = _corpus([("A", "PSM", "bantuan sosial"), ("B", "PSM", "sosial dan bantuan")] * 3)
    table = collocations(corpus, min_freq=1, measure="raw_freq")
    pairs = set(zip(table["word1"], table["word2"], strict=True))
    assert ("bantuan", "sosial") in pairs
    assert ("sosial", "sosial") not in pairs  # would span two segments
    assert not any("dan" in pair for pair in pairs)


@pytest.mark.parametrize("measure", ["likelihood_ratio", "chi_sq", "student_t", "dice"])
def test_collocations_measures(corpus_small: Corpus, measure: str) -> None:
    table = collocations(corpus_small, measure=measure, min_freq=1, n=5)
    assert list(table.columns) == ["word1", "word2", "score", "count"]
    assert len(table) == 5 and table["score"].is_monotonic_decreasing


def test_collocations_bad_measure(corpus_small: Corpus) -> None:
    with pytest.raises(PsmQualError, match="^measure: unknown measure 'tf'; use one of pmi"):
        collocations(corpus_small, measure="tf")  # type: ignore[arg-type]
