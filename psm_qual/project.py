"""A whole qualitative project: corpus, codebook, codings, memos and users.

This is what REFI-QDA project exchange (``.qdpx``) carries, and what an ordinary psm_qual project
folder holds (sources with front matter, ``informants.csv``, a codebook YAML, a codings CSV,
``memos.csv`` and ``project.yaml``); see :mod:`psm_qual.io.study` for the folder and
:mod:`psm_qual.io.refi` for the exchange files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from psm_qual.codebook.model import Codebook
from psm_qual.columns import CODER, CODING_COLUMNS
from psm_qual.corpus import Corpus

__all__ = ["Memo", "Project", "MEMO_FIELDS"]

#: Columns of ``memos.csv`` (one row per memo).
MEMO_FIELDS = ("title", "text", "source_id", "start", "end", "coder", "created_at")


@dataclass(frozen=True)
class Memo:
    """A memo: on the project (``source_id`` None), on a source, or on a span of a source.

    Attributes
    ----------
    text : str
        The memo.
    title : str
        A short name (REFI-QDA ``Note/@name``).
    source_id : str or None
        The source it is about.
    start, end : int or None
        The span it annotates (0-based code points into the body, end exclusive).
    coder : str or None
        Who wrote it.
    created_at : str
        ISO 8601 date-time, or ``""``.
    """

    text: str
    title: str = ""
    source_id: str | None = None
    start: int | None = None
    end: int | None = None
    coder: str | None = None
    created_at: str = ""


@dataclass(frozen=True)
class Project:
    """Corpus, codebook and codings of one study, with its memos and users.

    Parameters
    ----------
    corpus : Corpus
        Sources, bodies and informants.
    codebook : Codebook
        The codes.
    codings : DataFrame
        Contract-4 codings (columns :data:`psm_qual.columns.CODING_COLUMNS`).
    memos : tuple of Memo
        Memos in a fixed order.
    users : tuple of str
        Coders and memo writers; every coder in ``codings`` is added, sorted.
    name : str
        The project's name.
    description : str
        A project memo.

    Examples
    --------
    >>> from psm_qual.codebook.model import Code
    >>> corpus = Corpus(pd.DataFrame(columns=list(__import__("psm_qual.columns").columns.SOURCE_COLUMNS)),
    ...                 pd.DataFrame(columns=["segment_id", "source_id", "start", "end", "speaker",
    ...                     "text", "informant", "group", "technique", "language", "role", "timestamp"]))
    >>> codings = pd.DataFrame({"source_id": [], "start": [], "end": [], "code": [], "coder": ["b"][:0]})
    >>> Project(corpus, Codebook("cb", {"en": "cb"}, "1", (Code("a"),)), codings, users=("b", "a")).users
    ('a', 'b')
    """

    corpus: Corpus
    codebook: Codebook
    codings: pd.DataFrame
    memos: tuple[Memo, ...] = ()
    users: tuple[str, ...] = ()
    name: str = "psm_qual project"
    description: str = ""
    extra: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        codings = self.codings.copy()
        for column in CODING_COLUMNS:
            if column not in codings.columns:
                codings[column] = ""
        object.__setattr__(self, "codings", codings[list(CODING_COLUMNS)])
        coders = {str(c) for c in codings[CODER].tolist() if str(c)}
        coders |= {m.coder for m in self.memos if m.coder}
        object.__setattr__(self, "users", tuple(sorted(set(self.users) | coders)))
