"""Benchmark: load a generated corpus of 1,000 sources and 5 million words.

Writes the sources to a temporary folder (interviews with speaker turns, observation notes, and
WhatsApp exports), loads them with :func:`psm_qual.corpus.load_corpus` (progress bar on standard
error) and prints the time and the peak memory of the process (``resource`` ru_maxrss; the target
is under 2 GB). Run::

    .venv/bin/python benchmarks/bench_corpus.py [--sources 1000] [--words 5000000]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from psm_qual.corpus import corpus_summary, load_corpus

VOCABULARY = (
    "warga bantuan sosial kelurahan psm pekerja masyarakat lansia disabilitas rumah data "
    "laporan kegiatan rapat program beras dinas kota bandung pasteur sukajadi tksk puskesos "
    "kader posyandu rt rw ibu bapak anak keluarga miskin usulan verifikasi kunjungan catatan "
    "buku kartu sembako layanan rujukan pelatihan sertifikasi honor transport koordinasi grup "
    "whatsapp foto biasanya kadang-kadang sudah belum nanti kemarin langsung datang membantu "
    "mencatat mengusulkan mendampingi menyampaikan memotivasi mengajak menggerakkan"
).split()


def _sentence(rng: random.Random) -> str:
    words = rng.choices(VOCABULARY, k=rng.randint(6, 18))
    return " ".join(words).capitalize() + rng.choice("...?")


def _interview(rng: random.Random, n: int, words: int) -> str:
    lines = [f"---\nid: W{n:04d}\ninformant: I{n % 60:02d}\ntechnique: interview\n---"]
    count = 0
    while count < words:
        speaker = "Peneliti" if len(lines) % 2 else f"I{n % 60:02d}"
        turn = " ".join(_sentence(rng) for _ in range(rng.randint(1, 6)))
        count += len(turn.split())
        lines.append(f"{speaker}: {turn}")
    return "\n".join(lines) + "\n"


def _observation(rng: random.Random, n: int, words: int) -> str:
    paragraphs, count = [], 0
    while count < words:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(2, 8)))
        count += len(paragraph.split())
        paragraphs.append(paragraph)
    return f"---\nid: O{n:04d}\ntechnique: observation\n---\n" + "\n\n".join(paragraphs) + "\n"


def _whatsapp(rng: random.Random, n: int, words: int) -> str:
    lines, count, minute = [], 0, 0
    while count < words:
        minute += rng.randint(1, 90)
        day, hour, mins = 1 + minute // 1440 % 28, minute // 60 % 24, minute % 60
        text = _sentence(rng) if rng.random() > 0.1 else "<Media tidak disertakan>"
        count += len(text.split())
        lines.append(
            f"{day:02d}/05/23 {hour:02d}.{mins:02d} - Anggota {rng.randint(1, 40)}: {text}"
        )
    return f"---\nid: D{n:04d}\ntechnique: documentation\n---\n" + "\n".join(lines) + "\n"


def generate(folder: Path, *, sources: int, words: int, seed: int = 1) -> None:
    """Write ``sources`` files of about ``words / sources`` words each into ``folder``."""
    rng = random.Random(seed)
    per_source = words // sources
    informants = ["id,group,label,description"] + [f"I{i:02d},G{i % 4},," for i in range(60)]
    (folder / "informants.csv").write_text("\n".join(informants) + "\n", encoding="utf-8")
    for n in range(sources):
        kind = n % 10
        if kind < 7:
            text = _interview(rng, n, per_source)
        elif kind < 9:
            text = _observation(rng, n, per_source)
        else:
            text = _whatsapp(rng, n, per_source)
        (folder / f"s{n:04d}.txt").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--words", type=int, default=5_000_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        began = time.perf_counter()
        generate(folder, sources=args.sources, words=args.words)
        generated = time.perf_counter() - began
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        began = time.perf_counter()
        corpus = load_corpus(folder)
        elapsed = time.perf_counter() - began
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
        summary = corpus_summary(corpus)
    print(f"generated {args.sources} sources in {generated:.1f} s")
    print(
        f"load_corpus: {summary['sources']} sources, {summary['segments']:,} segments, "
        f"{summary['words']:,} words in {elapsed:.1f} s "
        f"({summary['words'] / elapsed:,.0f} words/s)"
    )
    print(
        f"peak memory (max RSS): {peak / 1024:,.0f} MiB (before loading: {before / 1024:,.0f} MiB)"
    )
    print("target: under 2 GB:", "met" if peak / 1024 < 2048 else "NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
