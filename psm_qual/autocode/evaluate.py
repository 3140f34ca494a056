"""How good is a coder? Per-code precision, recall and F1 and Cohen's kappa per dimension.

The unit is the segment. Codings of each coder are mapped to the segments they overlap
(:func:`psm_qual.coding.frame.segment_codings`) and read as three dimensions:

- **role** (single label): the role code (``level="root"``: the top-level role; ``"code"``: the
  code as given) or ``"none"``; when a coder gave several, the first in codebook order;
- **assessment** (single label): gap, performed or ``"none"``;
- **barrier** (multi-label): the set of barrier codes (kappa on the exact set; per-code binary
  kappa in the per-code table).

Kappa is computed over every segment given in ``segments`` (a segment neither coder coded
agrees on ``"none"``), which is what "code every segment" is judged on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from psm_qual.codebook.model import SEPARATOR, Codebook
from psm_qual.columns import CODE, CODER, SEGMENT_ID
from psm_qual.corpus import Corpus
from psm_qual.errors import AutocodeError

__all__ = ["CoderEvaluation", "evaluate_coder", "segment_labels", "NONE", "DIMENSIONS"]

NONE = "none"
DIMENSIONS = ("role", "assessment", "barrier")
Level = Literal["root", "code"]


def _cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float:
    try:  # the project's implementation (psm_qual.agreement), tested against the literature
        from psm_qual.agreement import cohen_kappa  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - before psm_qual.agreement re-exports it
        from psm_qual.agreement.nominal import cohen_kappa
    return float(cohen_kappa(list(a), list(b)))


@dataclass(frozen=True)
class CoderEvaluation:
    """Quality of a coder against a reference.

    Attributes
    ----------
    per_dimension : DataFrame
        ``dimension, units, agreement, kappa`` (agreement = share of segments with the same
        label).
    per_code : DataFrame
        ``dimension, code, tp, fp, fn, support, precision, recall, f1, kappa`` (kappa: the code
        present or absent per segment).
    units : DataFrame
        ``segment_id, dimension, predicted, reference``: the labels compared.
    """

    per_dimension: pd.DataFrame
    per_code: pd.DataFrame
    units: pd.DataFrame

    def kappa(self, dimension: str = "role") -> float:
        """Cohen's kappa of one dimension."""
        row = self.per_dimension[self.per_dimension["dimension"] == dimension]
        return float(row["kappa"].iloc[0]) if len(row) else float("nan")


def _dimension(code: str, *, roles: Sequence[str], gap: str, performed: str, barrier: str):
    root = code.split(SEPARATOR, 1)[0]
    if code in (gap, performed):
        return "assessment"
    if root == barrier:
        return "barrier"
    if root in roles:
        return "role"
    return None


def segment_labels(
    codings: pd.DataFrame,
    segments: pd.DataFrame | Corpus,
    *,
    codebook: Codebook | None = None,
    level: Level = "root",
    roles: Sequence[str] | None = None,
    gap: str = "assessment/gap",
    performed: str = "assessment/performed",
    barrier: str = "barrier",
) -> pd.DataFrame:
    """One coder's label per segment and dimension (``segment_id, role, assessment, barrier``).

    ``barrier`` is a "+"-joined sorted set (``"none"`` when empty).

    Examples
    --------
    >>> import pandas as pd
    >>> segments = pd.DataFrame({"segment_id": ["S:1", "S:2"], "source_id": "S",
    ...                          "start": [0, 10], "end": [10, 20]})
    >>> codings = pd.DataFrame({"source_id": "S", "start": 0, "end": 10, "coder": "A",
    ...     "code": ["care/visit", "assessment/gap", "barrier/money"]})
    >>> segment_labels(codings, segments)
      segment_id  role      assessment        barrier
    0        S:1  care  assessment/gap  barrier/money
    1        S:2  none            none           none
    """
    from psm_qual.coding.frame import segment_codings

    if level not in ("root", "code"):
        raise AutocodeError(f"unknown level {level!r}; choose root or code", field="level")
    frame = segments.coded_segments if isinstance(segments, Corpus) else segments
    coders = sorted(set(codings[CODER].astype(str))) if len(codings) else []
    if len(coders) > 1:
        raise AutocodeError(
            f"one coder per codings table, got {len(coders)}: {', '.join(coders)}",
            field="codings",
        )
    order = {c: i for i, c in enumerate(codebook.ids)} if codebook is not None else {}
    if roles is None:
        special = {c.split(SEPARATOR, 1)[0] for c in (gap, performed, barrier)}
        if codebook is not None:
            roles = [c.id for c in codebook.children(None) if c.id not in special]
        else:
            roles = sorted({c.split(SEPARATOR, 1)[0] for c in codings[CODE].astype(str)} - special)
    per_segment = segment_codings(codings, frame) if len(codings) else None
    labels = {sid: {"role": [], "assessment": [], "barrier": []} for sid in frame[SEGMENT_ID]}
    if per_segment is not None:
        for sid, code in zip(per_segment[SEGMENT_ID], per_segment[CODE].astype(str), strict=True):
            dim = _dimension(code, roles=roles, gap=gap, performed=performed, barrier=barrier)
            if dim is None or sid not in labels:
                continue
            value = code.split(SEPARATOR, 1)[0] if dim == "role" and level == "root" else code
            labels[sid][dim].append(value)

    def first(values: list[str]) -> str:
        if not values:
            return NONE
        return min(values, key=lambda v: (order.get(v, len(order)), v))

    rows = [
        (sid, first(d["role"]), first(d["assessment"]), "+".join(sorted(set(d["barrier"]))) or NONE)
        for sid, d in labels.items()
    ]
    return pd.DataFrame(rows, columns=[SEGMENT_ID, *DIMENSIONS])


def _label_set(value: str) -> set[str]:
    return set() if value == NONE else set(value.split("+"))


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan")
    return precision, recall, f1


def evaluate_coder(
    predicted: pd.DataFrame,
    reference: pd.DataFrame,
    *,
    segments: pd.DataFrame | Corpus,
    codebook: Codebook | None = None,
    level: Level = "root",
    roles: Sequence[str] | None = None,
    gap: str = "assessment/gap",
    performed: str = "assessment/performed",
    barrier: str = "barrier",
) -> CoderEvaluation:
    """Compare a coder (e.g. ``auto:rules``) with a reference coding (e.g. the consensus).

    Parameters
    ----------
    predicted, reference : DataFrame
        Codings (contract 4) of one coder each.
    segments : DataFrame or Corpus
        The units: every segment that was to be coded (a corpus: its informant segments).
    codebook : Codebook, optional
        Gives the role codes and the order that breaks ties; without it, every top-level code
        other than the assessment and barrier roots is a role.
    level : {"root", "code"}
        Compare roles as top-level roles, or as the codes given (sub-codes kept).
    roles, gap, performed, barrier
        The dimensions, as in :func:`psm_qual.autocode.rules.compile_rules`.

    Returns
    -------
    CoderEvaluation

    Raises
    ------
    AutocodeError
        A codings table with more than one coder, or an unknown level.

    Examples
    --------
    >>> import pandas as pd
    >>> segments = pd.DataFrame({"segment_id": [f"S:{i}" for i in range(1, 5)],
    ...     "source_id": "S", "start": [0, 10, 20, 30], "end": [10, 20, 30, 40]})
    >>> def codings(codes, coder):
    ...     return pd.DataFrame({"source_id": "S", "start": [0, 10, 20, 30][:len(codes)],
    ...         "end": [10, 20, 30, 40][:len(codes)], "code": codes, "coder": coder})
    >>> ev = evaluate_coder(codings(["care", "care", "records", "care"], "auto"),
    ...                     codings(["care", "records", "records", "care"], "human"),
    ...                     segments=segments)
    >>> round(ev.kappa("role"), 3)
    0.5
    >>> ev.per_code[["code", "precision", "recall", "f1"]].round(3)
          code  precision  recall     f1
    0     care      0.667     1.0  0.800
    1  records      1.000     0.5  0.667
    """
    options = dict(
        codebook=codebook, level=level, roles=roles, gap=gap, performed=performed, barrier=barrier
    )
    mine = segment_labels(predicted, segments, **options)  # type: ignore[arg-type]
    theirs = segment_labels(reference, segments, **options)  # type: ignore[arg-type]
    units = []
    dims = []
    codes = []
    for dimension in DIMENSIONS:
        a = mine[dimension].tolist()
        b = theirs[dimension].tolist()
        units.append(
            pd.DataFrame(
                {
                    SEGMENT_ID: mine[SEGMENT_ID],
                    "dimension": dimension,
                    "predicted": a,
                    "reference": b,
                }
            )
        )
        present = sorted({v for v in a + b if v != NONE})
        if not present:
            continue
        agreement = float(np.mean([x == y for x, y in zip(a, b, strict=True)])) if a else np.nan
        dims.append((dimension, len(a), agreement, _cohen_kappa(a, b) if a else np.nan))
        sa, sb = [_label_set(v) for v in a], [_label_set(v) for v in b]
        for code in sorted({c for s in sa + sb for c in s}):
            has_a = [code in s for s in sa]
            has_b = [code in s for s in sb]
            tp = sum(x and y for x, y in zip(has_a, has_b, strict=True))
            fp = sum(x and not y for x, y in zip(has_a, has_b, strict=True))
            fn = sum(y and not x for x, y in zip(has_a, has_b, strict=True))
            kappa = _cohen_kappa(has_a, has_b) if len(set(has_a) | set(has_b)) > 1 else float("nan")
            codes.append((dimension, code, tp, fp, fn, tp + fn, *_prf(tp, fp, fn), kappa))
    per_dimension = pd.DataFrame(dims, columns=["dimension", "units", "agreement", "kappa"])
    per_code = pd.DataFrame(
        codes,
        columns=[
            "dimension",
            "code",
            "tp",
            "fp",
            "fn",
            "support",
            "precision",
            "recall",
            "f1",
            "kappa",
        ],
    )
    return CoderEvaluation(per_dimension, per_code, pd.concat(units, ignore_index=True))
