"""Shared output helpers for subcommands: JSON on standard output."""

from __future__ import annotations

import json
import math
import sys
from typing import Any

__all__ = ["print_json"]


def _default(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def _clean(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def print_json(payload: Any) -> None:
    """Print ``payload`` as indented JSON (NaN becomes null) on standard output."""
    json.dump(_clean(payload), sys.stdout, ensure_ascii=False, indent=2, default=_default)
    sys.stdout.write("\n")
