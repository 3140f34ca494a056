"""``psm-qual findings CORPUS_DIR --codings CODINGS.csv``: the role assessment."""

from __future__ import annotations

import argparse

from psm_qual.cli._output import naming, print_json
from psm_qual.columns import CODER

NAME = "findings"
HELP = "rate each role from coded evidence (role assessment)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("corpus", help="corpus folder")
    parser.add_argument(
        "--codings", required=True, help="codings CSV (one coder, e.g. a consensus)"
    )
    parser.add_argument(
        "--codebook", default=None, help="codebook YAML (its top-level codes are the roles)"
    )
    parser.add_argument(
        "--coder", default=None, help="use this coder's rows when the file holds several"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> int:
    from psm_qual.codebook import load_codebook
    from psm_qual.coding.validate import validate_codings
    from psm_qual.corpus import load_corpus
    from psm_qual.errors import FindingsError
    from psm_qual.findings import role_assessment
    from psm_qual.io.codings import read_codings

    corpus = load_corpus(args.corpus)
    codebook = load_codebook(args.codebook) if args.codebook else None
    codings = validate_codings(
        read_codings(args.codings), corpus=corpus, codebook=codebook, path=args.codings
    )
    coders = sorted(set(codings[CODER].astype(str)))
    if args.coder is None and len(coders) > 1:
        raise FindingsError(
            f"holds several coders {coders}: findings need one (e.g. a consensus); "
            "pick one with --coder NAME",
            path=args.codings,
        )
    with naming(args.codings):
        table = role_assessment(codings, corpus, codebook=codebook, coder=args.coder)
    if args.json:
        keys = ("role", "rating", "score", "performed", "gap", "groups", "techniques")
        print_json({"roles": [{k: row[k] for k in keys} for row in table.to_dict("records")]})
    else:
        for row in table.itertuples():
            score = "—" if row.score != row.score else f"{row.score:.2f}"
            print(
                f"{row.role:<16} {row.rating:<14} score {score}  performed {row.performed:>3}  "
                f"gap {row.gap:>3}  groups {', '.join(row.groups)}"
            )
    return 0
