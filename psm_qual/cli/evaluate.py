"""``psm-qual evaluate PROGRAMME.yaml --baseline DIR --followup DIR [--json]``."""

from __future__ import annotations

import argparse

NAME = "evaluate"
HELP = "measure a programme's indicators at baseline and follow-up, with their evidence"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("programme", help="programme design file (YAML) with indicators")
    parser.add_argument("--baseline", required=True, help="baseline data folder")
    parser.add_argument("--followup", required=True, help="follow-up data folder")
    parser.add_argument(
        "--indicator",
        action="append",
        default=None,
        metavar="ID",
        help="only this indicator (repeatable)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON on standard output")


def run(args: argparse.Namespace) -> int:
    from psm_qual.evaluation import indicator_table
    from psm_qual.io.logs import read_evaluation_data
    from psm_qual.io.programme import read_programme

    programme = read_programme(args.programme)
    table = indicator_table(
        programme,
        baseline=read_evaluation_data(args.baseline),
        followup=read_evaluation_data(args.followup),
        indicators=args.indicator,
    )
    if args.json:
        from psm_qual.cli._output import print_json

        print_json({"programme": programme.id, "indicators": table.to_dict(orient="records")})
    else:
        shown = table[
            [
                "indicator",
                "unit",
                "baseline",
                "followup",
                "change",
                "target",
                "attainment",
                "met",
                "baseline_basis",
                "followup_evidence_count",
            ]
        ]
        print(shown.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    return 0
