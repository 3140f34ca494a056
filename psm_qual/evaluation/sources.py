"""Adapters from each kind of evaluation data to the rows an indicator counts.

- coded interviews: :func:`coded_units` (segments carrying given codes, per informant);
- logs: :func:`select_rows`, :func:`log_months`;
- WhatsApp exports: :func:`whatsapp_messages`, :func:`whatsapp_reports`,
  :func:`reporting_by_member`, :func:`whatsapp_summary`;
- surveys: :func:`survey_values`.

Every function returns the evidence references that make a value traceable: segment ids
(``W-PSM1:12``), log rows (``meeting_log.csv:4``), message ids (chat segment ids) and survey rows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from psm_qual.columns import (
    CODE,
    CODER,
    FORMAT,
    GROUP,
    INFORMANT,
    MEDIA,
    SEGMENT_ID,
    SOURCE_ID,
    SPEAKER,
    TECHNIQUE,
    TEXT,
    TIMESTAMP,
)
from psm_qual.errors import EvaluationError

__all__ = [
    "MESSAGE_COLUMNS",
    "REPORT_COLUMNS",
    "coded_units",
    "select_rows",
    "row_refs",
    "log_months",
    "months_between",
    "whatsapp_messages",
    "member_map",
    "whatsapp_reports",
    "reporting_by_member",
    "whatsapp_summary",
    "survey_values",
]

#: Columns of :func:`whatsapp_messages`.
MESSAGE_COLUMNS = ("message_id", SOURCE_ID, "sender", TIMESTAMP, TEXT, MEDIA)
#: Columns of :func:`whatsapp_reports`.
REPORT_COLUMNS = (
    "report_id", "member", "sender", TIMESTAMP, "month", "photos", "explanation", "words",
    "explained", "messages",
)


def _codes(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def coded_units(
    corpus: Any,
    codings: pd.DataFrame,
    *,
    codes: Sequence[str] | str,
    with_codes: Sequence[str] | str = (),
    group: str | None = None,
    technique: str | None = None,
    coder: str | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """Segments carrying one of ``codes`` and all of ``with_codes``, and the informants asked.

    Only informant turns count (``corpus.coded_segments``): a span coded on an interviewer's
    question is not evidence.

    Returns
    -------
    (DataFrame, list of str)
        The qualifying segments (``segment_id, informant``), and every informant of ``group``
        (and ``technique``) with at least one coded segment in the corpus — the denominator of a
        share.

    Examples
    --------
    >>> from psm_qual.evaluation._demo import demo_bundle
    >>> data = demo_bundle()
    >>> segments, informants = coded_units(data.corpus, data.codings,
    ...     codes=["administrator/recording"], with_codes=["assessment/performed"], group="PSM")
    >>> segments["segment_id"].tolist(), informants
    (['W-A:2'], ['PSM1', 'PSM2'])
    """
    from psm_qual.coding.frame import segment_codings

    # Interviewer turns are not evidence (as in the triangulation and the findings).
    frame = segment_codings(codings, corpus.coded_segments)
    if coder is not None:
        frame = frame[frame[CODER] == coder]
    if group is not None:
        frame = frame[frame[GROUP] == group]
    if technique is not None:
        frame = frame[frame[TECHNIQUE] == technique]
    frame = frame[frame[INFORMANT].fillna("") != ""]
    informants = sorted(frame[INFORMANT].unique().tolist())
    by_segment = frame.groupby(SEGMENT_ID, sort=False)[CODE].agg(set)
    wanted, needed = set(_codes(codes)), set(_codes(with_codes))
    keep = [s for s, found in by_segment.items() if found & wanted and needed <= found]
    owners = frame.drop_duplicates(SEGMENT_ID).set_index(SEGMENT_ID)[INFORMANT]
    segments = pd.DataFrame(
        {SEGMENT_ID: keep, INFORMANT: [owners[s] for s in keep]}, columns=[SEGMENT_ID, INFORMANT]
    )
    return segments, informants


def row_refs(log: pd.DataFrame, index: Sequence[int] | None = None) -> list[str]:
    """``file.csv:line`` for rows of a frame read by :mod:`psm_qual.io.logs` (positions)."""
    name = Path(str(log.attrs.get("path", "table"))).name
    lines = log.attrs.get("lines")
    positions = range(len(log)) if index is None else index
    return [f"{name}:{lines[i] if lines else i + 2}" for i in positions]


def select_rows(log: pd.DataFrame, where: Mapping[str, Any] | None) -> list[int]:
    """Positions of the rows whose columns equal the ``where`` values (or one of a list).

    Values are compared as text, case-insensitively. An unknown column raises
    :class:`EvaluationError` naming the file and the columns it has.

    Examples
    --------
    >>> log = pd.DataFrame({"type": ["routine", "case", "Routine"]})
    >>> select_rows(log, {"type": "routine"})
    [0, 2]
    """
    mask = pd.Series(True, index=range(len(log)))
    for column, value in (where or {}).items():
        if column not in log.columns:
            raise EvaluationError(
                f"missing column {column!r} (the log has {list(log.columns)})",
                path=log.attrs.get("path"),
                line=1 if log.attrs.get("path") else None,
            )
        allowed = {str(v).strip().casefold() for v in (value if isinstance(value, list) else [value])}
        cells = log[column].astype(str).str.strip().str.casefold().reset_index(drop=True)
        mask &= cells.isin(allowed)
    return [i for i, keep in enumerate(mask) if keep]


def months_between(first: date, last: date) -> int:
    """Calendar months from ``first`` to ``last``, both included.

    >>> months_between(date(2024, 1, 31), date(2024, 6, 1))
    6
    """
    return (last.year - first.year) * 12 + last.month - first.month + 1


def log_months(log: pd.DataFrame) -> int:
    """The number of calendar months a log spans (first to last row)."""
    if not len(log):
        raise EvaluationError(
            "an empty log has no period: give 'months' in the indicator's compute",
            path=log.attrs.get("path"),
        )
    dates = log["date"]
    return months_between(min(dates), max(dates))


def whatsapp_messages(corpus: Any) -> pd.DataFrame:
    """The chat messages of a corpus's WhatsApp sources (one segment per message).

    Returns
    -------
    DataFrame
        ``message_id`` (the segment id), ``source_id``, ``sender``, ``timestamp``
        (:class:`datetime.datetime`), ``text``, ``media`` (a media placeholder), in chat order.
    """
    chats = corpus.sources.loc[corpus.sources[FORMAT] == "whatsapp", SOURCE_ID].tolist()
    segments = corpus.segments[corpus.segments[SOURCE_ID].isin(chats)]
    media = segments[MEDIA] if MEDIA in segments.columns else pd.Series(False, index=segments.index)
    frame = pd.DataFrame(
        {
            "message_id": segments[SEGMENT_ID].to_numpy(),
            SOURCE_ID: segments[SOURCE_ID].to_numpy(),
            "sender": segments[SPEAKER].to_numpy(),
            TIMESTAMP: [datetime.fromisoformat(t) for t in segments[TIMESTAMP]],
            TEXT: segments[TEXT].str.strip().to_numpy(),
            MEDIA: media.astype(bool).to_numpy(),
        },
        columns=list(MESSAGE_COLUMNS),
    )
    return frame.reset_index(drop=True)


def member_map(members: Sequence[str] | Mapping[str, str]) -> dict[str, str]:
    """``{sender: member id}`` from a list of sender names (each its own id) or a mapping."""
    if isinstance(members, Mapping):
        return {str(k): str(v) for k, v in members.items()}
    return {str(m): str(m) for m in members}


def whatsapp_reports(
    messages: pd.DataFrame,
    *,
    members: Sequence[str] | Mapping[str, str],
    window_minutes: float = 10,
    min_words: int = 8,
) -> pd.DataFrame:
    """Activity reports in a chat: photo documentation posted by a member, with its text.

    A report is a run of media messages (photos) by one member, each within ``window_minutes``
    of the previous. Its explanation is the text the same member writes within
    ``window_minutes`` before the first or after the last photo; the report is *explained*
    when that text has at least ``min_words`` words (the study found photos with only short
    captions).

    Returns
    -------
    DataFrame
        Columns :data:`REPORT_COLUMNS`: ``report_id`` (first photo's message id), ``member``,
        ``sender``, ``timestamp``, ``month`` (``YYYY-MM``), ``photos``, ``explanation``,
        ``words``, ``explained``, ``messages`` (ids of every message in the report).

    Examples
    --------
    >>> from datetime import datetime as dt
    >>> chat = pd.DataFrame({"message_id": ["C:1", "C:2", "C:3"], "source_id": "C",
    ...     "sender": ["Ani", "Ani", "Budi"], "timestamp": [dt(2024, 1, 5, 9, 0),
    ...     dt(2024, 1, 5, 9, 1), dt(2024, 1, 6, 9, 0)],
    ...     "text": ["<Media tidak disertakan>", "Kunjungan lansia", "Siap"],
    ...     "media": [True, False, False]})
    >>> whatsapp_reports(chat, members=["Ani", "Budi"], min_words=2)[
    ...     ["report_id", "member", "words", "explained", "messages"]].values.tolist()
    [['C:1', 'Ani', 2, True, ('C:1', 'C:2')]]
    """
    names = member_map(members)
    window = pd.Timedelta(minutes=window_minutes)
    rows = []
    chat = messages.reset_index(drop=True)
    used: set[int] = set()
    i = 0
    while i < len(chat):
        row = chat.iloc[i]
        if not (row[MEDIA] and row["sender"] in names) or i in used:
            i += 1
            continue
        sender = row["sender"]
        photos = [i]
        j = i + 1
        while j < len(chat):
            nxt = chat.iloc[j]
            if nxt["timestamp"] - chat.iloc[photos[-1]]["timestamp"] > window:
                break
            if nxt["sender"] == sender and nxt[MEDIA]:
                photos.append(j)
            j += 1
        first_time = chat.iloc[photos[0]]["timestamp"]
        last_time = chat.iloc[photos[-1]]["timestamp"]
        texts = [
            k
            for k in range(len(chat))
            if k not in used
            and chat.iloc[k]["sender"] == sender
            and not chat.iloc[k][MEDIA]
            and first_time - window <= chat.iloc[k]["timestamp"] <= last_time + window
        ]
        used.update(photos)
        used.update(texts)
        explanation = " ".join(chat.iloc[k][TEXT] for k in texts)
        words = len(explanation.split())
        ids = tuple(chat.iloc[k]["message_id"] for k in sorted(photos + texts))
        rows.append(
            (
                chat.iloc[photos[0]]["message_id"], names[sender], sender, first_time,
                first_time.strftime("%Y-%m"), len(photos), explanation, words,
                words >= min_words, ids,
            )  # fmt: skip
        )
        i = photos[-1] + 1
    return pd.DataFrame(rows, columns=list(REPORT_COLUMNS))


def _chat_months(messages: pd.DataFrame) -> list[str]:
    first, last = min(messages[TIMESTAMP]).date(), max(messages[TIMESTAMP]).date()
    count = months_between(first, last)
    year, month = first.year, first.month
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def reporting_by_member(
    messages: pd.DataFrame,
    *,
    members: Sequence[str] | Mapping[str, str],
    window_minutes: float = 10,
    min_words: int = 8,
) -> pd.DataFrame:
    """Reports per member per month of the chat (zeros included).

    Returns
    -------
    DataFrame
        ``member, month, reports, explained`` for every member × calendar month from the
        first to the last message of the chat.
    """
    reports = whatsapp_reports(
        messages, members=members, window_minutes=window_minutes, min_words=min_words
    )
    months = _chat_months(messages)
    ids = list(dict.fromkeys(member_map(members).values()))
    grid = pd.MultiIndex.from_product([ids, months], names=["member", "month"])
    counts = reports.groupby(["member", "month"]).agg(
        reports=("report_id", "size"), explained=("explained", "sum")
    )
    table = counts.reindex(grid, fill_value=0).reset_index()
    table["reports"] = table["reports"].astype(int)
    table["explained"] = table["explained"].astype(int)
    return table


def whatsapp_summary(
    messages: pd.DataFrame,
    *,
    members: Sequence[str] | Mapping[str, str],
    window_minutes: float = 10,
    min_words: int = 8,
    min_share_of_months: float = 0.5,
) -> dict[str, Any]:
    """The chat's reporting measures: reports per member per month, explained share, regularity.

    Returns
    -------
    dict
        ``months``, ``members``, ``reports``, ``explained``, ``reports_per_member_month``,
        ``explained_share`` (NaN without reports), ``regular_members`` (members with reports
        in at least ``min_share_of_months`` of the months), ``regular_share``, ``report_ids``,
        ``explained_ids``, ``regular_ids`` (message ids of the regular members' reports).
    """
    reports = whatsapp_reports(
        messages, members=members, window_minutes=window_minutes, min_words=min_words
    )
    months = _chat_months(messages)
    ids = list(dict.fromkeys(member_map(members).values()))
    active = reports.groupby("member")["month"].nunique()
    needed = math.ceil(min_share_of_months * len(months))
    regular = [m for m in ids if active.get(m, 0) >= max(needed, 1)]
    explained = reports[reports["explained"].astype(bool)]
    return {
        "months": len(months),
        "members": len(ids),
        "reports": len(reports),
        "explained": len(explained),
        "reports_per_member_month": len(reports) / (len(ids) * len(months)),
        "explained_share": len(explained) / len(reports) if len(reports) else float("nan"),
        "regular_members": regular,
        "regular_share": len(regular) / len(ids),
        "report_ids": reports["report_id"].tolist(),
        "explained_ids": explained["report_id"].tolist(),
        "regular_ids": reports.loc[reports["member"].isin(regular), "report_id"].tolist(),
    }


def survey_values(
    survey: pd.DataFrame, *, item: str, wave: str
) -> tuple[pd.Series, list[str]]:
    """The answers to ``item`` at ``wave`` (``"pre"`` or ``"post"``) and their row references.

    Raises :class:`EvaluationError` when the survey has no such item.
    """
    positions = [i for i, v in enumerate(survey["item"]) if v == item]
    if not positions:
        items = sorted(set(survey["item"]))
        raise EvaluationError(
            f"the survey has no item {item!r}; it has {items}", path=survey.attrs.get("path")
        )
    values = survey[wave].iloc[positions]
    keep = [p for p, v in zip(positions, values, strict=True) if not pd.isna(v)]
    return survey[wave].iloc[keep].astype(float), row_refs(survey, keep)
