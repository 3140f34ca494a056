"""Round trips for every input format: generated sources parse back to the expected segments.

Formats: plain text and Markdown, Word .docx, WebVTT, SRT, and WhatsApp exports (Android and iOS
layouts, Indonesian and English phone locales). Plus the format-specific bad inputs.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psm_qual.corpus import Corpus, load_corpus
from psm_qual.errors import SourceError
from psm_qual.io.formats import parse_captions
from psm_qual.io.whatsapp import looks_like_whatsapp, parse_whatsapp

SENTENCES = {
    "id": [
        "Saya datang ke rumah warga.",
        "Biasanya dari laporan Pak RT.",
        "Bantuan beras dibagikan hari Sabtu.",
        "Kadang-kadang data belum lengkap.",
        "Apakah Ibu mencatat kegiatan itu?",
        "Belum ada buku catatan, Pak.",
    ],
    "en": [
        "I visit the family at home.",
        "Usually the neighbourhood head tells me.",
        "Rice is handed out on Saturday.",
        "Do you keep a record of it?",
        "Not yet, we have no logbook.",
    ],
}
SPEAKERS = ["Peneliti", "PSM1", "Bu Ani", "Pak Dedi (TKSK)", "Operator Puskesos", "P"]
INTERVIEWERS = {"Peneliti", "P"}

Turn = tuple[str, list[str]]  # speaker, sentences


def _turns(seed: int, language: str, n: int = 6) -> list[Turn]:
    rng = random.Random(seed)
    return [
        (rng.choice(SPEAKERS), rng.sample(SENTENCES[language], rng.randint(1, 3))) for _ in range(n)
    ]


def _expected(turns: list[Turn]) -> list[tuple[str, str, str]]:
    return [
        (speaker, sentence, "interviewer" if speaker in INTERVIEWERS else "informant")
        for speaker, sentences in turns
        for sentence in sentences
    ]


def _observed(corpus: Corpus) -> list[tuple[str, str, str]]:
    segments = corpus.segments
    return list(zip(segments["speaker"], segments["text"], segments["role"], strict=True))


def _front(language: str, technique: str = "interview") -> str:
    return f"---\nid: S1\ntechnique: {technique}\nlanguage: {language}\n---\n"


def _check_invariant(corpus: Corpus) -> None:
    for row in corpus.segments.itertuples():
        assert corpus.bodies[row.source_id][row.start : row.end] == row.text


# ---------------------------------------------------------------- plain text, docx


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("style", ["plain", "markdown-bold", "continuation-lines"])
def test_plain_round_trip(tmp_path: Path, seed: int, language: str, style: str) -> None:
    turns = _turns(seed, language)
    lines = []
    for speaker, sentences in turns:
        if style == "plain":
            lines.append(f"{speaker}: {' '.join(sentences)}")
        elif style == "markdown-bold":
            lines.append(f"**{speaker}:** {' '.join(sentences)}")
        else:  # one sentence per line, later lines without label continue the turn
            lines.append(f"{speaker}: {sentences[0]}")
            lines.extend(sentences[1:])
        lines.append("")
    suffix = ".md" if style == "markdown-bold" else ".txt"
    (tmp_path / f"s{suffix}").write_text(_front(language) + "\n".join(lines), encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert _observed(corpus) == _expected(turns)
    _check_invariant(corpus)


@pytest.mark.parametrize(("seed", "language"), [(0, "id"), (1, "en"), (2, "id")])
def test_docx_round_trip(tmp_path: Path, seed: int, language: str) -> None:
    turns = _turns(seed, language)
    document = docx.Document()
    for line in _front(language).splitlines():
        document.add_paragraph(line)
    for speaker, sentences in turns:
        document.add_paragraph(f"{speaker}: {' '.join(sentences)}")
    document.save(str(tmp_path / "s.docx"))
    corpus = load_corpus(tmp_path)
    assert _observed(corpus) == _expected(turns)
    assert corpus.sources["format"].tolist() == ["docx"]
    _check_invariant(corpus)


def test_docx_metadata_from_manifest(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Peneliti: Apa kabar?")
    document.add_paragraph("PSM1: Baik.")
    document.save(str(tmp_path / "w.docx"))
    (tmp_path / "sources.csv").write_text("file,id,technique\nw.docx,W-DOC,interview\n")
    corpus = load_corpus(tmp_path)
    assert corpus.segments["segment_id"].tolist() == ["W-DOC:1", "W-DOC:2"]


def test_not_a_docx(tmp_path: Path) -> None:
    (tmp_path / "w.docx").write_text("not a zip", encoding="utf-8")
    with pytest.raises(SourceError, match=r"w\.docx: not a Word \.docx file"):
        load_corpus(tmp_path)


# ---------------------------------------------------------------- captions


def _clock(seconds: float, comma: bool) -> str:
    whole = int(seconds)
    millis = round((seconds - whole) * 1000)
    text = f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}.{millis:03d}"
    return text.replace(".", ",") if comma else text


def _captions(turns: list[Turn], kind: str, voices: bool) -> tuple[str, list[str]]:
    blocks, starts = [], []
    clock = 1.5
    for number, (speaker, sentences) in enumerate(turns, start=1):
        start, end = clock, clock + 2.25
        clock = end + 0.5
        text = " ".join(sentences)
        cue = f"<v {speaker}>{text}" if voices else f"{speaker}: {text}"
        timing = f"{_clock(start, kind == 'srt')} --> {_clock(end, kind == 'srt')}"
        blocks.append(f"{number}\n{timing}\n{cue}" if kind == "srt" else f"{timing}\n{cue}")
        starts.extend([_clock(start, False)] * len(sentences))
    header = "WEBVTT\n\n" if kind == "vtt" else ""
    return header + "\n\n".join(blocks) + "\n", starts


@pytest.mark.parametrize(
    ("kind", "voices", "encoding"),
    [
        ("vtt", True, "utf-8"),
        ("vtt", False, "utf-8"),
        ("srt", False, "utf-8"),
        ("vtt", True, "utf-16"),
        ("srt", False, "utf-8-sig"),
    ],
)
@pytest.mark.parametrize("seed", range(2))
def test_captions_round_trip(
    tmp_path: Path, kind: str, voices: bool, encoding: str, seed: int
) -> None:
    turns = _turns(seed, "id")
    text, starts = _captions(turns, kind, voices)
    (tmp_path / f"rekaman.{kind}").write_bytes(text.encode(encoding))
    (tmp_path / "sources.csv").write_text(
        f"file,id,informant,technique\nrekaman.{kind},W-REK,PSM1,interview\n", encoding="utf-8"
    )
    corpus = load_corpus(tmp_path)
    assert _observed(corpus) == _expected(turns)
    assert corpus.segments["timestamp"].tolist() == starts
    assert not corpus.segments["text"].str.contains("-->").any()
    assert not corpus.segments["text"].str.contains(r"\d\d:\d\d:\d\d").any()
    assert corpus.sources["format"].tolist() == [kind]
    _check_invariant(corpus)


def test_caption_without_label_continues_speaker() -> None:
    vtt = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nPSM1: Saya datang.\n\n"
        "00:00:02.000 --> 00:00:03.000\nLalu saya catat.\n"
    )
    body, units = parse_captions(vtt, kind="vtt")
    assert [(u.speaker, body[u.start : u.end]) for u in units] == [
        ("PSM1", "Saya datang."),
        ("PSM1", "Lalu saya catat."),
    ]


@pytest.mark.parametrize("kind", ["vtt", "srt"])
def test_malformed_captions(tmp_path: Path, kind: str) -> None:
    (tmp_path / f"c.{kind}").write_text("this is not a caption file\n", encoding="utf-8")
    (tmp_path / "sources.csv").write_text(f"file,technique\nc.{kind},interview\n")
    with pytest.raises(SourceError, match=rf"c\.{kind}: malformed {kind.upper()} captions"):
        load_corpus(tmp_path)


# ---------------------------------------------------------------- WhatsApp

MEDIA = {
    ("android", "id"): "<Media tidak disertakan>",
    ("android", "en"): "<Media omitted>",
    ("ios", "id"): "\u200egambar tidak disertakan",
    ("ios", "en"): "\u200eimage omitted",
}
SYSTEM = {
    "id": "Pesan dan panggilan terenkripsi secara end-to-end.",
    "en": "Messages and calls are end-to-end encrypted. Tap to learn more.",
}
SENDERS = ["Bu Ani", "Pak Dedi", "+62 812-3456-7890", "Operator Puskesos", "PSM 3"]
# layout, locale, date order, year digits, 12-hour clock, time separator, seconds
LAYOUTS = {
    "android-id": ("android", "id", "dmy", 2, False, ".", False),
    "android-en-us": ("android", "en", "mdy", 2, True, ":", False),
    "android-en-gb": ("android", "en", "dmy", 4, False, ":", False),
    "ios-id": ("ios", "id", "dmy", 2, False, ".", True),
    "ios-en-us": ("ios", "en", "mdy", 2, True, ":", True),
    "ios-en-gb": ("ios", "en", "dmy", 4, False, ":", True),
}


def _wa_header(layout: str, moment: dt.datetime) -> str:
    kind, _, order, digits, twelve, sep, seconds = LAYOUTS[layout]
    year = moment.year % 100 if digits == 2 else moment.year
    a, b = (moment.day, moment.month) if order == "dmy" else (moment.month, moment.day)
    date = f"{a:02d}/{b:02d}/{year:02d}" if order == "dmy" else f"{a}/{b}/{year:02d}"
    hour = moment.hour
    clock = f"{(hour % 12 or 12) if twelve else hour:02d}{sep}{moment.minute:02d}"
    if seconds:
        clock += f"{sep}{moment.second:02d}"
    if twelve:
        clock += "\u202f" + ("PM" if hour >= 12 else "AM")
    return (
        f"[{date}, {clock}] "
        if kind == "ios"
        else f"{date}, {clock} - "
        if twelve
        else (f"{date} {clock} - ")
    )


Message = tuple[dt.datetime, str, str, bool]  # moment, sender, text, media


def _chat(layout: str, messages: list[Message], system_every: int = 3) -> str:
    kind, locale = LAYOUTS[layout][:2]
    lines = [_wa_header(layout, messages[0][0]) + SYSTEM[locale]]
    for number, (moment, sender, text, media) in enumerate(messages):
        body = MEDIA[(kind, locale)] + ("\n" + text if text else "") if media else text
        lines.append(f"{_wa_header(layout, moment)}{sender}: {body}")
        if number % system_every == 2:
            lines.append(_wa_header(layout, moment) + f"{sender} keluar")
    return "\n".join(lines) + "\n"


messages_strategy = st.lists(
    st.tuples(
        st.datetimes(min_value=dt.datetime(2019, 1, 1), max_value=dt.datetime(2030, 12, 31)),
        st.sampled_from(SENDERS),
        st.lists(st.sampled_from(SENTENCES["id"] + SENTENCES["en"]), min_size=0, max_size=3),
        st.booleans(),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layout=st.sampled_from(sorted(LAYOUTS)), raw=messages_strategy)
def test_whatsapp_round_trip(layout: str, raw: list) -> None:
    messages: list[Message] = []
    for moment, sender, lines, media in raw:
        text = "\n".join(lines)
        if not text and not media:
            text = "Ok."
        moment = moment.replace(microsecond=0)
        if not LAYOUTS[layout][6]:  # no seconds in this layout
            moment = moment.replace(second=0)
        messages.append((moment, sender, text, media))
    chat = _chat(layout, messages)
    assert looks_like_whatsapp(chat)
    units = parse_whatsapp(chat, path="chat.txt")
    kind, locale = LAYOUTS[layout][:2]
    expected = [
        (
            sender,
            (MEDIA[(kind, locale)].lstrip("\u200e") + ("\n" + text if text else ""))
            if media
            else text,
            moment.isoformat(),
            media,
        )
        for moment, sender, text, media in messages
    ]
    observed = [(u.speaker, chat[u.start : u.end].strip(), u.timestamp, u.media) for u in units]
    assert observed == expected


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_whatsapp_through_load_corpus(tmp_path: Path, layout: str) -> None:
    moments = [dt.datetime(2023, 5, 12, 8, 15), dt.datetime(2023, 5, 13, 20, 1)]
    messages = [
        (moments[0], "Bu Ani", "Laporan kegiatan makan bersama lansia.\nFoto menyusul.", False),
        (moments[1], "Pak Dedi", "", True),
    ]
    (tmp_path / "grup_psm.txt").write_text(_chat(layout, messages), encoding="utf-8")
    (tmp_path / "sources.csv").write_text("file,id,group\ngrup_psm.txt,D-WA,PSM\n")
    corpus = load_corpus(tmp_path)
    source = corpus.sources.iloc[0]
    assert (source["format"], source["technique"]) == ("whatsapp", "documentation")
    segments = corpus.segments
    assert segments["speaker"].tolist() == ["Bu Ani", "Pak Dedi"]
    assert segments["timestamp"].tolist() == ["2023-05-12T08:15:00", "2023-05-13T20:01:00"]
    assert segments["media"].tolist() == [False, True]
    assert segments["text"].iloc[0] == "Laporan kegiatan makan bersama lansia.\nFoto menyusul."
    _check_invariant(corpus)


def test_whatsapp_with_front_matter_and_date_order(tmp_path: Path) -> None:
    chat = "01/02/23 08.15 - Bu Ani: Rapat hari ini.\n"
    front = "---\nid: D-WA\ntechnique: documentation\ndate_order: mdy\n---\n"
    (tmp_path / "wa.txt").write_text(front + chat, encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus.segments["timestamp"].tolist() == ["2023-01-02T08:15:00"]
    assert corpus.segments["start"].tolist() == [25]


@pytest.mark.parametrize(
    ("chat", "pattern"),
    [
        ("31/02/23 08.15 - Bu Ani: Halo\n", r"wa\.txt:7: impossible date or time 31/02/23"),
        (
            "12/05/23 08.15 - Bu Ani: Halo\n13/13/23 08.16 - Bu Ani: Lagi\n",
            r"wa\.txt:8: impossible date '13/13/23'",
        ),
        (
            "13/05/23 08.15 - Bu Ani: Halo\n05/14/23 08.16 - Bu Ani: Lagi\n",
            r"wa\.txt:8: dates mix day/month/year and month/day/year",
        ),
        ("12/05/23 25.15 - Bu Ani: Halo\n", r"wa\.txt:7: impossible date or time"),
        ("12/05/23 08.15 - Bu Ani bergabung\n", r"wa\.txt:6: no WhatsApp messages with a sender"),
    ],
)
def test_whatsapp_bad_dates(tmp_path: Path, chat: str, pattern: str) -> None:
    front = "---\nid: D-WA\ntechnique: documentation\nlanguage: id\n---\n\n"
    (tmp_path / "wa.txt").write_text(front + chat, encoding="utf-8")
    with pytest.raises(SourceError, match=pattern):
        load_corpus(tmp_path)


def test_whatsapp_detected_by_content_not_name(tmp_path: Path) -> None:
    (tmp_path / "catatan.md").write_text(
        "---\ntechnique: documentation\n---\n[12/05/23, 08.15.30] Bu Ani: Halo\n",
        encoding="utf-8",
    )
    corpus = load_corpus(tmp_path)
    assert corpus.sources["format"].tolist() == ["whatsapp"]
    assert corpus.segments["speaker"].tolist() == ["Bu Ani"]
