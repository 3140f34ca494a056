"""``psm-qual export-refi``: write a corpus, codebook and codings as REFI-QDA .qdpx (or .qdc)."""

from __future__ import annotations

import argparse

from psm_qual.cli._output import naming, print_json
from psm_qual.errors import RefiError
from psm_qual.io.refi import export_refi

NAME = "export-refi"
HELP = "export a corpus folder, codebook and codings as a REFI-QDA .qdpx (or the codebook as .qdc)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("corpus", help="the corpus folder")
    parser.add_argument("--codebook", required=True, help="the codebook YAML")
    parser.add_argument(
        "--codings", action="append", help="a codings CSV (repeat for several, e.g. both coders)"
    )
    parser.add_argument("--out", required=True, help="FILE.qdpx or FILE.qdc")
    parser.add_argument("--json", action="store_true", help="print the written path as JSON")


def run(args: argparse.Namespace) -> int:
    if not args.out.lower().endswith((".qdpx", ".qdc")):
        raise RefiError(
            "the output must end in .qdpx (a project) or .qdc (a codebook)",
            path=args.out,
            field="--out",
        )
    with naming(", ".join(args.codings or [args.codebook])):
        path = export_refi(args.corpus, args.out, codebook=args.codebook, codings=args.codings)
    if args.json:
        print_json({"out": str(path)})
    else:
        print(path)
    return 0
