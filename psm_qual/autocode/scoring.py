"""From hits to suggestions: one role, one assessment and any barriers per segment, with scores.

The rules, in the order they are applied to one segment:

1. **Role.** Every hit of a role pattern adds the pattern's weight to its code (words in the
   pattern divided by the number of roles sharing it; a repeated pattern adds half). A top-level
   role scores the sum over itself and its sub-codes; the strongest role wins (ties: codebook
   order), and within it the strongest sub-code that was hit (the role itself when only its own
   patterns hit). Score: ``best / (sum over roles + 0.5)`` — high when one role dominates.
   No hit, no role.
2. **Assessment** (only for a segment given a role, and only when the codebook has the
   assessment codes). Cues in the segment are resolved longest-first ("tidak hanya" overrides
   "tidak" and "hanya"; "tidak mampu" is neutral); gap weights plus 0.5 for each barrier hit are
   compared with performed weights: ``assessment/gap`` when gap > performed, else
   ``assessment/performed`` (a description of the work with no limiting cue is the work done).
   Score: ``0.5 + 0.5 * |gap - performed| / (gap + performed + 1)``.
3. **Barriers.** Each barrier code whose patterns hit, score ``1 - exp(-weight)``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence

from psm_qual.autocode.rules import CODE_KIND, Hit, Pattern, RuleSet
from psm_qual.codebook.model import SEPARATOR

__all__ = ["score_segment", "Suggestion"]

Suggestion = tuple[str, str, float, str, tuple[dict, ...]]
"""(dimension, code, score, evidence, matches) for one segment."""


def _match_record(pattern: Pattern, hit) -> dict:
    return {
        "code": pattern.code or pattern.kind,
        "pattern": pattern.text,
        "language": pattern.language,
        "stems": " ".join(pattern.stems),
        "matched": hit.matched,
        "start": int(hit.char_start),
        "end": int(hit.char_end),
        "weight": float(pattern.weight),
    }


def _describe(records: list[dict], *, cue: bool = False) -> str:
    parts = []
    for r in records:
        label = f"{r['code']} cue" if cue else r["code"]
        parts.append(f"'{r['matched']}' ~ '{r['pattern']}' ({label})")
    return "; ".join(parts)


def _code_weights(records: list[tuple[Pattern, object]]) -> dict[str, float]:
    weights: dict[str, float] = defaultdict(float)
    seen: set[int] = set()
    for pattern, _ in records:
        key = id(pattern)
        weights[pattern.code] += pattern.weight * (0.5 if key in seen else 1.0)
        seen.add(key)
    return weights


def _resolve_cues(cues: list[tuple[Pattern, object]]) -> list[tuple[Pattern, object]]:
    """Longest cues first; a cue overlapping a kept one is dropped."""
    ordered = sorted(cues, key=lambda c: (-(c[1].token_end - c[1].token_start), c[1].token_start))
    taken: list[tuple[int, int]] = []
    kept = []
    for pattern, hit in ordered:
        span = (hit.token_start, hit.token_end)
        if any(span[0] < end and start < span[1] for start, end in taken):
            continue
        taken.append(span)
        kept.append((pattern, hit))
    return sorted(kept, key=lambda c: c[1].token_start)


def score_segment(
    rules: RuleSet, hits: Sequence[Hit], order: Mapping[str, int]
) -> list[Suggestion]:
    """The suggestions for one segment from its hits (see :func:`~psm_qual.autocode.rules.iter_hits`).

    ``order`` maps code ids to their position in the codebook (ties go to the earlier code).
    """
    patterns = rules.patterns
    roles, barriers, cues = [], [], []
    for hit in hits:
        pattern = patterns[hit.pattern]
        if pattern.kind != CODE_KIND:
            cues.append((pattern, hit))
            continue
        dimension = rules.dimension(pattern.code)
        if dimension == "role":
            roles.append((pattern, hit))
        elif dimension == "barrier":
            barriers.append((pattern, hit))
    out: list[Suggestion] = []
    if roles:
        weights = _code_weights(roles)
        by_root: dict[str, float] = defaultdict(float)
        for code, weight in weights.items():
            by_root[code.split(SEPARATOR, 1)[0]] += weight
        root = min(by_root, key=lambda r: (-by_root[r], order.get(r, 0)))
        candidates = [
            c for c in weights
            if c.split(SEPARATOR, 1)[0] == root and rules.codebook[c].codable
        ]
        below = [c for c in candidates if c != root]
        pool = below or candidates
        if pool:
            code = min(pool, key=lambda c: (-weights[c], order.get(c, 0)))
            score = by_root[root] / (sum(by_root.values()) + 0.5)
            support = [
                _match_record(p, h) for p, h in roles if p.code.split(SEPARATOR, 1)[0] == root
            ]
            out.append(("role", code, round(score, 4), _describe(support), tuple(support)))
            if rules.gap and rules.performed:
                out.append(_assessment(rules, cues, barriers))
    for code, weight in _code_weights(barriers).items():
        support = [_match_record(p, h) for p, h in barriers if p.code == code]
        score = 1.0 - math.exp(-weight)
        out.append(("barrier", code, round(score, 4), _describe(support), tuple(support)))
    return out


def _assessment(rules: RuleSet, cues, barriers) -> Suggestion:
    kept = _resolve_cues(cues)
    gap = sum(p.weight for p, _ in kept if p.kind == "gap") + 0.5 * len(barriers)
    performed = sum(p.weight for p, _ in kept if p.kind == "performed")
    code = rules.gap if gap > performed else rules.performed
    score = 0.5 + 0.5 * abs(gap - performed) / (gap + performed + 1.0)
    records = [_match_record(p, h) for p, h in kept if p.kind != "neutral"]
    evidence = _describe(records, cue=True)
    if barriers:
        evidence = "; ".join(filter(None, [evidence, f"{len(barriers)} barrier hit(s)"]))
    if not evidence:
        evidence = "no limiting cue: the role described as carried out"
    return ("assessment", code, round(score, 4), evidence, tuple(records))  # type: ignore[return-value]
