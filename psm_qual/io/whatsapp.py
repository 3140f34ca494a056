"""WhatsApp chat exports (``.txt``) as sources: one segment per message.

Both phone layouts are recognised, in Indonesian and English locales::

    12/05/23 08.15 - Bu Ani: Laporan kegiatan hari ini        (Android)
    [12/05/23, 08.15.30] Bu Ani: Laporan kegiatan hari ini    (iOS)
    5/12/23, 8:15 PM - Bu Ani: ...                            (Android, US English)

Dates are day/month/year or month/day/year with 2- or 4-digit years; the order is read from the
file (a first field above 12 means day first, a second field above 12 means month first); when
nothing decides it, day first is assumed unless the times use AM/PM. A front-matter key
``date_order: dmy`` or ``mdy`` overrides. Times use ``.`` or ``:``, with or without seconds.

A line without the date header continues the previous message. Lines without a sender
(``Bu Ani bergabung...``, the encryption notice) are system lines and are skipped. Media
placeholders (``<Media tidak disertakan>``, ``<Media omitted>``, ``image omitted``,
``gambar tidak disertakan``...) are kept as text and flagged ``media=True``.

The parser is written for psm_qual (``whatstk`` is GPL-3.0 and is not used).
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Literal

from psm_qual.errors import SourceError
from psm_qual.segmentation import Unit

__all__ = ["looks_like_whatsapp", "parse_whatsapp", "is_media_placeholder"]

_SPACE = "[ \u202f\u00a0]"
_DATE = r"(?P<date>\d{1,2}/\d{1,2}/(?:\d{4}|\d{2}))"
_TIME = (
    r"(?P<time>\d{1,2}[.:]\d{2}(?:[.:]\d{2})?)"
    rf"(?:{_SPACE}?(?P<ampm>[AaPp]\.?{_SPACE}?[Mm]\.?))?"
)
_ANDROID = re.compile(rf"\u200e?{_DATE},?{_SPACE}{_TIME}{_SPACE}[-\u2013]{_SPACE}")
_IOS = re.compile(rf"\u200e?\[{_DATE},?{_SPACE}{_TIME}\]{_SPACE}")
_SENDER = re.compile(r"(?P<sender>[^:\n\"\u201c\u201d]{1,80}?): ")
_MEDIA = re.compile(
    r"\u200e?(?:"
    r"<\s*(?:media|file|gambar|foto|video)\s+(?:tidak\s+disertakan|omitted|dihilangkan)\s*>"
    r"|(?:image|photo|video|audio|sticker|gif|document|contact card)\s+omitted"
    r"|(?:gambar|foto|video|audio|stiker|dokumen|gif)\s+(?:tidak\s+disertakan|dihilangkan)"
    r"|<attached:[^>]*>"
    r"|.+\((?:file attached|file terlampir)\)"
    r")",
    re.IGNORECASE,
)


def _header(line: str) -> re.Match[str] | None:
    return _ANDROID.match(line) or _IOS.match(line)


def looks_like_whatsapp(text: str) -> bool:
    """Whether ``text`` is a WhatsApp export: its first non-empty line has a message header.

    Examples
    --------
    >>> looks_like_whatsapp("12/05/23 08.15 - Bu Ani: Selamat pagi\\n")
    True
    >>> looks_like_whatsapp("[12/05/23, 08.15.30] Bu Ani: Selamat pagi\\n")
    True
    >>> looks_like_whatsapp("PSM1: Selamat pagi\\n")
    False
    """
    for line in text.split("\n", 20)[:20]:
        if line.strip():
            return _header(line) is not None
    return False


def is_media_placeholder(text: str) -> bool:
    """Whether a message (its first line) is a media placeholder.

    Examples
    --------
    >>> [is_media_placeholder(t) for t in ("<Media tidak disertakan>", "image omitted", "Halo")]
    [True, True, False]
    """
    return _MEDIA.match(text.split("\n", 1)[0].strip()) is not None


def _fields(date: str) -> tuple[int, int, int]:
    a, b, y = (int(part) for part in date.split("/"))
    return a, b, (2000 + y if y < 100 else y)


def _date_order(
    headers: list[tuple[int, re.Match[str]]], path: str | Path, first_line: int
) -> Literal["dmy", "mdy"]:
    day_first = month_first = None
    for number, match in headers:
        a, b, _ = _fields(match.group("date"))
        if a > 12 and b > 12:
            raise SourceError(
                f"impossible date {match.group('date')!r}", path=path, line=first_line + number
            )
        if a > 12 and day_first is None:
            day_first = number
        if b > 12 and month_first is None:
            month_first = number
    if day_first is not None and month_first is not None:
        later = max(day_first, month_first)
        raise SourceError(
            "dates mix day/month/year and month/day/year (set date_order: dmy or mdy)",
            path=path,
            line=first_line + later,
        )
    if day_first is not None:
        return "dmy"
    if month_first is not None:
        return "mdy"
    uses_ampm = any(match.group("ampm") for _, match in headers)
    return "mdy" if uses_ampm else "dmy"


def _timestamp(match: re.Match[str], order: str, path: str | Path, line: int) -> str:
    a, b, year = _fields(match.group("date"))
    day, month = (a, b) if order == "dmy" else (b, a)
    parts = [int(p) for p in re.split(r"[.:]", match.group("time"))]
    hour, minute, second = parts[0], parts[1], parts[2] if len(parts) > 2 else 0
    ampm = (match.group("ampm") or "").replace(".", "").replace(" ", "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            raise SourceError(f"impossible time {match.group('time')!r}", path=path, line=line)
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    try:
        return datetime(year, month, day, hour, minute, second).isoformat()
    except ValueError as error:
        raise SourceError(
            f"impossible date or time {match.group('date')} {match.group('time')!r} ({error})",
            path=path,
            line=line,
        ) from None


def parse_whatsapp(
    body: str,
    *,
    path: str | Path = "<chat>",
    first_line: int = 1,
    date_order: Literal["dmy", "mdy"] | None = None,
) -> list[Unit]:
    """Cut a WhatsApp export into one unit per message.

    Parameters
    ----------
    body : str
        The export (after any front matter), ``\\n`` line ends.
    path : str or Path
        For error messages.
    first_line : int
        The file line where ``body`` starts (after front matter), for error messages.
    date_order : {"dmy", "mdy"}, optional
        Day/month order of the dates; read from the file when omitted.

    Returns
    -------
    list of Unit
        ``speaker`` is the sender, ``timestamp`` the ISO date-time, ``media`` flags media
        placeholders, ``split=False`` (a message is one segment). The unit spans the message text
        (after ``Sender: ``) and its continuation lines.

    Raises
    ------
    SourceError
        Impossible or inconsistent dates and times (with the line), or no message at all.

    Examples
    --------
    >>> chat = "12/05/23 08.15 - Bu Ani: Laporan kegiatan\\nhari ini\\n"
    >>> chat += "12/05/23 08.16 - Pak Dedi: <Media tidak disertakan>\\n"
    >>> units = parse_whatsapp(chat)
    >>> [(chat[u.start:u.end].strip(), u.speaker, u.timestamp, u.media) for u in units]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('Laporan kegiatan\\nhari ini', 'Bu Ani', '2023-05-12T08:15:00', False),
     ('<Media tidak disertakan>', 'Pak Dedi', '2023-05-12T08:16:00', True)]
    """
    lines = body.split("\n")
    headers: list[tuple[int, re.Match[str]]] = []
    for number, line in enumerate(lines):
        match = _header(line)
        if match is not None:
            headers.append((number, match))
    if date_order is None:
        date_order = _date_order(headers, path, first_line)
    elif date_order not in ("dmy", "mdy"):
        raise SourceError(
            f"unknown date_order {date_order!r}; use dmy or mdy", path=path, field="date_order"
        )
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    units: list[Unit] = []
    following = [n for n, _ in headers[1:]] + [len(lines)]
    for (number, match), next_number in zip(headers, following, strict=True):
        rest = lines[number][match.end() :]
        sender = _SENDER.match(rest)
        if sender is None:
            continue  # a system line: no sender
        timestamp = _timestamp(match, date_order, path, first_line + number)
        start = starts[number] + match.end() + sender.end()
        while start < len(body) and body[start] == "\u200e":
            start += 1
        end = min(starts[next_number], len(body))
        text = body[start:end]
        units.append(
            Unit(
                start,
                end,
                sender.group("sender").strip().lstrip("\u200e~ \u202f"),
                "informant",
                timestamp,
                is_media_placeholder(text),
                False,
            )
        )
    if not units:
        raise SourceError("no WhatsApp messages with a sender", path=path, line=first_line)
    return units
