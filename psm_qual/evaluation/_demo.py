"""A tiny in-memory data bundle for doctests and examples (two PSM, one chat, one log, a survey)."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from psm_qual.columns import SEGMENT_COLUMNS, SEGMENT_EXTRA_COLUMNS, SOURCE_COLUMNS
from psm_qual.evaluation.data import EvaluationData

__all__ = ["demo_bundle"]


def demo_bundle() -> EvaluationData:
    """Two interviewed PSM (one keeps records), a chat with one explained report, a meeting log."""
    from psm_qual.corpus import Corpus

    sources = pd.DataFrame(
        [
            ("W-A", "PSM1", "PSM", "interview", "2024-06-01", "id", "A", "w-a.txt", "txt"),
            ("W-B", "PSM2", "PSM", "interview", "2024-06-01", "id", "B", "w-b.txt", "txt"),
        ],
        columns=list(SOURCE_COLUMNS),
    )
    texts = [
        ("W-A", "P", "Ibu mencatat kegiatan?", "interviewer"),
        ("W-A", "PSM1", "Saya catat di buku.", "informant"),
        ("W-B", "P", "Bapak mencatat?", "interviewer"),
        ("W-B", "PSM2", "Belum sempat.", "informant"),
    ]
    rows, bodies, offsets = [], {"W-A": "", "W-B": ""}, {}
    counters = {"W-A": 0, "W-B": 0}
    for source, speaker, text, role in texts:
        start = len(bodies[source])
        bodies[source] += text + "\n"
        counters[source] += 1
        informant = "PSM1" if source == "W-A" else "PSM2"
        rows.append(
            (f"{source}:{counters[source]}", source, start, start + len(text), speaker, text,
             informant, "PSM", "interview", "id", role, "")  # fmt: skip
        )
        offsets[f"{source}:{counters[source]}"] = (start, start + len(text))
    segments = pd.DataFrame(rows, columns=list(SEGMENT_COLUMNS + SEGMENT_EXTRA_COLUMNS))
    corpus = Corpus(sources=sources, segments=segments, bodies=bodies)
    a, b = offsets["W-A:2"], offsets["W-B:2"]
    codings = pd.DataFrame(
        [
            ("W-A", a[0], a[1], "administrator/recording", "consensus", "", ""),
            ("W-A", a[0], a[1], "assessment/performed", "consensus", "", ""),
            ("W-B", b[0], b[1], "administrator/recording", "consensus", "", ""),
            ("W-B", b[0], b[1], "assessment/gap", "consensus", "", ""),
        ],
        columns=["source_id", "start", "end", "code", "coder", "memo", "created_at"],
    )
    log = pd.DataFrame(
        {"date": [date(2024, 1, 10), date(2024, 2, 12), date(2024, 3, 5)],
         "type": ["routine", "routine", "case"], "partner": ["", "", ""]}
    )
    log.attrs.update(path="meeting_log.csv", lines=[2, 3, 4])
    chat = pd.DataFrame(
        {
            "message_id": ["C:1", "C:2", "C:3", "C:4"],
            "source_id": "C",
            "sender": ["Ani", "Ani", "Budi", "Budi"],
            "timestamp": [datetime(2024, 1, 5, 9), datetime(2024, 1, 5, 9, 2),
                          datetime(2024, 2, 3, 10), datetime(2024, 2, 3, 10, 1)],
            "text": ["<Media tidak disertakan>", "Kunjungan Bu N: tensi tinggi, dirujuk ke PKM besok",
                     "<Media tidak disertakan>", "Beres"],
            "media": [True, False, True, False],
        }
    )
    survey = pd.DataFrame(
        {"respondent": ["PSM1", "PSM2"], "item": ["recording_skill"] * 2,
         "pre": [2.0, 3.0], "post": [4.0, 3.0]}
    )
    survey.attrs.update(path="survey_pre_post.csv", lines=[2, 3])
    return EvaluationData(
        corpus=corpus, codings=codings, logs={"meeting_log": log}, whatsapp=chat, survey=survey,
        label="demo",
    )
