"""The framework matrix (Gale et al. 2013): cases x themes, each cell summarised with quotes.

In the framework method the charted matrix has one row per case (an informant), one column per
theme, and in each cell a short summary of that case's data on that theme with references to the
quotes it rests on. Here the summary is computed (segment count, stance, sub-codes) and the
references are segment ids with a truncated quote; the analyst's own summaries can be written
over the ``summary`` column before export (:func:`psm_qual.io.framework.write_framework`).

References
----------
Gale, N. K., Heath, G., Cameron, E., Rashid, S., & Redwood, S. (2013). Using the framework method
for the analysis of qualitative data in multi-disciplinary health research. *BMC Medical Research
Methodology*, 13, 117.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import pandas as pd

from psm_qual.codebook.model import Codebook
from psm_qual.columns import GROUP, INFORMANT, SEGMENT_ID, SOURCE_ID, TEXT
from psm_qual.errors import TriangulationError
from psm_qual.triangulation import columns as tc
from psm_qual.triangulation.evidence import (
    DEFAULT_EXCLUDE,
    DEFAULT_GAP,
    DEFAULT_PERFORMED,
    Unassigned,
    check_choice,
)
from psm_qual.triangulation.matrix import DEFAULT_DOMINANCE, _matrix

__all__ = ["framework_matrix", "framework_table", "truncate"]


def truncate(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis.

    Examples
    --------
    >>> truncate("The clinic is\\ntoo far away.", 16)
    'The clinic is t…'
    """
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: max(limit - 1, 0)] + "…"


def _cell_summary(segments: int, stance: str, subcodes: Sequence[str], theme: str) -> str:
    if segments == 0:
        return ""
    noun = "segment" if segments == 1 else "segments"
    parts = [f"{segments} {noun}", stance]
    if subcodes:
        names = [s[len(theme) + 1 :] if s.startswith(theme + "/") else s for s in subcodes]
        parts.append("sub-codes: " + ", ".join(names))
    return "; ".join(parts)


def framework_matrix(
    codings: pd.DataFrame,
    corpus,
    *,
    case: Literal["informant", "group", "source_id"] = "informant",
    codes: Sequence[str] | None = None,
    codebook: Codebook | None = None,
    performed: str = DEFAULT_PERFORMED,
    gap: str = DEFAULT_GAP,
    exclude: Sequence[str] = DEFAULT_EXCLUDE,
    coder: str | None = None,
    unassigned: Unassigned = "label",
    dominance: float = DEFAULT_DOMINANCE,
    n_quotes: int = 3,
    quote_chars: int = 80,
) -> pd.DataFrame:
    """Framework matrix in long form: one row per theme x case.

    Parameters
    ----------
    case : {"informant", "group", "source_id"}
        What a case is (segments without one count under ``"(none)"`` or are dropped, as
        ``unassigned`` says).
    n_quotes, quote_chars : int
        Quotes referenced per cell (chosen as the matrices' representative segments) and their
        length.
    codes, codebook, performed, gap, exclude, coder, unassigned, dominance
        As for :func:`~psm_qual.triangulation.source_matrix`.

    Returns
    -------
    DataFrame
        Columns :data:`~psm_qual.triangulation.columns.FRAMEWORK_COLUMNS`: ``theme``, ``case``,
        ``segments``, ``performed``, ``gap``, ``stance``, ``subcodes``, ``summary`` (e.g.
        ``"2 segments; gap; sub-codes: access"``, ``""`` for an empty cell) and ``references``
        (tuple of ``(segment_id, truncated quote)``).

    Examples
    --------
    >>> from psm_qual.triangulation.demo import toy_study
    >>> codings, corpus = toy_study()
    >>> fw = framework_matrix(codings, corpus, quote_chars=20)
    >>> fw.loc[0, ["theme", "case", "summary"]].tolist()
    ['health', 'T1', '1 segment; gap; sub-codes: access']
    >>> fw.loc[0, "references"]
    (('I-T1:3', 'The clinic is too f…'),)
    """
    check_choice(case, (INFORMANT, GROUP, SOURCE_ID), "case")
    if n_quotes < 0 or quote_chars < 1:
        raise TriangulationError("n_quotes must be >= 0 and quote_chars >= 1", field="n_quotes")
    matrix = _matrix(
        codings,
        corpus,
        dims=(case,),
        codes=codes,
        codebook=codebook,
        performed=performed,
        gap=gap,
        exclude=exclude,
        coder=coder,
        unassigned=unassigned,
        dominance=dominance,
        k=n_quotes,
    )
    text_of = dict(zip(corpus.segments[SEGMENT_ID], corpus.segments[TEXT], strict=True))
    rows = []
    for cell in matrix.to_dict("records"):
        rows.append(
            {
                tc.THEME: cell[tc.THEME],
                tc.CASE: cell[tc.DATASET],
                tc.SEGMENTS: cell[tc.SEGMENTS],
                tc.PERFORMED: cell[tc.PERFORMED],
                tc.GAP: cell[tc.GAP],
                tc.STANCE: cell[tc.STANCE] if cell[tc.SEGMENTS] else "",
                tc.SUBCODES: cell[tc.SUBCODES],
                tc.SUMMARY: _cell_summary(
                    cell[tc.SEGMENTS], cell[tc.STANCE], cell[tc.SUBCODES], cell[tc.THEME]
                ),
                tc.REFERENCES: tuple(
                    (sid, truncate(text_of.get(sid, ""), quote_chars)) for sid in cell[tc.EXAMPLES]
                ),
            }
        )
    return pd.DataFrame(rows, columns=list(tc.FRAMEWORK_COLUMNS))


def framework_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The framework matrix in wide form: one row per case, one text column per theme.

    Each cell is the summary, then one line per reference: ``[segment_id] quote``. The first
    column is ``case``.

    Examples
    --------
    >>> from psm_qual.triangulation.demo import toy_study
    >>> codings, corpus = toy_study()
    >>> wide = framework_table(framework_matrix(codings, corpus))
    >>> list(wide.columns), wide["case"].tolist()
    (['case', 'health', 'housing'], ['T1', 'T2', 'X1'])
    >>> print(wide.loc[2, "health"])
    1 segment; gap; sub-codes: visits
    [O-X1:1] The officer did not visit the clinic.
    """
    missing = [c for c in (tc.THEME, tc.CASE, tc.SUMMARY, tc.REFERENCES) if c not in frame]
    if missing:
        raise TriangulationError(f"not a framework matrix: lacks {missing}", field="frame")
    texts = frame.assign(
        _cell=[
            "\n".join([summary, *(f"[{sid}] {quote}" for sid, quote in refs)]).strip()
            for summary, refs in zip(frame[tc.SUMMARY], frame[tc.REFERENCES], strict=True)
        ]
    )
    themes = list(dict.fromkeys(frame[tc.THEME]))
    cases = list(dict.fromkeys(frame[tc.CASE]))
    wide = texts.pivot(index=tc.CASE, columns=tc.THEME, values="_cell")
    wide = wide.reindex(index=cases, columns=themes).fillna("")
    wide.columns.name = None
    return wide.reset_index()
