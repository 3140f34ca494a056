"""``psm-qual codings``: validate a codings file against a corpus (and codebook) and summarise it."""

from __future__ import annotations

import argparse

from psm_qual.cli._output import print_json

NAME = "codings"
HELP = "validate a codings CSV against the corpus (and a codebook) and summarise it"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("corpus", metavar="CORPUS_DIR", help="folder of sources (contract 1)")
    parser.add_argument("codings", metavar="CODINGS.csv", help="codings (contract 4)")
    parser.add_argument(
        "--codebook", metavar="FILE", help="codebook YAML: also check that every code exists"
    )
    parser.add_argument("--json", action="store_true", help="print JSON on standard output")


def _text(path: str, summary: dict) -> list[str]:
    lines = [
        f"{path}: {summary['rows']} rows, {len(summary['coders'])} coder{'' if len(summary['coders']) == 1 else 's'}, "
        f"{len(summary['codes'])} codes, {summary['sources']} sources "
        f"({summary['coded_segments']} codable segments in the corpus)",
    ]
    for coder, count in summary["segments_per_coder"].items():
        lines.append(f"  coder {coder}: {count} segments coded")
    for row in summary["per_code"]:
        lines.append(
            f"  {row['code']} [{row['coder']}]: {row['segments']} segments, {row['spans']} spans"
        )
    return lines


def run(args: argparse.Namespace) -> int:
    from psm_qual.coding import codings_summary, validate_codings
    from psm_qual.corpus import load_corpus
    from psm_qual.io.codings import read_codings

    codebook = None
    if args.codebook:
        from psm_qual.codebook import load_codebook

        codebook = load_codebook(args.codebook)
    corpus = load_corpus(args.corpus, progress=False)
    codings = validate_codings(read_codings(args.codings), corpus=corpus, codebook=codebook)
    summary = codings_summary(codings, corpus)
    summary = {"file": args.codings, "codebook": args.codebook, **summary}
    if args.json:
        print_json(summary)
    else:
        print("\n".join(_text(args.codings, summary)))
    return 0
