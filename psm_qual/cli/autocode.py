"""``psm-qual autocode``: assisted coding of every segment of a corpus."""

from __future__ import annotations

import argparse

from psm_qual.cli._output import print_json

NAME = "autocode"
HELP = "suggest codes for every informant segment (rules from the codebook's patterns, or a model)"

_PROGRESS_FROM = 2000  # segments: show a progress bar on corpora at least this large


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("corpus", metavar="CORPUS_DIR", help="folder of source files")
    parser.add_argument("--codebook", required=True, metavar="FILE", help="codebook YAML")
    parser.add_argument("--out", required=True, metavar="CODINGS.csv", help="codings to write")
    parser.add_argument("--method", choices=("rules", "model"), default="rules")
    parser.add_argument(
        "--model",
        metavar="FILE",
        help="trained model (psm_qual.io.models.save_model); only files you trust",
    )
    parser.add_argument("--coder", help="coder name (default auto:<method>)")
    parser.add_argument("--min-score", type=float, default=0.0)
    parser.add_argument("--json", action="store_true", help="print a JSON summary")


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from psm_qual.autocode.suggestions import autocode
    from psm_qual.codebook.load import load_codebook
    from psm_qual.corpus import load_corpus
    from psm_qual.errors import AutocodeError
    from psm_qual.io.codings import write_codings

    codebook = load_codebook(args.codebook)
    corpus = load_corpus(args.corpus)
    model = None
    if args.method == "model":
        if not args.model:
            raise AutocodeError("--method model needs --model FILE", field="--model")
        from psm_qual.io.models import load_model

        model = load_model(args.model)
    total = len(corpus.coded_segments)
    with tqdm(total=total, unit="seg", disable=total < _PROGRESS_FROM, leave=False) as bar:
        codings = autocode(
            corpus,
            codebook,
            method=args.method,
            model=model,
            coder=args.coder,
            min_score=args.min_score,
            progress=bar.update,
        )
    write_codings(codings, args.out)  # atomic (psm_qual.io.atomic)
    summary = {
        "segments": total,
        "codings": len(codings),
        "out": args.out,
        "coder": str(codings["coder"].iloc[0]) if len(codings) else args.coder,
        "codes": codings["code"].value_counts().to_dict(),
    }
    if args.json:
        print_json(summary)
    else:
        print(f"{args.out}: {len(codings)} codings by {summary['coder']} on {total} segments")
    return 0
