"""From hits to suggestions: one role, one assessment and any barriers per segment, with scores.

The rules, applied to every segment at once (pandas, no per-segment Python):

1. **Role.** Every hit of a role pattern adds the pattern's weight to its code (words in the
   pattern divided by the number of roles sharing it, times the pattern's multiplier in
   ``psm_qual/data/autocode/pattern_weights.tsv`` for everyday words such as "anak", "acara";
   a repeated pattern adds half; words matched by a role and by its sub-code count once, for the
   sub-code). A top-level role scores the sum over itself and its sub-codes; the strongest role
   wins (ties: codebook order) if it reaches :data:`MIN_ROLE_WEIGHT`, and within it the
   strongest codable sub-code that was hit (the role itself when only its own patterns hit).
   Score: ``best / (sum over roles + 0.5)`` — high when one role dominates. No hit (or only
   everyday words), no role.
2. **Assessment** (only for a segment given a role, and only when the codebook has the
   assessment codes). Cues in the segment are resolved longest-first ("tidak hanya" overrides
   "tidak" and "hanya"; "tidak mampu" is neutral); gap weights (plus 0.5 per barrier hit) are
   compared with performed weights: gap when gap > performed, else performed (a description of
   the work with no limiting cue is the work done). Barrier hits strengthen a gap only when a
   gap cue is present.
   Score: ``0.5 + 0.5 * |gap - performed| / (gap + performed + 1)``.
3. **Barriers.** Each barrier code whose patterns hit, score ``1 - exp(-weight)``; a one-word
   barrier pattern counts only in a segment with a gap cue (a barrier is a cause given for a gap),
   a phrase of several words counts anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

from psm_qual.autocode.rules import CODE_KIND, HIT_COLUMNS, Hit, RuleSet
from psm_qual.codebook.model import SEPARATOR
from psm_qual.errors import AutocodeError

__all__ = ["score_hits", "pattern_table", "pattern_multipliers", "SCORED_COLUMNS"]

SCORED_COLUMNS = ("row", "dimension", "code", "score", "evidence", "matches")
_NO_CUE = "no limiting cue: the role described as carried out"
# The least total weight of the winning role for a segment to get a role: one everyday word
# ("anak", "acara", down-weighted in pattern_weights.tsv) is not enough on its own.
MIN_ROLE_WEIGHT = 0.5
_WEIGHTS_FILE = "psm_qual/data/autocode/pattern_weights.tsv"


@cache
def pattern_multipliers() -> dict[str, float]:
    """Weight multipliers of everyday patterns, by pattern text (``pattern_weights.tsv``).

    Examples
    --------
    >>> pattern_multipliers()["anak"] < MIN_ROLE_WEIGHT <= pattern_multipliers().get("rapat", 1.0)
    True
    """
    text = resources.files("psm_qual").joinpath("data", "autocode", "pattern_weights.tsv")
    table: dict[str, float] = {}
    for number, line in enumerate(text.read_text("utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        try:
            phrase, weight = fields
            value = float(weight)
        except ValueError:
            phrase, value = "", -1.0
        if not phrase or not 0.0 <= value <= 1.0:
            raise AutocodeError(
                f"expected pattern<TAB>multiplier in [0, 1], got {fields!r}",
                path=_WEIGHTS_FILE,
                line=number,
            )
        table[phrase.lower()] = value
    return table


def pattern_table(rules: RuleSet) -> pd.DataFrame:
    """One row per compiled pattern: ``kind, code, root, dimension, weight, text, language,
    stems, codable, order`` (index = pattern number)."""
    order = {c: i for i, c in enumerate(rules.codebook.ids)}
    multipliers = pattern_multipliers()
    rows = []
    for p in rules.patterns:
        weight = (
            p.weight * multipliers.get(p.text.lower(), 1.0) if p.kind == CODE_KIND else p.weight
        )
        root = p.code.split(SEPARATOR, 1)[0] if p.code else ""
        dimension = rules.dimension(p.code) if p.kind == CODE_KIND else "cue"
        codable = rules.codebook[p.code].codable if p.code else False
        rows.append(
            (
                p.kind,
                p.code,
                root,
                dimension or "",
                weight,
                p.text,
                p.language,
                " ".join(p.stems),
                codable,
                order.get(p.code, len(order)),
                order.get(root, len(order)),
            )
        )
    return pd.DataFrame(
        rows,
        columns=[
            "kind",
            "code",
            "root",
            "dimension",
            "weight",
            "text",
            "language",
            "stems",
            "codable",
            "order",
            "root_order",
        ],
    )


def _records(h: pd.DataFrame, offsets: np.ndarray) -> list[dict]:
    shift = offsets[h["row"].to_numpy()]
    label = h["code"].where(h["code"] != "", h["kind"])
    return [
        {
            "code": c,
            "pattern": t,
            "language": lang,
            "stems": s,
            "matched": m,
            "start": int(a),
            "end": int(b),
            "weight": float(w),
        }
        for c, t, lang, s, m, a, b, w in zip(
            label,
            h["text"],
            h["language"],
            h["stems"],
            h["matched"],
            h["char_start"].to_numpy() + shift,
            h["char_end"].to_numpy() + shift,
            h["weight"],
            strict=True,
        )
    ]


def _labels(h: pd.DataFrame) -> pd.Series:
    name = h["code"].where(h["code"] != "", h["kind"] + " cue")
    return "'" + h["matched"] + "' ~ '" + h["text"] + "' (" + name + ")"


def _evidence(h: pd.DataFrame, offsets: np.ndarray, keys: Sequence[str]) -> pd.DataFrame:
    """Readable and structured evidence per group of ``keys`` (hits sorted into groups first;
    each group is then one slice, instead of a pandas groupby running Python per group)."""
    h = h.sort_values(list(keys), kind="stable")
    labels = _labels(h).tolist()
    records = _records(h, offsets)
    change = np.zeros(len(h), dtype=bool)
    change[0] = True
    for key in keys:
        values = h[key].to_numpy()
        change[1:] |= values[1:] != values[:-1]
    bounds = np.append(np.flatnonzero(change), len(h)).tolist()
    frame = h.iloc[bounds[:-1]][list(keys)].reset_index(drop=True)
    pairs = list(zip(bounds[:-1], bounds[1:], strict=True))
    frame["evidence"] = ["; ".join(labels[a:b]) for a, b in pairs]
    frame["matches"] = [tuple(records[a:b]) for a, b in pairs]
    return frame


def _weighted(h: pd.DataFrame) -> pd.DataFrame:
    repeat = h.duplicated(["row", "pattern"]).to_numpy()
    return h.assign(w=h["weight"].to_numpy() * np.where(repeat, 0.5, 1.0))


def _roles(h: pd.DataFrame, offsets: np.ndarray) -> pd.DataFrame:
    # The same words matched by a role and by its sub-code ("lapor" under administrator and
    # administrator/reporting) count once, for the sub-code.
    h = h.assign(_self=h["code"] == h["root"]).sort_values(["row", "_self", "order"], kind="stable")
    h = h.drop_duplicates(["row", "root", "token_start", "token_end"]).drop(columns="_self")
    r = _weighted(h.sort_index())
    by_code = (
        r.groupby(["row", "code", "root"], sort=False)
        .agg(
            w=("w", "sum"),
            codable=("codable", "first"),
            order=("order", "first"),
            root_order=("root_order", "first"),
        )
        .reset_index()
    )
    by_root = (
        by_code.groupby(["row", "root"], sort=False)
        .agg(w=("w", "sum"), root_order=("root_order", "first"))
        .reset_index()
    )
    total = by_root.groupby("row")["w"].sum()
    best = (
        by_root.assign(_neg=-by_root["w"])
        .sort_values(["row", "_neg", "root_order"], kind="stable")
        .drop_duplicates("row")
    )
    best = best[best["w"] >= MIN_ROLE_WEIGHT - 1e-9]
    if not len(best):
        return pd.DataFrame({c: [] for c in SCORED_COLUMNS})
    best = best.assign(score=(best["w"] / (best["row"].map(total) + 0.5)).round(4))
    candidates = by_code.merge(best[["row", "root"]], on=["row", "root"])
    candidates = candidates[candidates["codable"]]
    chosen = (
        candidates.assign(_self=candidates["code"] == candidates["root"], _neg=-candidates["w"])
        .sort_values(["row", "_self", "_neg", "order"], kind="stable")
        .drop_duplicates("row")
    )
    chosen = chosen[["row", "root", "code"]].merge(best[["row", "score"]], on="row")
    support = r.merge(chosen[["row", "root"]], on=["row", "root"])
    evidence = _evidence(support, offsets, ["row"])
    out = chosen.merge(evidence, on="row")
    return out.assign(dimension="role")[list(SCORED_COLUMNS)]


def _resolve_cues(cues: pd.DataFrame) -> pd.DataFrame:
    """Per segment, longest cues first; a cue overlapping a kept one is dropped."""
    if not len(cues):
        return cues
    ordered = cues.assign(_len=cues["token_start"] - cues["token_end"]).sort_values(
        ["row", "_len", "token_start"], kind="stable"
    )
    keep = []
    taken: list[tuple[int, int]] = []
    current = None
    for index, row, start, end in zip(
        ordered.index, ordered["row"], ordered["token_start"], ordered["token_end"], strict=True
    ):
        if row != current:
            current, taken = row, []
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        keep.append(index)
    return cues.loc[sorted(keep)]


def _assessments(
    rules: RuleSet, cues: pd.DataFrame, barriers: pd.DataFrame, rows: pd.Series, offsets: np.ndarray
) -> pd.DataFrame:
    cues = _resolve_cues(cues[cues["row"].isin(rows)])
    signed = cues[cues["kind"] != "neutral"]
    gap = signed[signed["kind"] == "gap"].groupby("row")["weight"].sum()
    performed = signed[signed["kind"] == "performed"].groupby("row")["weight"].sum()
    blocks = barriers.groupby("row").size()
    frame = pd.DataFrame({"row": rows.to_numpy()})
    g = frame["row"].map(gap).fillna(0.0)
    g = g + np.where(g > 0, 0.5, 0.0) * frame["row"].map(blocks).fillna(0)
    p = frame["row"].map(performed).fillna(0.0)
    frame["code"] = np.where(g > p, rules.gap, rules.performed)
    frame["score"] = (0.5 + 0.5 * (g - p).abs() / (g + p + 1.0)).round(4)
    evidence = (
        _evidence(signed, offsets, ["row"])
        if len(signed)
        else pd.DataFrame({"row": pd.Series(dtype="int64"), "evidence": [], "matches": []})
    )
    frame = frame.merge(evidence, on="row", how="left")
    n_blocks = frame["row"].map(blocks).fillna(0).astype(int)
    note = np.where(n_blocks > 0, n_blocks.astype(str) + " barrier hit(s)", "")
    text = frame["evidence"].fillna("")
    text = np.where((text != "") & (note != ""), text + "; " + note, text + note)
    frame["evidence"] = np.where(text == "", _NO_CUE, text)
    frame["matches"] = [m if isinstance(m, tuple) else () for m in frame["matches"]]
    return frame.assign(dimension="assessment")[list(SCORED_COLUMNS)]


def _barriers(h: pd.DataFrame, offsets: np.ndarray) -> pd.DataFrame:
    b = _weighted(h)
    weight = b.groupby(["row", "code"], sort=False)["w"].sum().reset_index()
    weight["score"] = (1.0 - np.exp(-weight["w"])).round(4)
    out = weight.merge(_evidence(b, offsets, ["row", "code"]), on=["row", "code"])
    return out.assign(dimension="barrier")[list(SCORED_COLUMNS)]


def score_hits(
    rules: RuleSet,
    hits: Sequence[Hit] | pd.DataFrame,
    *,
    offsets: np.ndarray | None = None,
    patterns: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Suggestions from the hits of many segments.

    Parameters
    ----------
    rules : RuleSet
    hits : sequence of Hit or DataFrame
        From :func:`~psm_qual.autocode.rules.iter_hits` / ``match_segments``.
    offsets : ndarray, optional
        Per segment row, what to add to in-segment offsets in ``matches`` (the segment's start
        in its source body); default 0.
    patterns : DataFrame, optional
        :func:`pattern_table` of ``rules`` (computed when not given).

    Returns
    -------
    DataFrame
        Columns :data:`SCORED_COLUMNS`: ``row, dimension, code, score, evidence, matches``.
    """
    if isinstance(hits, pd.DataFrame):
        h = hits
    else:
        columns = list(zip(*hits, strict=True)) if len(hits) else [()] * len(HIT_COLUMNS)
        h = pd.DataFrame(
            {
                name: np.asarray(values, dtype=object if name == "matched" else None)
                for name, values in zip(HIT_COLUMNS, columns, strict=True)
            }
        )
    if offsets is None:
        offsets = np.zeros(int(h["row"].max()) + 1 if len(h) else 0, dtype=np.int64)
    if not len(h):
        return pd.DataFrame({c: [] for c in SCORED_COLUMNS})
    table = pattern_table(rules) if patterns is None else patterns
    h = h.join(table, on="pattern")
    parts = []
    role_hits = h[h["dimension"] == "role"]
    barrier_hits = h[h["dimension"] == "barrier"]
    if len(role_hits):
        roles = _roles(role_hits, offsets)
        parts.append(roles)
        if rules.gap and rules.performed and len(roles):
            cues = h[h["kind"] != CODE_KIND]
            parts.append(_assessments(rules, cues, barrier_hits, roles["row"], offsets))
    if len(barrier_hits):
        # A barrier is a cause given for a gap: a one-word barrier pattern counts only in a
        # segment with a limiting cue ("tidak ada dana"); a phrase ("uang pribadi") on its own.
        limited = h.loc[h["kind"] == "gap", "row"].unique()
        specific = barrier_hits["stems"].str.contains(" ", regex=False)
        barrier_hits = barrier_hits[specific | barrier_hits["row"].isin(limited)]
    if len(barrier_hits):
        parts.append(_barriers(barrier_hits, offsets))
    if not parts:
        return pd.DataFrame({c: [] for c in SCORED_COLUMNS})
    return pd.concat(parts, ignore_index=True)
