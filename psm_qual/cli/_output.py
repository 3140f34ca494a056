"""Shared output helpers for subcommands: JSON on standard output, errors that name the file."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from psm_qual.errors import PsmQualError
from psm_qual.io.outputs import json_text

__all__ = ["print_json", "naming"]


def print_json(payload: Any) -> None:
    """Print ``payload`` as indented JSON (NaN becomes null) on standard output."""
    sys.stdout.write(json_text(payload))


@contextmanager
def naming(path: str | Path) -> Iterator[None]:
    """Re-raise a :class:`~psm_qual.errors.PsmQualError` that names no file as one naming ``path``.

    Library calls on data already read (e.g. "no codings by coder 'x'") know the argument at
    fault but not the file the data came from; the command line does.

    Examples
    --------
    >>> from psm_qual.errors import FindingsError
    >>> try:
    ...     with naming("two.csv"):
    ...         raise FindingsError("no codings by coder 'x'", field="coder")
    ... except FindingsError as error:
    ...     print(error)
    two.csv: coder: no codings by coder 'x'
    """
    try:
        yield
    except PsmQualError as error:
        if error.path is not None:
            raise
        raise type(error)(error.message, path=path, field=error.field) from error
