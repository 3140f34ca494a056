"""``psm-qual triangulate``: source and technique triangulation of a coded corpus."""

from __future__ import annotations

import argparse

from psm_qual.cli._output import naming, print_json

NAME = "triangulate"
HELP = "source and technique triangulation: Sugiyono labels and Farmer convergence per theme"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("corpus", metavar="CORPUS_DIR", help="folder of sources (contract 1)")
    parser.add_argument(
        "--codings", required=True, metavar="CODINGS.csv", help="codings (contract 4)"
    )
    parser.add_argument(
        "--by",
        choices=("group", "informant"),
        default="group",
        help="data sets of the source triangulation (default: group)",
    )
    parser.add_argument(
        "--codebook", metavar="FILE", help="codebook YAML: orders and checks themes"
    )
    parser.add_argument(
        "--code",
        action="append",
        dest="codes",
        metavar="ID",
        help="a theme (repeat); default: the top-level codes",
    )
    parser.add_argument("--coder", help="count only this coder's codings")
    parser.add_argument(
        "--performed",
        default="assessment/performed",
        help="assessment code for 'performed' (default: %(default)s)",
    )
    parser.add_argument(
        "--gap", default="assessment/gap", help="assessment code for 'gap' (default: %(default)s)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON on standard output")


def _text(name: str, payload: dict) -> list[str]:
    lines = [f"{name} triangulation by {payload['by']}: {', '.join(payload['datasets'])}"]
    for theme in payload["themes"]:
        s = theme["summary"]
        counts = ", ".join(
            f"{code} {s[code]}"
            for code in ("agreement", "partial_agreement", "silence", "dissonance")
            if s[code]
        )
        silent = f"; silent: {', '.join(s['silent'])}" if s["silent"] else ""
        lines.append(f"  {theme['theme']}: {theme['label']} ({counts or 'no pairs'}){silent}")
    return lines


def run(args: argparse.Namespace) -> int:
    from psm_qual.coding.validate import validate_codings
    from psm_qual.corpus import load_corpus
    from psm_qual.io.codebook_yaml import read_codebook
    from psm_qual.io.codings import read_codings
    from psm_qual.triangulation import triangulate_both

    codebook = read_codebook(args.codebook) if args.codebook else None
    corpus = load_corpus(args.corpus)
    codings = validate_codings(
        read_codings(args.codings), corpus=corpus, codebook=codebook, path=args.codings
    )
    with naming(args.codings):
        results = triangulate_both(
            codings,
            corpus,
            by=args.by,
            codes=args.codes,
            codebook=codebook,
            coder=args.coder,
            performed=args.performed,
            gap=args.gap,
        )
    payload = {name: result.to_dict() for name, result in results.items()}
    if args.json:
        print_json(payload)
    else:
        for name, result in payload.items():
            print("\n".join(_text(name, result)))
    return 0
