"""``psm-qual import-refi`` / ``export-refi``: REFI-QDA exchange (the second is in export_refi)."""

from __future__ import annotations

import argparse

from psm_qual.cli._output import print_json
from psm_qual.io.refi import import_refi

NAME = "import-refi"
HELP = "import a REFI-QDA .qdpx project or .qdc codebook into a psm_qual project folder"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the .qdpx or .qdc file")
    parser.add_argument("--out", required=True, help="the project folder to create")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def run(args: argparse.Namespace) -> int:
    report = import_refi(args.file, args.out)
    if args.json:
        print_json(report.as_dict())
        return 0
    print(
        f"{report.out}: {report.sources} sources, {report.codes} codes, "
        f"{report.codings} codings, {report.users} users, {report.memos} memos"
    )
    for message in report.warnings:
        print(f"warning: {message}")
    return 0
