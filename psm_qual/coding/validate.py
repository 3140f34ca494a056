"""Validate codings against contract 4, the corpus and the codebook."""

from __future__ import annotations

import difflib
from numbers import Integral
from typing import TYPE_CHECKING

import pandas as pd

from psm_qual.coding.frame import as_codings
from psm_qual.columns import CODE, END, SOURCE_ID
from psm_qual.errors import CodingsError

if TYPE_CHECKING:
    from psm_qual.codebook.model import Codebook
    from psm_qual.corpus import Corpus

__all__ = ["validate_codings"]


def _locator(codings: pd.DataFrame, path: str | None) -> tuple[str | None, list[int] | None]:
    """The file and per-row lines: from ``read_codings`` attrs, else ``index + 2`` (CSV header)."""
    attrs_path = codings.attrs.get("path")
    lines = codings.attrs.get("lines")
    if path is None:
        path = attrs_path
    if path is None:
        return None, None
    if lines is not None and attrs_path in (None, str(path)):
        if len(lines) == len(codings):
            return str(path), [int(x) for x in lines]
        # a subset of the rows read (e.g. one coder's): index labels are the original positions
        labels = codings.index.tolist()
        if all(isinstance(i, Integral) and 0 <= i < len(lines) for i in labels):
            return str(path), [int(lines[i]) for i in labels]
    return str(path), [i + 2 for i in range(len(codings))]


def _fail(message: str, row: int, field: str, path: str | None, lines: list[int] | None):
    if path is not None and lines is not None:
        return CodingsError(message, path=path, line=lines[row], field=field)
    return CodingsError(f"row {row}: {message}", field=field)


def _suggest(value: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(value, choices, n=3, cutoff=0.6)
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def validate_codings(
    codings: pd.DataFrame,
    *,
    corpus: Corpus | None = None,
    codebook: Codebook | None = None,
    path: str | None = None,
) -> pd.DataFrame:
    """Check codings and return them as a clean codings table.

    Checks, in order: contract 4 (:func:`~psm_qual.coding.frame.as_codings`: required columns,
    integer offsets, ``end > start``, code and coder given); with ``corpus``: the source exists and
    the span lies inside its body; with ``codebook``: the code exists and is codable.

    Parameters
    ----------
    codings : DataFrame
        A codings table, e.g. from :func:`psm_qual.io.codings.read_codings`.
    corpus : Corpus, optional
        Sources and bodies to check spans against.
    codebook : Codebook, optional
        Codes to check against.
    path : str, optional
        The file the codings came from; errors then name ``path:line`` (the line recorded by
        ``read_codings``, else row index + 2 for a CSV with a header).

    Returns
    -------
    DataFrame
        The validated codings (contract columns and dtypes; ``attrs`` kept).

    Raises
    ------
    CodingsError
        The first problem found, naming the row (or file and line) and the field.

    Examples
    --------
    >>> import pandas as pd
    >>> from psm_qual.codebook import Code, Codebook
    >>> book = Codebook("b", {}, "1", (Code("barrier", codable=False), Code("barrier/funding")))
    >>> codings = pd.DataFrame({"source_id": ["S"], "start": [0], "end": [5], "coder": ["A"],
    ...                         "code": ["barrier/fundng"]})
    >>> validate_codings(codings, codebook=book, path="a.csv")
    Traceback (most recent call last):
    ...
    psm_qual.errors.CodingsError: a.csv:2: code: unknown code 'barrier/fundng' (not in codebook 'b'); did you mean 'barrier/funding'?
    >>> validate_codings(codings.assign(code="barrier"), codebook=book)
    Traceback (most recent call last):
    ...
    psm_qual.errors.CodingsError: code: row 0: code 'barrier' is not codable (a grouping code); use one of barrier/funding
    """
    where, lines = _locator(codings, path)
    frame = as_codings(codings, path=where, lines=lines)
    frame.attrs.update(codings.attrs)
    if corpus is not None:
        _check_spans(frame, corpus, where, lines)
    if codebook is not None:
        _check_codes(frame, codebook, where, lines)
    return frame


def _check_spans(
    frame: pd.DataFrame, corpus: Corpus, path: str | None, lines: list[int] | None
) -> None:
    known = set(corpus.sources[SOURCE_ID].astype(str)) | set(corpus.bodies)
    if not known:
        known = set(corpus.segments[SOURCE_ID].astype(str))
    segment_ends = corpus.segments.groupby(SOURCE_ID)[END].max().to_dict()
    for row, (source_id, end) in enumerate(
        zip(frame[SOURCE_ID].tolist(), frame[END].tolist(), strict=True)
    ):
        if source_id not in known:
            raise _fail(
                f"unknown source {source_id!r}{_suggest(source_id, sorted(known))}",
                row,
                SOURCE_ID,
                path,
                lines,
            )
        body = corpus.bodies.get(source_id)
        length = len(body) if body is not None else segment_ends.get(source_id)
        if length is not None and end > length:
            what = "body" if body is not None else "last segment"
            raise _fail(
                f"span ends at {end}, past the end of source {source_id!r} "
                f"({what} ends at {length})",
                row,
                END,
                path,
                lines,
            )


def _check_codes(
    frame: pd.DataFrame, codebook: Codebook, path: str | None, lines: list[int] | None
) -> None:
    codable = [c.id for c in codebook if c.codable]
    for row, code in enumerate(frame[CODE].tolist()):
        if code not in codebook:
            raise _fail(
                f"unknown code {code!r} (not in codebook {codebook.id!r}){_suggest(code, codable)}",
                row,
                CODE,
                path,
                lines,
            )
        if not codebook[code].codable:
            children = [c.id for c in codebook.descendants(code) if c.codable]
            hint = f"; use one of {', '.join(children)}" if children else ""
            raise _fail(
                f"code {code!r} is not codable (a grouping code){hint}", row, CODE, path, lines
            )
