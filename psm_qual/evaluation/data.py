"""The data an evaluator has at one time point (baseline or follow-up): a "data bundle"."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from psm_qual.corpus import Corpus

__all__ = ["EvaluationData"]


@dataclass(frozen=True)
class EvaluationData:
    """Everything measured at one time point.

    Attributes
    ----------
    corpus : Corpus, optional
        Interview notes, observation notes, documents and chat exports.
    codings : DataFrame, optional
        The codings of ``corpus`` (contract 4).
    logs : Mapping[str, DataFrame]
        CSV logs by name (file stem, e.g. ``"meeting_log"``), as read by
        :func:`psm_qual.io.logs.read_log`: a ``date`` column of ``datetime.date`` plus the file's
        columns; ``attrs["path"]`` and ``attrs["lines"]`` locate each row.
    whatsapp : DataFrame, optional
        Chat messages (see :func:`psm_qual.evaluation.sources.whatsapp_messages`); taken from
        the corpus's WhatsApp sources when not given.
    survey : DataFrame, optional
        A pre/post survey (``respondent, item, pre, post``) as read by
        :func:`psm_qual.io.logs.read_survey`.
    label : str
        A name for messages (usually the folder).

    Examples
    --------
    >>> EvaluationData().logs
    mappingproxy({})
    """

    corpus: Corpus | None = None
    codings: pd.DataFrame | None = None
    logs: Mapping[str, pd.DataFrame] = field(default_factory=lambda: MappingProxyType({}))
    whatsapp: pd.DataFrame | None = None
    survey: pd.DataFrame | None = None
    label: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.logs, MappingProxyType):
            object.__setattr__(self, "logs", MappingProxyType(dict(self.logs)))
        if self.whatsapp is None and self.corpus is not None:
            from psm_qual.evaluation.sources import whatsapp_messages

            messages = whatsapp_messages(self.corpus)
            if len(messages):
                object.__setattr__(self, "whatsapp", messages)
