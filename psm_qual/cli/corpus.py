"""``psm-qual corpus DIR [--json]``: load a corpus folder and print its summary."""

from __future__ import annotations

import argparse

from psm_qual.cli._output import print_json
from psm_qual.corpus import DEFAULT_INTERVIEWER_LABELS, corpus_summary, format_summary, load_corpus

NAME = "corpus"
HELP = "Load a folder of sources and print a summary (sources by technique and group, words)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", metavar="DIR", help="corpus folder (or its sources/ folder)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument(
        "--interviewer",
        action="append",
        metavar="LABEL",
        help="speaker label of the interviewer (repeatable; default: "
        + ", ".join(DEFAULT_INTERVIEWER_LABELS)
        + ")",
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on standard error (default: for more than 50 files)",
    )


def run(args: argparse.Namespace) -> int:
    corpus = load_corpus(
        args.folder,
        interviewer_labels=args.interviewer or DEFAULT_INTERVIEWER_LABELS,
        progress=args.progress,
    )
    summary = corpus_summary(corpus)
    if args.json:
        print_json(summary)
    else:
        print(format_summary(summary))
    return 0
