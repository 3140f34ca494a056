"""Tables of coded segments: code frequencies, code by informant/group/technique, co-occurrence.

All counts are at the segment level: a span is counted for each segment it overlaps
(:func:`psm_qual.coding.frame.segment_codings`), and a segment counts once per code and coder
however many spans cover it. To count a role whatever sub-code was used, pass codings through
:func:`psm_qual.coding.frame.roll_up` first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import pandas as pd

from psm_qual.coding.frame import as_codings, segment_codings
from psm_qual.columns import CODE, CODER, GROUP, INFORMANT, SEGMENT_ID, SOURCE_ID, TECHNIQUE
from psm_qual.errors import CodingsError

if TYPE_CHECKING:
    from psm_qual.corpus import Corpus

__all__ = [
    "code_frequencies",
    "code_by",
    "cooccurrence",
    "codings_summary",
    "SPANS",
    "SEGMENTS",
    "BY_CHOICES",
]

#: Column: number of codings rows (spans).
SPANS = "spans"
#: Column: number of distinct segments.
SEGMENTS = "segments"
#: What :func:`code_by` can cross codes with.
BY_CHOICES = (INFORMANT, GROUP, TECHNIQUE, SOURCE_ID)

By = Literal["informant", "group", "technique", "source_id"]


def code_frequencies(codings: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    """How often each coder used each code: spans (codings rows) and segments covered.

    Parameters
    ----------
    codings : DataFrame
        A codings table.
    corpus : Corpus
        Its segments decide what a segment is.

    Returns
    -------
    DataFrame
        Columns ``code, coder, spans, segments``, sorted by code then coder. ``segments`` counts
        distinct segments the code's spans overlap (0 when no span overlaps a segment).

    Examples
    --------
    >>> import pandas as pd
    >>> from psm_qual.corpus import Corpus
    >>> from psm_qual.columns import SOURCE_COLUMNS
    >>> segments = pd.DataFrame({"segment_id": ["S:1", "S:2"], "source_id": "S",
    ...     "start": [0, 10], "end": [10, 20], "speaker": "PSM1", "text": "", "informant": "PSM1",
    ...     "group": "PSM", "technique": "interview", "language": "id", "role": "informant",
    ...     "timestamp": ""})
    >>> corpus = Corpus(pd.DataFrame(columns=list(SOURCE_COLUMNS)), segments)
    >>> codings = pd.DataFrame({"source_id": "S", "start": [0, 2, 0], "end": [3, 15, 20],
    ...                         "code": ["x", "x", "y"], "coder": "A"})
    >>> code_frequencies(codings, corpus)
      code coder  spans  segments
    0    x     A      2         2
    1    y     A      1         2
    """
    frame = as_codings(codings)
    spans = frame.groupby([CODE, CODER]).size().rename(SPANS)
    coded = segment_codings(frame, corpus)
    segments = coded.groupby([CODE, CODER])[SEGMENT_ID].nunique().rename(SEGMENTS)
    out = pd.concat([spans, segments], axis=1).fillna(0).astype("int64").reset_index()
    if out.empty:
        return pd.DataFrame({CODE: [], CODER: [], SPANS: [], SEGMENTS: []}).astype(
            {SPANS: "int64", SEGMENTS: "int64"}
        )
    return out.sort_values([CODE, CODER], kind="mergesort").reset_index(drop=True)


def code_by(
    codings: pd.DataFrame,
    corpus: Corpus,
    by: By = "group",
    *,
    wide: bool = False,
) -> pd.DataFrame:
    """Segments per code and coder, crossed with informant, group, technique or source.

    A segment without a value for ``by`` (e.g. a document that belongs to no group) is counted
    under ``""``, so that for each code and coder the row total equals the number of segments
    coded with it.

    Parameters
    ----------
    codings : DataFrame
        A codings table.
    corpus : Corpus
        Supplies each segment's informant, group, technique and source.
    by : {"informant", "group", "technique", "source_id"}
        The segment attribute to cross codes with.
    wide : bool
        Return a crosstab (index ``coder, code``; one column per value of ``by``; zeros where
        nothing was coded) instead of the long table.

    Returns
    -------
    DataFrame
        Long: columns ``code, coder, <by>, segments``, only non-zero cells, sorted.
        Wide: see ``wide``.

    Raises
    ------
    CodingsError
        ``by`` is not one of the choices.

    Examples
    --------
    >>> import pandas as pd
    >>> from psm_qual.corpus import Corpus
    >>> from psm_qual.columns import SOURCE_COLUMNS
    >>> segments = pd.DataFrame({"segment_id": ["S:1", "S:2", "T:1"], "source_id": ["S", "S", "T"],
    ...     "start": [0, 10, 0], "end": [10, 20, 10], "speaker": "", "text": "",
    ...     "informant": ["PSM1", "PSM1", "RT1"], "group": ["PSM", "PSM", "RT"],
    ...     "technique": "interview", "language": "id", "role": "informant", "timestamp": ""})
    >>> corpus = Corpus(pd.DataFrame(columns=list(SOURCE_COLUMNS)), segments)
    >>> codings = pd.DataFrame({"source_id": ["S", "S", "T"], "start": 0, "end": [20, 10, 10],
    ...                         "code": ["x", "y", "x"], "coder": "A"})
    >>> code_by(codings, corpus, "group")
      code coder group  segments
    0    x     A   PSM         2
    1    x     A    RT         1
    2    y     A   PSM         1
    >>> code_by(codings, corpus, "group", wide=True)
    group       PSM  RT
    coder code
    A     x       2   1
          y       1   0
    """
    if by not in BY_CHOICES:
        raise CodingsError(
            f"cannot cross codes with {by!r}; choose one of {', '.join(BY_CHOICES)}", field="by"
        )
    coded = segment_codings(codings, corpus)
    coded = coded.drop_duplicates([SEGMENT_ID, CODE, CODER])
    long = (
        coded.groupby([CODE, CODER, by])[SEGMENT_ID]
        .nunique()
        .rename(SEGMENTS)
        .reset_index()
        .sort_values([CODE, CODER, by], kind="mergesort")
        .reset_index(drop=True)
    )
    long[SEGMENTS] = long[SEGMENTS].astype("int64")
    if not wide:
        return long
    table = long.pivot_table(
        index=[CODER, CODE], columns=by, values=SEGMENTS, aggfunc="sum", fill_value=0
    )
    return table.astype("int64")


def cooccurrence(
    codings: pd.DataFrame, corpus: Corpus, *, coder: str | None = None
) -> pd.DataFrame:
    """Code x code counts of segments coded with both codes by the same coder.

    Parameters
    ----------
    codings : DataFrame
        A codings table.
    corpus : Corpus
        Decides what a segment is.
    coder : str, optional
        Count only this coder's codings. By default each (segment, coder) pair is one unit, so
        two coders who both code a segment count twice.

    Returns
    -------
    DataFrame
        A symmetric square table, index and columns the codes used (sorted), named ``code``.
        The diagonal is the number of units coded with that code.

    Examples
    --------
    >>> import pandas as pd
    >>> from psm_qual.corpus import Corpus
    >>> from psm_qual.columns import SOURCE_COLUMNS
    >>> segments = pd.DataFrame({"segment_id": ["S:1", "S:2"], "source_id": "S",
    ...     "start": [0, 10], "end": [10, 20], "speaker": "", "text": "", "informant": "",
    ...     "group": "", "technique": "interview", "language": "id", "role": "informant",
    ...     "timestamp": ""})
    >>> corpus = Corpus(pd.DataFrame(columns=list(SOURCE_COLUMNS)), segments)
    >>> codings = pd.DataFrame({"source_id": "S", "start": [0, 0, 10], "end": [10, 10, 20],
    ...                         "code": ["role", "gap", "role"], "coder": "A"})
    >>> cooccurrence(codings, corpus)
    code  gap  role
    code
    gap     1     1
    role    1     2
    """
    coded = segment_codings(codings, corpus)
    if coder is not None:
        coded = coded[coded[CODER] == coder]
    codes = sorted(set(coded[CODE]))
    if not codes:
        empty = pd.DataFrame(dtype="int64")
        empty.index.name = empty.columns.name = CODE
        return empty
    incidence = pd.crosstab([coded[SEGMENT_ID], coded[CODER]], coded[CODE]).clip(upper=1)
    incidence = incidence.reindex(columns=codes, fill_value=0)
    matrix = incidence.T.dot(incidence).astype("int64")
    matrix.index.name = CODE
    matrix.columns.name = CODE
    return matrix


def codings_summary(codings: pd.DataFrame, corpus: Corpus) -> dict:
    """A plain summary of a codings table, for the command line and reports.

    Returns
    -------
    dict
        ``rows``; ``coders`` and ``codes`` (sorted lists); ``sources`` (number coded);
        ``segments_per_coder`` (distinct segments each coder coded); ``coded_segments`` (the
        corpus's coded segments, interviewer turns excluded); ``per_code`` (a list of
        ``{code, coder, spans, segments}`` from :func:`code_frequencies`).

    Examples
    --------
    >>> import pandas as pd
    >>> from psm_qual.corpus import Corpus
    >>> from psm_qual.columns import SOURCE_COLUMNS
    >>> segments = pd.DataFrame({"segment_id": ["S:1", "S:2"], "source_id": "S",
    ...     "start": [0, 10], "end": [10, 20], "speaker": "", "text": "", "informant": "",
    ...     "group": "", "technique": "interview", "language": "id", "role": "informant",
    ...     "timestamp": ""})
    >>> corpus = Corpus(pd.DataFrame(columns=list(SOURCE_COLUMNS)), segments)
    >>> codings = pd.DataFrame({"source_id": "S", "start": [0, 0, 10], "end": [10, 10, 20],
    ...                         "code": ["x", "x", "y"], "coder": ["A", "B", "A"]})
    >>> summary = codings_summary(codings, corpus)
    >>> summary["rows"], summary["coders"], summary["segments_per_coder"]
    (3, ['A', 'B'], {'A': 2, 'B': 1})
    """
    frame = as_codings(codings)
    coded = segment_codings(frame, corpus)
    per_coder = coded.groupby(CODER)[SEGMENT_ID].nunique()
    coders = sorted(set(frame[CODER]))
    return {
        "rows": int(len(frame)),
        "coders": coders,
        "codes": sorted(set(frame[CODE])),
        "sources": int(frame[SOURCE_ID].nunique()),
        "coded_segments": int(len(corpus.coded_segments)),
        "segments_per_coder": {c: int(per_coder.get(c, 0)) for c in coders},
        "per_code": code_frequencies(frame, corpus).to_dict("records"),
    }
