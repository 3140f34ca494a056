"""Coding by program: apply a code to a segment, a span, or every segment matching a phrase.

Each function is pure: it takes a codings table (or a corpus) and returns a new codings table
(contract 4, see :mod:`psm_qual.coding.frame`); nothing is changed in place.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pandas as pd

from psm_qual.coding.frame import as_codings, empty_codings
from psm_qual.columns import (
    CODE,
    CODER,
    CODING_COLUMNS,
    CREATED_AT,
    END,
    SEGMENT_ID,
    SOURCE_ID,
    START,
    TEXT,
)
from psm_qual.errors import CodingsError

if TYPE_CHECKING:
    from psm_qual.corpus import Corpus

__all__ = ["code_segment", "code_span", "code_matches", "timestamp", "phrase_pattern"]

Codes = str | Sequence[str]
Timestamp = str | datetime | None


def timestamp(value: Timestamp = None) -> str:
    """An ISO 8601 UTC timestamp (seconds): ``value`` normalised, or now.

    A naive ``datetime`` (or string without an offset) is taken to be UTC already.

    Raises
    ------
    CodingsError
        ``value`` is a string that is not an ISO 8601 date/time.

    Examples
    --------
    >>> timestamp("2024-05-01T17:00:00+07:00")
    '2024-05-01T10:00:00+00:00'
    >>> timestamp(datetime(2024, 5, 1, 10, 0))
    '2024-05-01T10:00:00+00:00'
    >>> timestamp("yesterday")
    Traceback (most recent call last):
    ...
    psm_qual.errors.CodingsError: created_at: not an ISO 8601 timestamp: 'yesterday'
    """
    if value is None:
        moment = datetime.now(UTC)
    elif isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise CodingsError(f"not an ISO 8601 timestamp: {value!r}", field=CREATED_AT) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _code_list(code: Codes) -> list[str]:
    codes = [code] if isinstance(code, str) else list(code)
    if not codes:
        raise CodingsError("no code given", field=CODE)
    return codes


def _append(codings: pd.DataFrame | None, new: pd.DataFrame) -> pd.DataFrame:
    """``codings`` plus the rows of ``new`` that it does not have yet (same span, code, coder)."""
    key = [SOURCE_ID, START, END, CODE, CODER]
    new = as_codings(new).drop_duplicates(key).reset_index(drop=True)
    if codings is None:
        return new
    base = as_codings(codings)
    existing = set(base[key].itertuples(index=False, name=None))
    fresh = new[[row not in existing for row in new[key].itertuples(index=False, name=None)]]
    if fresh.empty:
        return base
    if base.empty:
        return fresh.reset_index(drop=True)
    return pd.concat([base, fresh], ignore_index=True)


def _rows(
    spans: Sequence[tuple[str, int, int]], codes: list[str], coder: str, memo: str, created: str
) -> pd.DataFrame:
    rows = [
        (source_id, start, end, code, coder, memo, created)
        for source_id, start, end in spans
        for code in codes
    ]
    if not rows:
        return empty_codings()
    return pd.DataFrame(rows, columns=list(CODING_COLUMNS))


def code_span(
    codings: pd.DataFrame | None,
    source_id: str,
    start: int,
    end: int,
    code: Codes,
    *,
    coder: str,
    memo: str = "",
    created_at: Timestamp = None,
) -> pd.DataFrame:
    """Code the span ``[start, end)`` of a source's body.

    Parameters
    ----------
    codings : DataFrame or None
        The codings so far (``None``: start a new table).
    source_id : str
        The source.
    start, end : int
        Code point offsets into the body, end exclusive.
    code : str or sequence of str
        One code, or several (one row each, on the same span).
    coder : str
        Who codes.
    memo : str
        Why, or anything worth keeping.
    created_at : str or datetime, optional
        When (default: now); stored as an ISO 8601 UTC timestamp.

    Returns
    -------
    DataFrame
        ``codings`` plus the new rows. A row that is already there (same span, code and coder) is
        not added twice.

    Raises
    ------
    CodingsError
        Empty code or coder, negative offsets, ``end <= start``, bad ``created_at``.

    Examples
    --------
    >>> out = code_span(None, "W-PSM1", 0, 42, ["initiator", "assessment/performed"],
    ...                 coder="A", created_at="2024-05-01T10:00:00Z")
    >>> out[["source_id", "start", "end", "code", "coder", "created_at"]]
      source_id  start  end                  code coder                 created_at
    0    W-PSM1      0   42             initiator     A  2024-05-01T10:00:00+00:00
    1    W-PSM1      0   42  assessment/performed     A  2024-05-01T10:00:00+00:00
    >>> len(code_span(out, "W-PSM1", 0, 42, "initiator", coder="A"))
    2
    """
    new = _rows([(source_id, start, end)], _code_list(code), coder, memo, timestamp(created_at))
    return _append(codings, new)


def _segment_span(
    segment: str | Mapping | pd.Series, corpus: Corpus | None
) -> tuple[str, int, int]:
    if isinstance(segment, str):
        if corpus is None:
            raise CodingsError("a segment id needs the corpus to find its span", field="corpus")
        segments = corpus.segments
        hit = segments[segments[SEGMENT_ID] == segment]
        if hit.empty:
            raise CodingsError(f"no segment {segment!r} in the corpus", field=SEGMENT_ID)
        row = hit.iloc[0]
    else:
        row = segment
    try:
        return str(row[SOURCE_ID]), int(row[START]), int(row[END])
    except (KeyError, TypeError, ValueError):
        raise CodingsError(
            "a segment row needs source_id, start and end", field="segment"
        ) from None


def code_segment(
    codings: pd.DataFrame | None,
    segment: str | Mapping | pd.Series,
    code: Codes,
    *,
    coder: str,
    corpus: Corpus | None = None,
    memo: str = "",
    created_at: Timestamp = None,
) -> pd.DataFrame:
    """Code a whole segment (the common case).

    Parameters
    ----------
    codings : DataFrame or None
        The codings so far (``None``: start a new table).
    segment : str or row
        A segment id (looked up in ``corpus``) or a segments row (``source_id, start, end``).
    code : str or sequence of str
        One code or several (e.g. a role, an assessment and a barrier: three rows).
    coder : str
        Who codes.
    corpus : Corpus, optional
        Needed when ``segment`` is an id.
    memo, created_at
        As in :func:`code_span`.

    Returns
    -------
    DataFrame
        ``codings`` plus the new rows (rows already there are not added twice).

    Raises
    ------
    CodingsError
        Unknown segment id, no corpus for an id, or anything :func:`code_span` refuses.

    Examples
    --------
    >>> import pandas as pd
    >>> row = pd.Series({"segment_id": "W-PSM1:3", "source_id": "W-PSM1", "start": 120,
    ...                  "end": 180})
    >>> out = code_segment(None, row, ["motivator", "assessment/gap", "barrier/funding"],
    ...                    coder="B", memo="no transport money")
    >>> out[["start", "end", "code", "memo"]]
       start  end             code                memo
    0    120  180        motivator  no transport money
    1    120  180   assessment/gap  no transport money
    2    120  180  barrier/funding  no transport money
    """
    source_id, start, end = _segment_span(segment, corpus)
    return code_span(
        codings, source_id, start, end, code, coder=coder, memo=memo, created_at=created_at
    )


def phrase_pattern(phrase: str, *, case: bool = False) -> re.Pattern[str]:
    """A regular expression matching ``phrase`` as whole words, any white space between words.

    Examples
    --------
    >>> bool(phrase_pattern("pak rt").search("dari Pak  RT."))
    True
    >>> bool(phrase_pattern("rt").search("kartu"))
    False
    """
    words = phrase.split()
    if not words:
        raise CodingsError("empty phrase", field="pattern")
    body = r"\s+".join(re.escape(word) for word in words)
    return re.compile(rf"(?<!\w){body}(?!\w)", 0 if case else re.IGNORECASE)


def code_matches(
    corpus: Corpus,
    pattern: str,
    code: Codes,
    *,
    coder: str,
    regex: bool = False,
    case: bool = False,
    memo: str = "",
    created_at: Timestamp = None,
    codings: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Code every coded segment (interviewer turns excluded) whose text matches ``pattern``.

    Parameters
    ----------
    corpus : Corpus
        Its :attr:`~psm_qual.corpus.Corpus.coded_segments` are searched.
    pattern : str
        A phrase, matched as whole words with any white space between them; or, with
        ``regex=True``, a Python regular expression searched anywhere in the text.
    code : str or sequence of str
        The code(s) to apply to each matching segment (whole segment span).
    coder : str
        Who codes (for example ``"phrase:pak rt"`` to keep the rule visible).
    regex : bool
        Treat ``pattern`` as a regular expression.
    case : bool
        Match case (default: ignore case).
    memo, created_at
        As in :func:`code_span`.
    codings : DataFrame, optional
        Codings to add to; by default the result holds only the new rows.

    Returns
    -------
    DataFrame
        A codings table, one row per matching segment and code, in segment order.

    Raises
    ------
    CodingsError
        An invalid regular expression or empty phrase (``field="pattern"``).

    Examples
    --------
    >>> import pandas as pd
    >>> from psm_qual.corpus import Corpus
    >>> segments = pd.DataFrame({
    ...     "segment_id": ["S:1", "S:2", "S:3"], "source_id": "S", "start": [0, 30, 60],
    ...     "end": [25, 55, 80], "speaker": ["Peneliti", "PSM1", "PSM1"],
    ...     "text": ["Siapa melapor ke Pak RT?", "Biasanya dari laporan Pak RT.", "Kartu warga."],
    ...     "informant": "PSM1", "group": "PSM", "technique": "interview", "language": "id",
    ...     "role": ["interviewer", "informant", "informant"], "timestamp": ""})
    >>> sources = pd.DataFrame(columns=["source_id", "informant", "group", "technique", "date",
    ...                                 "language", "title", "path", "format"])
    >>> corpus = Corpus(sources, segments)
    >>> code_matches(corpus, "pak rt", "initiator", coder="A",
    ...              created_at="2024-05-01T10:00:00+00:00")[["source_id", "start", "end", "code"]]
      source_id  start  end       code
    0         S     30   55  initiator
    >>> len(code_matches(corpus, r"\\bkartu\\b", "administrator", coder="A", regex=True))
    1
    """
    if regex:
        try:
            compiled = re.compile(pattern, 0 if case else re.IGNORECASE)
        except re.error as error:
            raise CodingsError(
                f"invalid regular expression {pattern!r}: {error}", field="pattern"
            ) from None
    else:
        compiled = phrase_pattern(pattern, case=case)
    segments = corpus.coded_segments
    hits = [bool(compiled.search(str(text))) for text in segments[TEXT].tolist()]
    matched = segments[hits]
    spans = list(
        zip(
            matched[SOURCE_ID].astype(str).tolist(),
            matched[START].astype("int64").tolist(),
            matched[END].astype("int64").tolist(),
            strict=True,
        )
    )
    new = _rows(spans, _code_list(code), coder, memo, timestamp(created_at))
    return _append(codings, new)
