"""``psm-qual kwic DIR WORD [--window N] [--json]``: keyword in context over a corpus."""

from __future__ import annotations

import argparse

from psm_qual.cli._output import print_json
from psm_qual.corpus import load_corpus
from psm_qual.explore import kwic

NAME = "kwic"
HELP = "Print every occurrence of a word or phrase with its context, source and informant."

_LEFT_WIDTH = 45


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="corpus folder")
    parser.add_argument("word", metavar="WORD", help="word or phrase; 'bantu*' matches endings")
    parser.add_argument("--window", type=int, default=6, help="words of context (default 6)")
    parser.add_argument("--case-sensitive", action="store_true", help="match case exactly")
    parser.add_argument(
        "--include-interviewer", action="store_true", help="search interviewer turns too"
    )
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")


def run(args: argparse.Namespace) -> int:
    corpus = load_corpus(args.folder)
    table = kwic(
        corpus,
        args.word,
        window=args.window,
        case_sensitive=args.case_sensitive,
        include_interviewer=args.include_interviewer,
    )
    if args.json:
        print_json(table.to_dict(orient="records"))
        return 0
    for row in table.itertuples():
        left = row.left[-_LEFT_WIDTH:]
        who = row.informant or row.speaker or "-"
        print(f"{row.segment_id:<16} {who:<10} {left:>{_LEFT_WIDTH}} [{row.keyword}] {row.right}")
    print(f"{len(table)} occurrence(s) of {args.word!r}")
    return 0
