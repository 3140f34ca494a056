"""The corpus: sources and their segments (contracts 1 and 2).

(Interface fixed first so that every module can build on it; loading is implemented in this
module by ``load_corpus``.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import pandas as pd

from psm_qual.columns import SEGMENT_COLUMNS, SEGMENT_EXTRA_COLUMNS, SOURCE_COLUMNS

__all__ = ["Corpus"]


@dataclass(frozen=True)
class Corpus:
    """Sources, their bodies and their segments.

    Attributes
    ----------
    sources : DataFrame
        One row per source, columns :data:`psm_qual.columns.SOURCE_COLUMNS`.
    segments : DataFrame
        One row per segment, columns :data:`psm_qual.columns.SEGMENT_COLUMNS` then
        ``role`` (``"informant"`` or ``"interviewer"``) and ``timestamp``.
        ``bodies[source_id][start:end] == text`` holds for every row.
    bodies : Mapping[str, str]
        The body of each source (text after the front matter, ``\\n`` line ends).
    informants : DataFrame
        ``informants.csv`` (``id, group, label, description``), empty when absent.
    root : str or None
        The folder the corpus was loaded from.
    """

    sources: pd.DataFrame
    segments: pd.DataFrame
    bodies: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    informants: pd.DataFrame = field(default_factory=pd.DataFrame)
    root: str | None = None

    def __post_init__(self) -> None:
        for name, frame, columns in (
            ("sources", self.sources, SOURCE_COLUMNS),
            ("segments", self.segments, SEGMENT_COLUMNS + SEGMENT_EXTRA_COLUMNS),
        ):
            missing = [c for c in columns if c not in frame.columns]
            if missing:
                raise ValueError(f"Corpus.{name} lacks columns {missing}")

    @property
    def coded_segments(self) -> pd.DataFrame:
        """Segments that are coded by default: every turn but the interviewer's."""
        return self.segments[self.segments["role"] != "interviewer"]
