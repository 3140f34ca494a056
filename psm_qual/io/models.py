"""Saving and loading trained auto-coders (:class:`psm_qual.autocode.learned.TrainedCoder`).

Trust boundary: a model file is a Python pickle (scikit-learn estimators have no safe portable
format in the standard library), and **unpickling runs code chosen by whoever wrote the file**.
Load only model files you trained yourself or received from someone you trust, exactly as you
would run their Python script. :func:`load_model` refuses files that lack psm_qual's header, so a
random pickle is not loaded by mistake, but the header is no protection against a crafted file.
"""

from __future__ import annotations

import io
import json
import pickle
from pathlib import Path
from typing import Any

from psm_qual.errors import AutocodeError
from psm_qual.io.atomic import write_atomic

__all__ = ["save_model", "load_model", "model_info", "MAGIC"]

MAGIC = b"PSMQUAL-MODEL\n"
_FORMAT = 1


def save_model(model: Any, path: str | Path) -> Path:
    """Write ``model`` to ``path`` atomically: a header line, a JSON line, then a pickle.

    The JSON line records the format version, the model's class and library versions so a
    reader can tell what the file holds without unpickling it.
    """
    import sklearn

    from psm_qual.autocode.learned import TrainedCoder

    if not isinstance(model, TrainedCoder):
        raise AutocodeError(
            f"only a TrainedCoder can be saved, got {type(model).__name__}", field="model"
        )
    meta = {
        "format": _FORMAT,
        "class": "TrainedCoder",
        "sklearn": sklearn.__version__,
        "codebook": model.codebook_id,
        "dimensions": sorted(model.models),
    }
    payload = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)

    def write(handle) -> None:
        handle.write(MAGIC)
        handle.write(json.dumps(meta, sort_keys=True).encode("utf-8") + b"\n")
        handle.write(payload)

    return write_atomic(path, write)


def model_info(path: str | Path) -> dict[str, Any]:
    """The JSON header of a model file, read without unpickling anything."""
    with open(path, "rb") as handle:
        if handle.readline() != MAGIC:
            raise AutocodeError("not a psm_qual model file (header missing)", path=path)
        try:
            return json.loads(handle.readline().decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise AutocodeError(f"damaged model header: {error}", path=path, line=2) from None


def load_model(path: str | Path) -> Any:
    """Load a model written by :func:`save_model`. **Only load files you trust** (see above).

    Raises
    ------
    AutocodeError
        Missing header, unknown format, or a damaged pickle.
    """
    info = model_info(path)
    if info.get("format") != _FORMAT or info.get("class") != "TrainedCoder":
        raise AutocodeError(f"unsupported model format {info!r}", path=path, line=2)
    data = Path(path).read_bytes()
    body = io.BytesIO(data)
    body.readline()
    body.readline()
    try:
        return pickle.load(body)  # noqa: S301 - trust boundary documented in the module
    except Exception as error:  # pickle raises many types on damaged input
        raise AutocodeError(f"damaged model file: {error}", path=path) from None
