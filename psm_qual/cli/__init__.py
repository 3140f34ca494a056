"""The ``psm-qual`` command line: thin subcommands that parse, make one library call, write one file.

Each subcommand lives in a module of this package that defines

- ``NAME`` (the subcommand), ``HELP`` (one line),
- ``add_arguments(parser)`` and ``run(args) -> int``.

Bad input (any :class:`psm_qual.errors.PsmQualError`, or an unreadable file) is printed as one
line on standard error with exit status 2; no traceback reaches the user.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from psm_qual.errors import PsmQualError

__all__ = ["main", "build_parser"]


def _subcommand_modules() -> list:
    modules = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "NAME") and hasattr(module, "run"):
            modules.append(module)
    return modules


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="psm-qual",
        description="Qualitative research on interviews: corpus, coding, agreement, "
        "triangulation, findings, needs and evaluation.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in _subcommand_modules():
        sub = subparsers.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(sub)
        sub.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``psm-qual`` with ``argv`` (default: ``sys.argv[1:]``) and return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except PsmQualError as error:
        print(f"psm-qual: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader of standard output stopped early (e.g. `| head`): not bad input
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except (OSError, UnicodeError) as error:
        name = getattr(error, "filename", None)
        reason = getattr(error, "strerror", None) or str(error)
        where = f"{name}: " if name else ""
        print(f"psm-qual: error: {where}{' '.join(str(reason).split())}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("psm-qual: interrupted; nothing was written", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
