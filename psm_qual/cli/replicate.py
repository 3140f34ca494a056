"""``psm-qual replicate [--out DIR]``: the whole Pasteur replication and its report."""

from __future__ import annotations

import argparse
import sys

from psm_qual.cli._output import print_json

NAME = "replicate"
HELP = "run the whole Pasteur replication and write its report (HTML, CSV, JSON)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", default="reports/pasteur", help="output folder (default: %(default)s)"
    )
    parser.add_argument(
        "--study", default=None, help="study folder (default: the bundled data/pasteur)"
    )
    parser.add_argument(
        "--codebook", default=None, help="codebook YAML (default: codebooks/psm_roles.yaml)"
    )
    parser.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples for CIs")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def run(args: argparse.Namespace) -> int:
    from psm_qual.replication import replicate

    result = replicate(
        args.out,
        root=args.study,
        codebook=args.codebook,
        n_boot=args.n_boot,
        log=lambda message: print(f"psm-qual: {message}", file=sys.stderr),
    )
    if args.json:
        print_json(result)
    else:
        print(f"report: {result['report']}")
        print(f"replication table: {result['matches']} of {result['items']} items match the paper")
        for role, rating in result["ratings"].items():
            print(f"  {role}: {rating}")
    return 0
