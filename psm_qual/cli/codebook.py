"""``psm-qual codebook FILE [--json]``: validate a codebook and summarise it."""

from __future__ import annotations

import argparse

from psm_qual.cli._output import print_json
from psm_qual.codebook import codebook_summary, load_codebook

NAME = "codebook"
HELP = "Validate a codebook YAML file and print a summary (codes, top-level codes, languages)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="codebook YAML file (contract 3)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")


def _text(summary: dict) -> str:
    title = summary["title"].get("en") or next(iter(summary["title"].values()), "")
    lines = [
        f"{summary['id']} {summary['version']}" + (f" — {title}" if title else ""),
        f"{summary['n_codes']} codes ({summary['n_codable']} codable), "
        f"{summary['n_examples']} examples, languages: {', '.join(summary['languages'])}",
    ]
    for top in summary["top_level"]:
        kind = "" if top["codable"] else " (category)"
        lines.append(
            f"  {top['id']}{kind}: {top['n_children']} sub-codes"
            + (
                f", {top['n_descendants']} below"
                if top["n_descendants"] != top["n_children"]
                else ""
            )
        )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    summary = codebook_summary(load_codebook(args.file))
    if args.json:
        print_json(summary)
    else:
        print(_text(summary))
    return 0
