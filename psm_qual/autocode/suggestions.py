"""Suggestions a researcher reviews, and the codings they become.

:func:`suggest` proposes, for each segment, one role (or sub-code), one assessment and any
barriers, each with a score and its evidence. :func:`accept` turns the rows a researcher keeps
into codings under the researcher's name; :func:`reject` drops rows. :func:`autocode` accepts
every suggestion under ``coder="auto:<method>"``, so the auto-coder can be compared with human
coders like any other coder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from psm_qual.autocode.rules import Engine, RuleSet, compile_rules, hit_table
from psm_qual.autocode.scoring import pattern_table, paused_gc, score_hits
from psm_qual.codebook.model import Codebook
from psm_qual.columns import (
    CODE,
    CODER,
    CODING_COLUMNS,
    CREATED_AT,
    END,
    MEMO,
    SEGMENT_ID,
    SOURCE_ID,
    START,
    TEXT,
)
from psm_qual.corpus import Corpus
from psm_qual.errors import AutocodeError

if TYPE_CHECKING:
    from psm_qual.autocode.learned import TrainedCoder

__all__ = [
    "SUGGESTION_ID",
    "DIMENSION",
    "SCORE",
    "EVIDENCE",
    "MATCHES",
    "SUGGESTION_COLUMNS",
    "METHODS",
    "suggest",
    "accept",
    "reject",
    "autocode",
    "coded_units",
]

SUGGESTION_ID = "suggestion_id"
DIMENSION = "dimension"  # "role", "assessment" or "barrier"
SCORE = "score"  # 0..1; rules: see psm_qual.autocode.scoring; model: calibrated probability
EVIDENCE = "evidence"  # readable: "'didampingi' ~ 'damping' (initiator/case-handling)"
MATCHES = "matches"  # structured: tuple of dicts (code, pattern, language, stems, matched,
#                      start, end, weight); start/end are offsets into the source body
SUGGESTION_COLUMNS = (
    SUGGESTION_ID,
    SEGMENT_ID,
    SOURCE_ID,
    START,
    END,
    DIMENSION,
    CODE,
    SCORE,
    EVIDENCE,
    MATCHES,
    TEXT,
)
METHODS = ("rules", "model")
Method = Literal["rules", "model"]


def coded_units(corpus: Corpus | pd.DataFrame) -> pd.DataFrame:
    """The segments to code: a corpus's informant segments, or a segments frame as given."""
    segments = corpus.coded_segments if isinstance(corpus, Corpus) else corpus
    missing = [c for c in (SEGMENT_ID, SOURCE_ID, START, END, TEXT) if c not in segments.columns]
    if missing:
        raise AutocodeError(f"segments lack columns {missing}", field="corpus")
    return segments.reset_index(drop=True)


def _empty() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in SUGGESTION_COLUMNS})
    frame[START] = frame[START].astype("int64")
    frame[END] = frame[END].astype("int64")
    frame[SCORE] = frame[SCORE].astype(float)
    return frame


def _frame(rows: list[tuple]) -> pd.DataFrame:
    if not rows:
        return _empty()
    frame = pd.DataFrame(rows, columns=list(SUGGESTION_COLUMNS))
    frame[START] = frame[START].astype("int64")
    frame[END] = frame[END].astype("int64")
    frame[SCORE] = frame[SCORE].astype(float)
    return frame


def _objects(values: list) -> np.ndarray:
    """A list as a 1-d object array (each item one element, tuples included)."""
    return np.fromiter(values, dtype=object, count=len(values))


def _rule_suggestions(
    rules: RuleSet,
    segments: pd.DataFrame,
    *,
    batch_size: int | None,
    engine: Engine,
    progress: Callable[[int], object] | None,
) -> pd.DataFrame:
    with paused_gc():
        hits = hit_table(rules, segments, batch_size=batch_size, engine=engine, progress=progress)
        offsets = segments[START].astype("int64").to_numpy()
        texts = segments[TEXT].astype(str).tolist()
        table = pattern_table(rules)
        scored = score_hits(rules, hits, offsets=offsets, patterns=table, texts=texts)
        if not len(scored):
            return _empty()
        # Sorted by segment, dimension (role, assessment, barrier), code.
        dimension = scored["dimension"].to_numpy()
        code = scored[CODE].to_numpy()
        rank = np.select([dimension == "role", dimension == "assessment"], [0, 1], 2)
        code_rank = np.unique(code, return_inverse=True)[1].reshape(-1)
        order = np.lexsort((code_rank, rank, scored["row"].to_numpy()))
        rows = scored["row"].to_numpy()[order]
        code = code[order]
        ids = _objects(segments[SEGMENT_ID].astype(str).tolist())[rows]
        frame = pd.DataFrame(
            {
                SUGGESTION_ID: _objects(
                    [f"{i}#{c}" for i, c in zip(ids.tolist(), code.tolist(), strict=True)]
                ),
                SEGMENT_ID: ids,
                SOURCE_ID: _objects(segments[SOURCE_ID].astype(str).tolist())[rows],
                START: offsets[rows],
                END: segments[END].astype("int64").to_numpy()[rows],
                DIMENSION: dimension[order],
                CODE: code,
                SCORE: scored["score"].to_numpy(dtype=float)[order],
                EVIDENCE: scored["evidence"].to_numpy()[order],
                MATCHES: scored["matches"].to_numpy()[order],
                TEXT: _objects(texts)[rows],
            }
        )
    return frame


def suggest(
    corpus: Corpus | pd.DataFrame,
    codebook: Codebook | RuleSet,
    *,
    method: Method = "rules",
    model: TrainedCoder | None = None,
    batch_size: int | None = None,
    engine: Engine = "numpy",
    progress: Callable[[int], object] | None = None,
) -> pd.DataFrame:
    """Suggest codes for every coded segment, with scores and evidence.

    Parameters
    ----------
    corpus : Corpus or DataFrame
        A corpus (its informant segments are coded) or a segments frame (``segment_id,
        source_id, start, end, text`` and optionally ``language``).
    codebook : Codebook or RuleSet
        The codebook (compiled with :func:`~psm_qual.autocode.rules.compile_rules` defaults),
        or rules compiled beforehand.
    method : {"rules", "model"}
        Pattern rules, or a trained model (``model`` from
        :func:`~psm_qual.autocode.learned.train_coder`).
    model : TrainedCoder, optional
        Required with ``method="model"``.
    batch_size : int, optional
        Segments matched together (default: see
        :func:`~psm_qual.autocode.rules.match_segments`).
    engine : {"numpy", "phrasematcher"}
        How patterns are matched (same hits; see
        :func:`~psm_qual.autocode.rules.match_segments`).
    progress : callable, optional
        Called with the number of segments done after each batch (e.g. ``tqdm(...).update``).

    Returns
    -------
    DataFrame
        Columns :data:`SUGGESTION_COLUMNS`: ``suggestion_id`` (``"{segment_id}#{code}"``),
        ``segment_id, source_id, start, end`` (the segment's span), ``dimension`` (``role``,
        ``assessment``, ``barrier``), ``code``, ``score`` (0-1), ``evidence`` (readable),
        ``matches`` (structured evidence, offsets into the source body), ``text``.
        Segments with no role hit get no role and no assessment.

    Raises
    ------
    AutocodeError
        Unknown method, a missing model, or segments lacking columns.

    Examples
    --------
    >>> import pandas as pd
    >>> from psm_qual.codebook import Code, Codebook
    >>> cb = Codebook("demo", {"en": "Demo"}, "1", (
    ...     Code("helper", patterns={"id": ("damping",)}),
    ...     Code("assessment", codable=False), Code("assessment/gap"),
    ...     Code("assessment/performed")))
    >>> segments = pd.DataFrame({"segment_id": ["S:1", "S:2"], "source_id": "S",
    ...     "start": [0, 30], "end": [29, 50], "language": "id",
    ...     "text": ["Saya belum mendampingi warga.", "Hujan turun."]})
    >>> table = suggest(segments, cb)
    >>> table[["segment_id", "code", "score"]]
      segment_id            code   score
    0        S:1          helper  0.6667
    1        S:1  assessment/gap  0.8000
    >>> table.loc[0, "evidence"]
    "'mendampingi' ~ 'damping' (helper)"
    """
    if method not in METHODS:
        raise AutocodeError(
            f"unknown method {method!r}; choose one of {', '.join(METHODS)}", field="method"
        )
    segments = coded_units(corpus)
    if method == "model":
        if model is None:
            raise AutocodeError("method='model' needs a trained model", field="model")
        return model.suggest(segments, progress=progress)
    rules = codebook if isinstance(codebook, RuleSet) else compile_rules(codebook)
    return _rule_suggestions(
        rules, segments, batch_size=batch_size, engine=engine, progress=progress
    )


def _select(suggestions: pd.DataFrame, ids: Iterable[str] | None) -> pd.Series:
    if ids is None:
        return pd.Series(True, index=suggestions.index)
    wanted = {str(i) for i in ([ids] if isinstance(ids, str) else ids)}
    known = set(suggestions[SUGGESTION_ID]) | set(suggestions[SEGMENT_ID])
    unknown = sorted(wanted - known)
    if unknown:
        raise AutocodeError(f"no suggestion or segment {unknown[0]!r}", field="ids")
    return suggestions[SUGGESTION_ID].isin(wanted) | suggestions[SEGMENT_ID].isin(wanted)


def accept(
    suggestions: pd.DataFrame,
    *,
    coder: str,
    ids: Sequence[str] | str | None = None,
    created_at: str = "",
) -> pd.DataFrame:
    """Turn suggestions into codings under ``coder``'s name.

    Parameters
    ----------
    suggestions : DataFrame
        From :func:`suggest` (possibly filtered).
    coder : str
        Who takes responsibility for the codings (the researcher, or ``"auto:rules"``).
    ids : str or sequence of str, optional
        Suggestion ids (``"S:1#helper"``) or segment ids (all suggestions of the segment) to
        accept; default all.
    created_at : str
        Timestamp written in every row (``""`` keeps output reproducible).

    Returns
    -------
    DataFrame
        Codings (contract 4): one row per accepted suggestion spanning its segment; ``memo``
        holds the score and the evidence.

    Raises
    ------
    AutocodeError
        Empty coder, or an id that is neither a suggestion nor a segment.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"suggestion_id": ["S:1#a", "S:1#b"], "segment_id": "S:1",
    ...     "source_id": "S", "start": 0, "end": 9, "dimension": "role", "code": ["a", "b"],
    ...     "score": [0.9, 0.4], "evidence": ["'x' ~ 'x' (a)", "'y' ~ 'y' (b)"]})
    >>> accept(table, coder="Rina", ids=["S:1#a"])[["source_id", "start", "end", "code", "coder"]]
      source_id  start  end code coder
    0         S      0    9    a  Rina
    """
    if not str(coder).strip():
        raise AutocodeError("coder must name who accepts the suggestions", field="coder")
    chosen = suggestions[_select(suggestions, ids)]
    memo = [f"score {s:.2f}: {e}" for s, e in zip(chosen[SCORE], chosen[EVIDENCE], strict=True)]
    codings = pd.DataFrame(
        {
            SOURCE_ID: chosen[SOURCE_ID].astype(str).to_numpy(),
            START: chosen[START].astype("int64").to_numpy(),
            END: chosen[END].astype("int64").to_numpy(),
            CODE: chosen[CODE].astype(str).to_numpy(),
            CODER: str(coder).strip(),
            MEMO: memo,
            CREATED_AT: created_at,
        },
        columns=list(CODING_COLUMNS),
    )
    codings[START] = codings[START].astype("int64")
    codings[END] = codings[END].astype("int64")
    return codings.reset_index(drop=True)


def reject(suggestions: pd.DataFrame, ids: Sequence[str] | str) -> pd.DataFrame:
    """The suggestions without the rejected ones (suggestion ids or whole segments).

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"suggestion_id": ["S:1#a", "S:2#a"], "segment_id": ["S:1", "S:2"]})
    >>> reject(table, "S:1")["suggestion_id"].tolist()
    ['S:2#a']
    """
    return suggestions[~_select(suggestions, ids)].reset_index(drop=True)


def autocode(
    corpus: Corpus | pd.DataFrame,
    codebook: Codebook | RuleSet,
    *,
    method: Method = "rules",
    model: TrainedCoder | None = None,
    coder: str | None = None,
    min_score: float = 0.0,
    progress: Callable[[int], object] | None = None,
) -> pd.DataFrame:
    """Code every segment automatically: all suggestions accepted under an ``auto:`` coder.

    Parameters
    ----------
    corpus, codebook, method, model, progress
        As for :func:`suggest`.
    coder : str, optional
        Default ``"auto:rules"`` or ``"auto:model"``.
    min_score : float
        Drop suggestions scoring below this.

    Returns
    -------
    DataFrame
        Codings (contract 4), one row per (segment, code); memo = score and evidence.

    Examples
    --------
    >>> import pandas as pd
    >>> from psm_qual.codebook import Code, Codebook
    >>> cb = Codebook("demo", {"en": "Demo"}, "1", (Code("helper", patterns={"id": ("damping",)}),))
    >>> segments = pd.DataFrame({"segment_id": ["S:1"], "source_id": "S", "start": [0],
    ...     "end": [22], "text": ["Saya mendampingi warga"]})
    >>> autocode(segments, cb)[["source_id", "start", "end", "code", "coder"]]
      source_id  start  end    code       coder
    0         S      0   22  helper  auto:rules
    """
    table = suggest(corpus, codebook, method=method, model=model, progress=progress)
    table = table[table[SCORE] >= min_score]
    return accept(table, coder=coder or f"auto:{method}")
