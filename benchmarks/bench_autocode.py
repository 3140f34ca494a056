"""Benchmark: the rule-based auto-coder against spaCy's bare Indonesian tokenizer.

Generates an interview-like corpus of at least 1 million words (colloquial and standard
Indonesian, affixed verbs, Sundanese particles, some English), then prints in one run:

- words/s of ``spacy.blank("id")``'s tokenizer alone, over the same segments;
- words/s of the full rule-based auto-coder (:func:`psm_qual.autocode.suggest`: normalisation,
  stems, matching, scoring, evidence, suggestions table);
- their ratio (target: the auto-coder takes at most 2x the tokenizer's time), and the time of
  the matching step alone (:func:`psm_qual.autocode.rules.match_segments`);
- the process's peak resident memory (target: under 1 GB).

Run: ``.venv/bin/python benchmarks/bench_autocode.py [--words 1000000] [--codebook FILE]``.
Default codebook: the study's ``codebooks/psm_roles.yaml``.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time

import pandas as pd
import spacy

from psm_qual.autocode import compile_rules, suggest
from psm_qual.autocode.rules import match_segments
from psm_qual.codebook.load import load_codebook
from psm_qual.datasets import codebook_path

SUBJECTS = [
    "saya",
    "kami",
    "ibu",
    "bapak",
    "pak RT",
    "PSM",
    "warga",
    "keluarga",
    "tetangga",
    "aku",
    "kita",
    "beliau",
    "TKSK",
    "pengurus RW",
    "petugas kelurahan",
]
VERBS = [
    "mendampingi",
    "mengantar",
    "mencatat",
    "melaporkan",
    "mengunjungi",
    "mengajak",
    "membantu",
    "menyampaikan",
    "mendata",
    "memotivasi",
    "menghubungi",
    "mengurus",
    "didampingi",
    "dicatat",
    "bikin",
    "nyatet",
    "ngurusin",
    "nganterin",
    "datang ke",
    "mengikuti",
    "menyelenggarakan",
    "mendengarkan",
    "menanyakan",
    "memberi",
    "menunggu",
    "pergi ke",
    "tinggal di",
    "makan",
    "bekerja di",
    "berbicara dengan",
    "menjual",
]
OBJECTS = [
    "warga yang sakit",
    "lansia",
    "anak-anak",
    "kegiatan posyandu",
    "laporan bulanan",
    "data PPKS",
    "pasar",
    "puskesmas",
    "rumah sakit",
    "kantor kelurahan",
    "grup WA",
    "e-KTP",
    "bantuan BPNT",
    "PKH",
    "Dinsos",
    "kerja bakti",
    "pengajian",
    "rapat RW",
    "uang pribadi",
    "laptop",
    "anggaran",
    "sekolah",
    "masjid",
    "jalan raya",
    "kebun",
    "tetangga sebelah",
    "dokumentasi foto",
    "buku catatan",
    "pelatihan",
    "arisan",
]
TAILS = [
    "setiap minggu",
    "kalau ada kasus",
    "tapi belum rutin",
    "cuma lewat WA",
    "udah lama",
    "gak pernah",
    "aja",
    "teh",
    "mah",
    "atuh",
    "sih",
    "kemarin",
    "bareng-bareng",
    "karena tidak ada dana",
    "dengan sukarela",
    "waktu pandemi",
    "sendiri",
    "di RT kami",
    "every month",
    "only once",
    "for the report",
    "",
    "",
    "",
]


def generate_segments(words: int, *, seed: int = 5) -> pd.DataFrame:
    """Segments of generated speech totalling at least ``words`` whitespace-separated words."""
    rng = random.Random(seed)
    texts, total = [], 0
    while total < words:
        clauses = [
            " ".join(
                filter(
                    None,
                    (
                        rng.choice(SUBJECTS),
                        rng.choice(VERBS),
                        rng.choice(OBJECTS),
                        rng.choice(TAILS),
                    ),
                )
            )
            for _ in range(rng.randint(1, 3))
        ]
        text = ", ".join(clauses)
        text = text[0].upper() + text[1:] + "."
        texts.append(text)
        total += len(text.split())
    starts, at = [], 0
    for text in texts:
        starts.append(at)
        at += len(text) + 1
    n = len(texts)
    return pd.DataFrame(
        {
            "segment_id": [f"B:{i + 1}" for i in range(n)],
            "source_id": "B",
            "start": starts,
            "end": [s + len(t) for s, t in zip(starts, texts, strict=True)],
            "text": texts,
            "language": "id",
        }
    )


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--codebook", default=str(codebook_path()))
    args = parser.parse_args(argv)

    segments = generate_segments(args.words)
    texts = segments["text"].tolist()
    words = sum(len(t.split()) for t in texts)
    print(f"corpus: {len(segments):,} segments, {words:,} words")

    nlp = spacy.blank("id")
    list(nlp.tokenizer.pipe(texts[:2000]))  # warm up
    began = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.tokenizer.pipe(texts, batch_size=1000))
    tokenizer_s = time.perf_counter() - began
    print(
        f"(a) spacy.blank('id') tokenizer: {words / tokenizer_s:,.0f} words/s "
        f"({tokens:,} tokens in {tokenizer_s:.2f} s)"
    )

    rules = compile_rules(load_codebook(args.codebook))
    suggest(
        segments.head(2000), rules
    )  # warm up: pipelines, matchers, stem cache of the vocabulary
    rss_before = _peak_rss_mb()
    began = time.perf_counter()
    table = suggest(segments, rules)
    coder_s = time.perf_counter() - began
    print(
        f"(b) rule-based auto-coder:       {words / coder_s:,.0f} words/s "
        f"({len(table):,} suggestions in {coder_s:.2f} s)"
    )
    print(f"ratio auto-coder / tokenizer time: {coder_s / tokenizer_s:.2f}x (target <= 2x)")
    began = time.perf_counter()
    hits = match_segments(rules, segments)
    match_s = time.perf_counter() - began
    print(
        f"    of which matching (normalise, stem, match): {match_s:.2f} s, "
        f"{match_s / tokenizer_s:.2f}x the tokenizer ({len(hits):,} hits); "
        f"scoring and evidence: the rest"
    )
    print(
        f"peak resident memory: {_peak_rss_mb():,.0f} MB (before the auto-coder run: "
        f"{rss_before:,.0f} MB; target < 1024 MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
