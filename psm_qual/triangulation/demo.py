"""A tiny hand-built study (not the Pasteur data) for the examples in the docstrings.

Two themes, ``housing`` and ``health``, two informant groups (``tenant``: T1 and T2, interviewed;
``warden``: X1, observed) and the default assessment codes.
"""

from __future__ import annotations

from types import MappingProxyType

import pandas as pd

from psm_qual.columns import CODING_COLUMNS, SEGMENT_COLUMNS, SEGMENT_EXTRA_COLUMNS, SOURCE_COLUMNS
from psm_qual.corpus import Corpus

__all__ = ["toy_study", "build_corpus"]

_TURNS = (
    # source, informant, group, technique, speaker, text, codes
    ("I-T1", "T1", "tenant", "interview", "Q", "How is the house?", ()),
    (
        "I-T1",
        "T1",
        "tenant",
        "interview",
        "T1",
        "The rent is paid on time.",
        ("housing/rent", "assessment/performed"),
    ),
    (
        "I-T1",
        "T1",
        "tenant",
        "interview",
        "T1",
        "The clinic is too far.",
        ("health/access", "assessment/gap"),
    ),
    (
        "I-T2",
        "T2",
        "tenant",
        "interview",
        "T2",
        "We repaired the roof together.",
        ("housing/repair", "assessment/performed"),
    ),
    (
        "I-T2",
        "T2",
        "tenant",
        "interview",
        "T2",
        "No doctor came this month.",
        ("health/access", "assessment/gap"),
    ),
    (
        "O-X1",
        "X1",
        "warden",
        "observation",
        "",
        "The officer did not visit the clinic.",
        ("health/visits", "assessment/gap", "barrier/funding"),
    ),
)


def build_corpus(rows) -> tuple[Corpus, pd.DataFrame]:
    """Build a corpus and whole-segment codings from rows of
    ``(source, informant, group, technique, speaker, text, codes)``.

    Each source's body is its segments' texts joined by newlines; a speaker ``"Q"`` marks an
    interviewer turn. Codings are made by coder ``"demo"`` on the whole segment.
    """
    bodies: dict[str, str] = {}
    segments, codings, sources = [], [], {}
    for source, informant, group, technique, speaker, text, codes in rows:
        body = bodies.get(source, "")
        start = len(body) + (1 if body else 0)
        bodies[source] = f"{body}\n{text}" if body else text
        n = sum(1 for s in segments if s[1] == source) + 1
        role = "interviewer" if speaker == "Q" else "informant"
        segments.append(
            (
                f"{source}:{n}",
                source,
                start,
                start + len(text),
                speaker,
                text,
                informant,
                group,
                technique,
                "en",
                role,
                "",
            )
        )
        sources.setdefault(
            source, (source, informant, group, technique, "", "en", source, "", "txt")
        )
        codings.extend((source, start, start + len(text), code, "demo", "", "") for code in codes)
    corpus = Corpus(
        sources=pd.DataFrame(list(sources.values()), columns=list(SOURCE_COLUMNS)),
        segments=pd.DataFrame(
            segments, columns=list(SEGMENT_COLUMNS + SEGMENT_EXTRA_COLUMNS)
        ).astype({"start": "int64", "end": "int64"}),
        bodies=MappingProxyType(bodies),
    )
    frame = pd.DataFrame(codings, columns=list(CODING_COLUMNS)).astype(
        {"start": "int64", "end": "int64"}
    )
    return corpus, frame


def toy_study() -> tuple[pd.DataFrame, Corpus]:
    """Codings and corpus of the toy study.

    Examples
    --------
    >>> codings, corpus = toy_study()
    >>> len(codings), len(corpus.coded_segments)
    (11, 5)
    """
    corpus, codings = build_corpus(_TURNS)
    return codings, corpus
