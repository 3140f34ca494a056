"""Manual coding sheets: one row per segment to fill in, turned back into codings.

A sheet has the columns :data:`psm_qual.io.codings.SHEET_COLUMNS`: ``segment_id, source_id,
informant, speaker, text`` (filled in) and ``role, assessment, barriers, memo`` (left for the
coder). ``role`` takes any codable code that is not under the codebook's assessment or barrier
parent; ``assessment`` one codable code under the assessment parent; ``barriers`` codes under the
barrier parent separated by ``;``. A code may be written as its full id
(``barrier/funding``), without the dimension's parent (``funding``), or by its last part when
that is unique among the column's choices (``case-handling``).

Write and read sheets with :func:`psm_qual.io.codings.write_sheet` and
:func:`~psm_qual.io.codings.read_sheet`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from psm_qual.coding.api import timestamp
from psm_qual.coding.frame import as_codings, empty_codings
from psm_qual.columns import (
    CODING_COLUMNS,
    END,
    INFORMANT,
    SEGMENT_ID,
    SOURCE_ID,
    SPEAKER,
    START,
    TEXT,
)
from psm_qual.errors import CodingsError

if TYPE_CHECKING:
    from datetime import datetime

    from psm_qual.codebook.model import Codebook
    from psm_qual.corpus import Corpus

__all__ = [
    "ROLE_COLUMN",
    "ASSESSMENT_COLUMN",
    "BARRIERS_COLUMN",
    "MEMO_COLUMN",
    "BARRIER_SEPARATOR",
    "DEFAULT_DIMENSIONS",
    "sheet_choices",
    "coding_sheet",
    "from_sheet",
]

ROLE_COLUMN = "role"
ASSESSMENT_COLUMN = "assessment"
BARRIERS_COLUMN = "barriers"
MEMO_COLUMN = "memo"
BARRIER_SEPARATOR = ";"
#: Parent codes of the assessment and barrier columns (contract 3).
DEFAULT_DIMENSIONS = ("assessment", "barrier")

_FILLED = (ROLE_COLUMN, ASSESSMENT_COLUMN, BARRIERS_COLUMN, MEMO_COLUMN)


def _under(code_id: str, parent: str) -> bool:
    return code_id == parent or code_id.startswith(parent + "/")


def sheet_choices(
    codebook: Codebook, *, dimensions: tuple[str, str] = DEFAULT_DIMENSIONS
) -> dict[str, tuple[str, ...]]:
    """The codes each sheet column accepts, in codebook order.

    Examples
    --------
    >>> from psm_qual.codebook import Code, Codebook
    >>> book = Codebook("b", {}, "1", (Code("helper"), Code("helper/listening"),
    ...     Code("assessment", codable=False), Code("assessment/performed"),
    ...     Code("barrier", codable=False), Code("barrier/time")))
    >>> sheet_choices(book)
    {'role': ('helper', 'helper/listening'), 'assessment': ('assessment/performed',), 'barriers': ('barrier/time',)}
    """
    assessment, barrier = dimensions
    codable = [c.id for c in codebook if c.codable]
    return {
        ROLE_COLUMN: tuple(
            c for c in codable if not _under(c, assessment) and not _under(c, barrier)
        ),
        ASSESSMENT_COLUMN: tuple(c for c in codable if _under(c, assessment)),
        BARRIERS_COLUMN: tuple(c for c in codable if _under(c, barrier)),
    }


def coding_sheet(
    corpus: Corpus,
    codebook: Codebook,
    *,
    dimensions: tuple[str, str] = DEFAULT_DIMENSIONS,
) -> pd.DataFrame:
    """A blank coding sheet: one row per coded segment (interviewer turns left out).

    Parameters
    ----------
    corpus : Corpus
        Its :attr:`~psm_qual.corpus.Corpus.coded_segments`, in corpus order.
    codebook : Codebook
        Decides the choices of each column (kept in ``sheet.attrs["choices"]``).
    dimensions : (str, str)
        The parent codes of the assessment and barrier columns.

    Returns
    -------
    DataFrame
        Columns ``segment_id, source_id, informant, speaker, text, role, assessment, barriers,
        memo``; the last four empty strings.

    Examples
    --------
    >>> import pandas as pd
    >>> from psm_qual.codebook import Code, Codebook
    >>> from psm_qual.corpus import Corpus
    >>> from psm_qual.columns import SOURCE_COLUMNS
    >>> segments = pd.DataFrame({"segment_id": ["S:1", "S:2"], "source_id": "S",
    ...     "start": [0, 12], "end": [10, 30], "speaker": ["Peneliti", "PSM1"],
    ...     "text": ["Bagaimana?", "Saya datang ke rumah."], "informant": "PSM1", "group": "PSM",
    ...     "technique": "interview", "language": "id", "role": ["interviewer", "informant"],
    ...     "timestamp": ""})
    >>> corpus = Corpus(pd.DataFrame(columns=list(SOURCE_COLUMNS)), segments)
    >>> book = Codebook("b", {}, "1", (Code("helper"),))
    >>> coding_sheet(corpus, book)[["segment_id", "speaker", "text", "role"]]
      segment_id speaker                   text role
    0        S:2    PSM1  Saya datang ke rumah.
    """
    segments = corpus.coded_segments
    sheet = pd.DataFrame(
        {
            column: [
                "" if pd.isna(v) else str(v)
                for v in (segments[column] if column in segments.columns else [""] * len(segments))
            ]
            for column in (SEGMENT_ID, SOURCE_ID, INFORMANT, SPEAKER, TEXT)
        },
        dtype=object,
    )
    for column in _FILLED:
        sheet[column] = pd.Series([""] * len(sheet), dtype=object)
    sheet = sheet.reset_index(drop=True)
    sheet.attrs["choices"] = sheet_choices(codebook, dimensions=dimensions)
    return sheet


def _resolver(choices: tuple[str, ...], parent: str | None) -> Mapping[str, str]:
    """Accepted spellings (lower case) of each choice -> code id."""
    accepted: dict[str, str] = {}
    names: dict[str, list[str]] = {}
    for code in choices:
        names.setdefault(code.rsplit("/", 1)[-1].lower(), []).append(code)
    for name, codes in names.items():
        if len(codes) == 1:
            accepted[name] = codes[0]
    if parent is not None:
        for code in choices:
            if code.startswith(parent + "/"):
                accepted[code[len(parent) + 1 :].lower()] = code
    for code in choices:
        accepted[code.lower()] = code
    return accepted


def _cell(row: Mapping, column: str) -> str:
    value = row.get(column, "")
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def from_sheet(
    sheet: pd.DataFrame,
    *,
    coder: str,
    corpus: Corpus,
    codebook: Codebook,
    dimensions: tuple[str, str] = DEFAULT_DIMENSIONS,
    created_at: str | datetime | None = None,
) -> pd.DataFrame:
    """Turn a filled coding sheet into codings: whole-segment spans, one row per code.

    Each filled row gives one row for its role, one for its assessment and one per barrier, all on
    the segment's span and carrying the row's memo. Rows with nothing in ``role``,
    ``assessment``, ``barriers`` and ``memo`` are skipped.

    Parameters
    ----------
    sheet : DataFrame
        A sheet from :func:`coding_sheet` or :func:`psm_qual.io.codings.read_sheet`.
    coder : str
        Who filled it in.
    corpus : Corpus
        Gives each segment's span.
    codebook : Codebook
        Decides what each column accepts (see :func:`sheet_choices`).
    dimensions : (str, str)
        The parent codes of the assessment and barrier columns.
    created_at : str or datetime, optional
        Timestamp of every row (default: now).

    Returns
    -------
    DataFrame
        A codings table in sheet order.

    Raises
    ------
    CodingsError
        Naming the sheet row (``path:line`` when the sheet was read from a file, else
        ``sheet row N`` counting from 0) and the column: unknown segment, a code the column does
        not accept, more than one code in role or assessment, a memo with no code.

    Examples
    --------
    >>> import pandas as pd
    >>> from psm_qual.codebook import Code, Codebook
    >>> from psm_qual.corpus import Corpus
    >>> from psm_qual.columns import SOURCE_COLUMNS
    >>> segments = pd.DataFrame({"segment_id": ["S:1", "S:2"], "source_id": "S",
    ...     "start": [0, 12], "end": [10, 30], "speaker": "PSM1", "text": "", "informant": "PSM1",
    ...     "group": "PSM", "technique": "interview", "language": "id", "role": "informant",
    ...     "timestamp": ""})
    >>> corpus = Corpus(pd.DataFrame(columns=list(SOURCE_COLUMNS)), segments)
    >>> book = Codebook("b", {}, "1", (Code("helper"), Code("assessment", codable=False),
    ...     Code("assessment/gap"), Code("barrier", codable=False), Code("barrier/time"),
    ...     Code("barrier/money")))
    >>> sheet = pd.DataFrame({"segment_id": ["S:1", "S:2"], "role": ["helper", ""],
    ...     "assessment": ["gap", ""], "barriers": ["time; barrier/money", ""], "memo": ["", ""]})
    >>> from_sheet(sheet, coder="A", corpus=corpus, codebook=book)[["start", "end", "code"]]
       start  end            code
    0      0   10          helper
    1      0   10  assessment/gap
    2      0   10    barrier/time
    3      0   10   barrier/money
    >>> from_sheet(sheet.assign(role=["healer", ""]), coder="A", corpus=corpus, codebook=book)
    Traceback (most recent call last):
    ...
    psm_qual.errors.CodingsError: role: sheet row 0: 'healer' is not a role code; choose one of helper
    """
    if SEGMENT_ID not in sheet.columns:
        raise CodingsError("a coding sheet needs a 'segment_id' column", field=SEGMENT_ID)
    assessment_parent, barrier_parent = dimensions
    choices = sheet_choices(codebook, dimensions=dimensions)
    resolve = {
        ROLE_COLUMN: _resolver(choices[ROLE_COLUMN], None),
        ASSESSMENT_COLUMN: _resolver(choices[ASSESSMENT_COLUMN], assessment_parent),
        BARRIERS_COLUMN: _resolver(choices[BARRIERS_COLUMN], barrier_parent),
    }
    what = {ROLE_COLUMN: "a role", ASSESSMENT_COLUMN: "an assessment", BARRIERS_COLUMN: "a barrier"}
    path = sheet.attrs.get("path")
    lines = sheet.attrs.get("lines")
    located = path is not None and lines is not None and len(lines) == len(sheet)

    def fail(message: str, i: int, column: str) -> CodingsError:
        if located:
            return CodingsError(message, path=path, line=int(lines[i]), field=column)
        return CodingsError(f"sheet row {i}: {message}", field=column)

    spans = {
        str(row[SEGMENT_ID]): (str(row[SOURCE_ID]), int(row[START]), int(row[END]))
        for row in corpus.segments[[SEGMENT_ID, SOURCE_ID, START, END]].to_dict("records")
    }
    created = timestamp(created_at)
    rows: list[tuple] = []
    for i, row in enumerate(sheet.to_dict("records")):
        cells = {column: _cell(row, column) for column in _FILLED}
        if not any(cells.values()):
            continue
        segment_id = _cell(row, SEGMENT_ID)
        if segment_id not in spans:
            raise fail(f"unknown segment {segment_id!r}", i, SEGMENT_ID)
        codes: list[str] = []
        for column in (ROLE_COLUMN, ASSESSMENT_COLUMN, BARRIERS_COLUMN):
            values = [v.strip() for v in cells[column].split(BARRIER_SEPARATOR) if v.strip()]
            if len(values) > 1 and column != BARRIERS_COLUMN:
                raise fail(f"one code only, got {cells[column]!r}", i, column)
            for value in values:
                code = resolve[column].get(value.lower())
                if code is None:
                    listed = ", ".join(choices[column]) or "(none in this codebook)"
                    raise fail(
                        f"{value!r} is not {what[column]} code; choose one of {listed}", i, column
                    )
                if code not in codes:
                    codes.append(code)
        if not codes:
            raise fail("a memo but no code", i, MEMO_COLUMN)
        source_id, start, end = spans[segment_id]
        rows.extend(
            (source_id, start, end, code, coder, cells[MEMO_COLUMN], created) for code in codes
        )
    if not rows:
        return empty_codings()
    return as_codings(pd.DataFrame(rows, columns=list(CODING_COLUMNS)))
