"""``psm-qual agreement``: intercoder agreement of one or more codings files."""

from __future__ import annotations

import argparse
import math

import pandas as pd

from psm_qual.cli._output import naming, print_json
from psm_qual.columns import CODER

ALPHA_CI_NOTE = (
    "alpha intervals follow Krippendorff's bootstrap (at most 25 pairs per non-empty "
    "coincidence cell are drawn), so for rare codes they are wider than the kappa intervals, "
    "which resample units; a wide alpha interval means few instances, see n_coded"
)

NAME = "agreement"
HELP = "intercoder agreement per code or dimension (kappa, pi, Fleiss, alpha, bands)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "codings",
        nargs="+",
        metavar="CODINGS.csv",
        help="one file with several coders, or one file per coder",
    )
    parser.add_argument(
        "--corpus",
        metavar="DIR",
        help="corpus folder: units are all its coded segments (absence counts)",
    )
    parser.add_argument("--codebook", metavar="FILE", help="codebook (default dimensions)")
    parser.add_argument("--by", choices=("code", "dimension"), default="code")
    parser.add_argument(
        "--top-level-name",
        "--roles-name",
        dest="top_level_name",
        default="roles",
        metavar="NAME",
        help="with --by dimension: name of the dimension formed by the codable top-level "
        "codes (default: roles, as in the PSM codebook)",
    )
    parser.add_argument("--unit", choices=("segment", "span"), default="segment")
    parser.add_argument("--coders", nargs="+", metavar="CODER", help="coders to compare")
    parser.add_argument("--n-boot", type=int, default=1000, help="bootstrap replicates (0: none)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print JSON records")


def _read(paths: list[str], corpus, codebook) -> pd.DataFrame:
    from psm_qual.coding.validate import validate_codings
    from psm_qual.io.codings import read_codings

    frames = []
    for path in paths:
        frame = validate_codings(
            read_codings(path), corpus=corpus, codebook=codebook, path=str(path)
        )
        frames.append(frame)
    if len(frames) > 1:
        names = [set(f[CODER].astype(str)) for f in frames]
        if any(len(n) == 1 for n in names) and len({min(n) for n in names}) < len(frames):
            # one file per coder but the files share a coder name: name coders by file
            from pathlib import Path

            frames = [f.assign(**{CODER: Path(p).stem}) for f, p in zip(frames, paths, strict=True)]
    return pd.concat(frames, ignore_index=True)


def run(args: argparse.Namespace) -> int:
    from psm_qual.agreement.table import agreement_table

    corpus = codebook = None
    if args.corpus:
        from psm_qual.corpus import load_corpus

        corpus = load_corpus(args.corpus)
    if args.codebook:
        from psm_qual.codebook.load import load_codebook

        codebook = load_codebook(args.codebook)
    codings = _read(args.codings, corpus, codebook)
    where = ", ".join(args.codings)
    coders = sorted(set(codings[CODER].astype(str)))
    if not args.coders and len(coders) < 2:
        from psm_qual.errors import AgreementError

        raise AgreementError(
            f"needs at least 2 coders, found only {coders}; give one file with "
            "several coders, or one file per coder",
            path=where,
            field="coders",
        )
    dimensions = None
    if args.by == "dimension" and codebook is not None:
        from psm_qual.agreement.table import default_dimensions

        dimensions = default_dimensions(codebook, top_level=args.top_level_name)
    with naming(where):
        table = agreement_table(
            codings,
            segments=corpus,
            coders=args.coders,
            unit=args.unit,
            by=args.by,
            dimensions=dimensions,
            codebook=codebook,
            n_boot=args.n_boot,
            seed=args.seed,
        )
    if args.json:
        print_json(table.to_dict("records"))
        return 0
    shown = table.drop(columns=["note"]).copy()
    with pd.option_context("display.width", 200, "display.max_columns", 30):
        print(
            shown.to_string(
                index=False, float_format=lambda v: "nan" if math.isnan(v) else f"{v:.3f}"
            )
        )
    notes = table.loc[table["note"] != "", [table.columns[0], "note"]]
    for key, note in notes.itertuples(index=False, name=None):
        print(f"note: {key}: {note}")
    if "alpha_low" in table and table["alpha_low"].notna().any():
        print(f"note: {ALPHA_CI_NOTE}")
    return 0
