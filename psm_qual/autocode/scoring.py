"""From hits to suggestions: one role, one assessment and any barriers per segment, with scores.

The rules, applied to every segment at once (numpy over the hits, codes as integer ids; Python
only builds the evidence of the hits behind kept suggestions):

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

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

from psm_qual.autocode.rules import CODE_KIND, HIT_COLUMNS, Hit, RuleSet
from psm_qual.codebook.model import SEPARATOR
from psm_qual.errors import AutocodeError

__all__ = [
    "score_hits",
    "pattern_table",
    "pattern_multipliers",
    "paused_gc",
    "SCORED_COLUMNS",
]

SCORED_COLUMNS = ("row", "dimension", "code", "score", "evidence", "matches")
_NO_CUE = "no limiting cue: the role described as carried out"
# The least total weight of the winning role for a segment to get a role: one everyday word
# ("anak", "acara", down-weighted in pattern_weights.tsv) is not enough on its own.
MIN_ROLE_WEIGHT = 0.5
_WEIGHTS_FILE = "psm_qual/data/autocode/pattern_weights.tsv"


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (restored on exit, nesting allowed).

    Building the evidence of many hits creates hundreds of thousands of tuples and lists, and
    each few hundred of them start a collection that walks every tracked object of the process
    (a third of the scoring time in profiling). No reference cycles are made in between, so
    reference counting frees everything as usual.

    Examples
    --------
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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


class _Patterns:
    """:func:`pattern_table` as arrays indexed by pattern number (codes as integer ids)."""

    def __init__(self, table: pd.DataFrame) -> None:
        codes = table["code"].astype(str).to_numpy()
        roots = table["root"].astype(str).to_numpy()
        names, inverse = np.unique(np.concatenate([codes, roots]), return_inverse=True)
        n = len(table)
        self.names = names.astype(object)
        self.code = inverse[:n].astype(np.int64)
        self.root = inverse[n:].astype(np.int64)
        kind = table["kind"].astype(str).to_numpy()
        dimension = table["dimension"].astype(str).to_numpy()
        self.is_code = kind == CODE_KIND
        self.is_gap = kind == "gap"
        self.is_neutral = kind == "neutral"
        self.is_role = dimension == "role"
        self.is_barrier = dimension == "barrier"
        self.weight = table["weight"].to_numpy(dtype=float)
        self.codable = table["codable"].to_numpy(dtype=bool)
        self.order = table["order"].to_numpy(dtype=np.int64)
        self.root_order = table["root_order"].to_numpy(dtype=np.int64)
        self.multiword = table["stems"].str.contains(" ", regex=False).to_numpy(dtype=bool)
        label = np.where(codes != "", codes, kind).tolist()
        name = np.where(codes != "", codes, np.char.add(kind.astype(str), " cue")).tolist()
        text = table["text"].tolist()
        language = table["language"].tolist()
        stems = table["stems"].tolist()
        weight = [float(w) for w in self.weight]
        # What a readable label adds after the matched words, and the fixed part of a record.
        self.suffix = [f"' ~ '{t}' ({m})" for t, m in zip(text, name, strict=True)]
        self.record = [
            {
                "code": c,
                "pattern": x,
                "language": lang,
                "stems": st,
                "matched": "",
                "start": 0,
                "end": 0,
                "weight": w,
            }
            for c, x, lang, st, w in zip(label, text, language, stems, weight, strict=True)
        ]
        # Per code id: whether codable and its codebook order (the first pattern of the code).
        self.code_codable = np.zeros(len(names), dtype=bool)
        self.code_order = np.zeros(len(names), dtype=np.int64)
        self.code_root = np.arange(len(names), dtype=np.int64)
        self.code_root_order = np.zeros(len(names), dtype=np.int64)
        first = np.unique(self.code[::-1], return_index=True)
        at = n - 1 - first[1]
        self.code_codable[first[0]] = self.codable[at]
        self.code_order[first[0]] = self.order[at]
        self.code_root[first[0]] = self.root[at]
        self.code_root_order[first[0]] = self.root_order[at]


class _Hits:
    """The hits as arrays (one entry per hit, in the order given).

    The matched words come from the ``matched`` column, else are cut from ``texts`` (by row)
    only for the hits shown as evidence.
    """

    def __init__(self, h: pd.DataFrame, texts: Sequence[str] | None) -> None:
        self.row = h["row"].to_numpy()
        self.pattern = h["pattern"].to_numpy().astype(np.int64)
        self.char_start = h["char_start"].to_numpy()
        self.char_end = h["char_end"].to_numpy()
        self.matched = h["matched"].to_numpy() if "matched" in h.columns else None
        self.texts = texts
        self.token_start = h["token_start"].to_numpy()
        self.token_end = h["token_end"].to_numpy()

    def words(self, at: np.ndarray) -> list[str]:
        """The matched words of the hits ``at``."""
        if self.matched is not None:
            return self.matched[at].tolist()
        texts = self.texts
        return [
            texts[r][a:b]  # type: ignore[index]
            for r, a, b in zip(
                self.row[at].tolist(),
                self.char_start[at].tolist(),
                self.char_end[at].tolist(),
                strict=True,
            )
        ]


def _firsts(*keys: np.ndarray) -> np.ndarray:
    """Where a run of equal keys starts (keys sorted together)."""
    n = len(keys[0])
    change = np.zeros(n, dtype=bool)
    if n:
        change[0] = True
    for key in keys:
        change[1:] |= key[1:] != key[:-1]
    return change


def _group_sum(values: np.ndarray, groups: np.ndarray, n: int) -> np.ndarray:
    """Per group ``0..n-1``, the sum of ``values`` in their order (pandas' compensated sum, as a
    ``groupby().sum()`` gives)."""
    if not len(values):
        return np.zeros(n)
    out = pd.Series(values).groupby(groups).sum()
    return out.reindex(range(n), fill_value=0.0).to_numpy()


def _repeat_factor(hits: _Hits, at: np.ndarray) -> np.ndarray:
    """0.5 for a hit of a pattern already hit earlier in the same segment, else 1."""
    row, pattern = hits.row[at], hits.pattern[at]
    order = np.lexsort((np.arange(len(at)), pattern, row))
    first = np.empty(len(at), dtype=bool)
    first[order] = _firsts(row[order], pattern[order])
    return np.where(first, 1.0, 0.5)


def _evidence(
    t: _Patterns, hits: _Hits, offsets: np.ndarray, at: np.ndarray, bounds: np.ndarray
) -> tuple[list[str], list[tuple]]:
    """Readable and structured evidence of the hits ``at`` (in groups ``at[bounds[i]:bounds[i+1]]``)."""
    pattern = hits.pattern[at].tolist()
    matched = hits.words(at)
    shift = offsets[hits.row[at]]
    starts = (hits.char_start[at] + shift).tolist()
    ends = (hits.char_end[at] + shift).tolist()
    suffix, record = t.suffix, t.record
    labels = [f"'{m}{suffix[p]}" for p, m in zip(pattern, matched, strict=True)]
    records = []
    append = records.append
    for p, m, a, b in zip(pattern, matched, starts, ends, strict=True):
        one = record[p].copy()  # keys in order, filled in below
        one["matched"], one["start"], one["end"] = m, a, b
        append(one)
    pairs = list(zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True))
    return ["; ".join(labels[a:b]) for a, b in pairs], [tuple(records[a:b]) for a, b in pairs]


def _objects(values: list) -> np.ndarray:
    """A list as a 1-d object array (each item one element, tuples included)."""
    return np.fromiter(values, dtype=object, count=len(values))


def _part(row, dimension: str, code, score, evidence, matches) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "row": np.asarray(row),
            "dimension": dimension,
            "code": pd.Series(np.asarray(code, dtype=object), dtype=object),
            "score": np.asarray(score, dtype=float),
            "evidence": pd.Series(_objects(evidence), dtype=object),
            "matches": pd.Series(_objects(matches), dtype=object),
        }
    )
    return frame[list(SCORED_COLUMNS)]


def _roles(t: _Patterns, hits: _Hits, offsets: np.ndarray) -> pd.DataFrame:
    at = np.flatnonzero(t.is_role[hits.pattern])
    pattern = hits.pattern[at]
    row, code, root = hits.row[at], t.code[pattern], t.root[pattern]
    start, end = hits.token_start[at], hits.token_end[at]
    # The same words matched by a role and by its sub-code ("lapor" under administrator and
    # administrator/reporting) count once, for the sub-code (else the lowest codebook order).
    own = code == root
    order = np.lexsort((np.arange(len(at)), t.order[pattern], own, end, start, root, row))
    keep = np.sort(order[_firsts(row[order], root[order], start[order], end[order])])
    at = at[keep]
    pattern, row, code, root = pattern[keep], row[keep], code[keep], root[keep]
    w = t.weight[pattern] * _repeat_factor(hits, at)
    # Per (segment, code) and per (segment, role), groups in order of first appearance.
    width = len(t.names)
    by_code, code_key = pd.factorize(row.astype(np.int64) * width + code)
    code_w = _group_sum(w, by_code, len(code_key))
    g_row, g_code = code_key // width, code_key % width
    g_root = t.code_root[g_code]
    by_root, root_key = pd.factorize(g_row * width + g_root)
    root_w = _group_sum(code_w, by_root, len(root_key))
    r_row, r_root = root_key // width, root_key % width
    total_rows, total_at = np.unique(r_row, return_inverse=True)
    total = _group_sum(root_w, total_at, len(total_rows))
    order = np.lexsort((t.code_root_order[r_root], -root_w, r_row))
    best = order[_firsts(r_row[order])]
    best = best[root_w[best] >= MIN_ROLE_WEIGHT - 1e-9]
    if not len(best):
        return pd.DataFrame({c: [] for c in SCORED_COLUMNS})
    best_row, best_root = r_row[best], r_root[best]  # ascending rows
    score = np.round(root_w[best] / (total[np.searchsorted(total_rows, best_row)] + 0.5), 4)
    # Within the winning role: the strongest codable sub-code hit, else the role itself.
    where = np.minimum(np.searchsorted(best_row, g_row), len(best_row) - 1)
    candidate = np.flatnonzero(
        (best_row[where] == g_row) & (best_root[where] == g_root) & t.code_codable[g_code]
    )
    c_row, c_code = g_row[candidate], g_code[candidate]
    order = np.lexsort(
        (t.code_order[c_code], -code_w[candidate], c_code == t.code_root[c_code], c_row)
    )
    chosen = order[_firsts(c_row[order])]
    chosen_row, chosen_code = c_row[chosen], c_code[chosen]
    score = score[np.searchsorted(best_row, chosen_row)]
    chosen_root = t.code_root[chosen_code]
    # Evidence: every counted hit of the chosen role in the segment.
    where = np.minimum(np.searchsorted(chosen_row, row), max(len(chosen_row) - 1, 0))
    support = (
        np.flatnonzero((chosen_row[where] == row) & (chosen_root[where] == root))
        if len(chosen_row)
        else np.zeros(0, dtype=np.int64)
    )
    support = support[np.argsort(row[support], kind="stable")]
    bounds = np.append(np.flatnonzero(_firsts(row[support])), len(support))
    evidence, matches = _evidence(t, hits, offsets, at[support], bounds)
    return _part(chosen_row, "role", t.names[chosen_code], score, evidence, matches)


def _resolve_cues(hits: _Hits, at: np.ndarray) -> np.ndarray:
    """Per segment, longest cues first; a cue overlapping a kept one is dropped (positions)."""
    if not len(at):
        return at
    row, start, end = hits.row[at], hits.token_start[at], hits.token_end[at]
    # Segments where no two cues overlap keep all their cues; the others are resolved in Python.
    span = int(end.max()) + 1
    order = np.lexsort((end, start, row))
    lo = start[order] + row[order].astype(np.int64) * span
    hi = end[order] + row[order].astype(np.int64) * span
    reach = np.maximum.accumulate(hi)
    clash = np.zeros(len(at), dtype=bool)
    clash[1:] = lo[1:] < reach[:-1]
    clashing_rows = np.unique(row[order][clash])
    if not len(clashing_rows):
        return at
    involved = np.isin(row, clashing_rows)
    keep = ~involved
    sub = np.flatnonzero(involved)
    ordered = sub[np.lexsort((start[sub], start[sub] - end[sub], row[sub]))]
    # Every overlapping pair (i before j in that order) within a segment; then, round by round,
    # a cue overlapping a kept earlier one is dropped, and one with no undecided earlier
    # neighbour left is kept: the same choice as taking them one by one in that order.
    n = len(ordered)
    s, e = start[ordered], end[ordered]
    firsts = np.flatnonzero(_firsts(row[ordered]))
    sizes = np.diff(np.append(firsts, n))
    count = np.repeat(firsts + sizes, sizes) - np.arange(n) - 1
    i = np.repeat(np.arange(n), count)
    j = i + 1 + np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    overlap = (s[i] < e[j]) & (s[j] < e[i])
    i, j = i[overlap], j[overlap]
    state = np.zeros(n, dtype=np.int8)  # 0 undecided, 1 kept, -1 dropped
    while (state == 0).any():
        blocked = np.zeros(n, dtype=bool)
        blocked[j[state[i] == 1]] = True
        state[(state == 0) & blocked] = -1
        waiting = np.zeros(n, dtype=bool)
        waiting[j[state[i] == 0]] = True
        state[(state == 0) & ~waiting] = 1
    keep[ordered[state == 1]] = True
    return at[keep]


def _assessments(
    rules: RuleSet,
    t: _Patterns,
    hits: _Hits,
    rows: np.ndarray,
    barrier_at: np.ndarray,
    offsets: np.ndarray,
) -> pd.DataFrame:
    """``rows``: the segments given a role (ascending)."""
    cue = np.flatnonzero(~t.is_code[hits.pattern])
    cue = cue[np.isin(hits.row[cue], rows)]
    cue = _resolve_cues(hits, cue)
    signed = cue[~t.is_neutral[hits.pattern[cue]]]
    s_row = np.searchsorted(rows, hits.row[signed])
    s_gap = t.is_gap[hits.pattern[signed]]
    weight = t.weight[hits.pattern[signed]]
    gap = _group_sum(weight[s_gap], s_row[s_gap], len(rows))
    performed = _group_sum(weight[~s_gap], s_row[~s_gap], len(rows))
    b_row = hits.row[barrier_at]
    b_row = b_row[np.isin(b_row, rows)]
    blocks = np.bincount(np.searchsorted(rows, b_row), minlength=len(rows))
    g = gap + np.where(gap > 0, 0.5, 0.0) * blocks
    p = performed
    code = np.where(g > p, rules.gap, rules.performed)
    score = np.round(0.5 + 0.5 * np.abs(g - p) / (g + p + 1.0), 4)
    signed = signed[np.argsort(s_row, kind="stable")]
    s_row = np.sort(s_row, kind="stable")
    firsts = np.flatnonzero(_firsts(s_row))
    bounds = np.append(firsts, len(signed))
    texts, records = _evidence(t, hits, offsets, signed, bounds)
    evidence = [""] * len(rows)
    matches: list[tuple] = [()] * len(rows)
    for i, text, found in zip(s_row[firsts].tolist(), texts, records, strict=True):
        evidence[i], matches[i] = text, found
    for i in np.flatnonzero(blocks).tolist():
        note = f"{blocks[i]} barrier hit(s)"
        evidence[i] = f"{evidence[i]}; {note}" if evidence[i] else note
    evidence = [e or _NO_CUE for e in evidence]
    return _part(rows, "assessment", code, score, evidence, matches)


def _barriers(t: _Patterns, hits: _Hits, at: np.ndarray, offsets: np.ndarray) -> pd.DataFrame:
    w = t.weight[hits.pattern[at]] * _repeat_factor(hits, at)
    row, code = hits.row[at], t.code[hits.pattern[at]]
    width = len(t.names)
    group, key = pd.factorize(row.astype(np.int64) * width + code)
    total = _group_sum(w, group, len(key))
    score = np.round(1.0 - np.exp(-total), 4)
    order = np.argsort(group, kind="stable")
    bounds = np.append(np.flatnonzero(_firsts(group[order])), len(order))
    evidence, matches = _evidence(t, hits, offsets, at[order], bounds)
    return _part(key // width, "barrier", t.names[key % width], score, evidence, matches)


def score_hits(
    rules: RuleSet,
    hits: Sequence[Hit] | pd.DataFrame,
    *,
    offsets: np.ndarray | None = None,
    patterns: pd.DataFrame | None = None,
    texts: Sequence[str] | None = None,
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
    texts : sequence of str, optional
        The segments' texts by row: needed when ``hits`` has no ``matched`` column (the
        matched words are then cut from the texts only for the hits shown as evidence).

    Returns
    -------
    DataFrame
        Columns :data:`SCORED_COLUMNS`: ``row, dimension, code, score, evidence, matches``.

    Raises
    ------
    AutocodeError
        When ``hits`` has no ``matched`` column and no ``texts`` are given.
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
    if "matched" not in h.columns and texts is None:
        raise AutocodeError("hits without a 'matched' column need the texts", field="texts")
    table = pattern_table(rules) if patterns is None else patterns
    with paused_gc():
        return _score(rules, _Patterns(table), _Hits(h, texts), offsets)


def _score(rules: RuleSet, t: _Patterns, arrays: _Hits, offsets: np.ndarray) -> pd.DataFrame:
    parts = []
    barrier_at = np.flatnonzero(t.is_barrier[arrays.pattern])
    if t.is_role[arrays.pattern].any():
        roles = _roles(t, arrays, offsets)
        parts.append(roles)
        if rules.gap and rules.performed and len(roles):
            rows = roles["row"].to_numpy()
            parts.append(_assessments(rules, t, arrays, rows, barrier_at, offsets))
    if len(barrier_at):
        # A barrier is a cause given for a gap: a one-word barrier pattern counts only in a
        # segment with a limiting cue ("tidak ada dana"); a phrase ("uang pribadi") on its own.
        limited = np.unique(arrays.row[t.is_gap[arrays.pattern]])
        specific = t.multiword[arrays.pattern[barrier_at]]
        barrier_at = barrier_at[specific | np.isin(arrays.row[barrier_at], limited)]
    if len(barrier_at):
        parts.append(_barriers(t, arrays, barrier_at, offsets))
    if not parts:
        return pd.DataFrame({c: [] for c in SCORED_COLUMNS})
    return pd.concat(parts, ignore_index=True)
