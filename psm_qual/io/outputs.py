"""Writing result tables and JSON: the output side of reports, the CLI and notebooks."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from psm_qual.io.atomic import write_text_atomic

__all__ = ["to_jsonable", "json_text", "write_json", "write_csv"]


def _default(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def to_jsonable(value: Any) -> Any:
    """``value`` with NaN/inf as ``None``, tuples as lists and keys as strings.

    Examples
    --------
    >>> to_jsonable({"a": float("nan"), 1: (2, 3)})
    {'a': None, '1': [2, 3]}
    """
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value


def json_text(payload: Any) -> str:
    """Indented UTF-8 JSON text of ``payload`` (see :func:`to_jsonable`), ending in a newline."""
    return json.dumps(to_jsonable(payload), ensure_ascii=False, indent=2, default=_default) + "\n"


def write_json(path: str | Path, payload: Any) -> Path:
    """Write ``payload`` as JSON, atomically."""
    return write_text_atomic(path, json_text(payload))


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` as UTF-8 CSV without its index, atomically."""
    return write_text_atomic(path, frame.to_csv(index=False, lineterminator="\n"))
