"""Tests for psm_qual.segmentation: speaker labels, turns, paragraphs, sentences."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psm_qual.segmentation import (
    Unit,
    count_words,
    match_speaker_label,
    paragraph_units,
    segment_body,
    speaker_turns,
    split_units,
)


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("PSM1: Ya.", "PSM1"),
        ("Peneliti: Bagaimana?", "Peneliti"),
        ("P: Apa?", "P"),
        ("Bu Ani: Halo", "Bu Ani"),
        ("Pak Dedi (TKSK): Siap", "Pak Dedi (TKSK)"),
        ("Operator Puskesos Kel. Pasteur: Betul", "Operator Puskesos Kel. Pasteur"),
        ("Orang-tua PPKS2: Iya", "Orang-tua PPKS2"),
        ("**PSM2:** Iya", "PSM2"),
        ("**PSM2**: Iya", "PSM2"),
        ("  PSM1:   indented", "PSM1"),
        ("PSM1:", "PSM1"),  # text on the following lines
        ("Pukul 09.00: rapat dimulai", None),
        ("08.15: warga datang", None),
        ("Jam 9.30: selesai", None),
        ("Lihat https://kemensos.go.id untuk info", None),
        ("https://kemensos.go.id: situs", None),
        ("Satu dua tiga empat lima: terlalu panjang", None),
        ("PSM1 bilang: nanti saya datang", "PSM1 bilang"),  # 2 words: a label by the rule
        ("Catatan:lanjut tanpa spasi", None),
        ("123: angka", None),
        ("- PSM1: daftar", None),
        ("", None),
    ],
)
def test_match_speaker_label(line: str, label: str | None) -> None:
    found = match_speaker_label(line)
    assert (found[0] if found else None) == label
    if found:
        assert line[found[1] :] == line[found[1] :].lstrip()


def test_turn_text_starts_after_label() -> None:
    body = "PSM1:   Saya datang.\n"
    (unit,) = speaker_turns(body)
    assert body[unit.start : unit.end].rstrip() == "Saya datang."


def test_text_before_first_label_has_no_speaker() -> None:
    body = "Wawancara di rumah PSM1.\nPeneliti: Mulai?\nPSM1: Mulai.\n"
    spans = segment_body(body)
    assert [(s.speaker, s.role, body[s.start : s.end]) for s in spans] == [
        ("", "informant", "Wawancara di rumah PSM1."),
        ("Peneliti", "interviewer", "Mulai?"),
        ("PSM1", "informant", "Mulai."),
    ]


def test_paragraphs_within_a_turn_split() -> None:
    body = "PSM1: Satu tanpa titik\n\nDua tanpa titik\n"
    spans = segment_body(body)
    assert [body[s.start : s.end] for s in spans] == ["Satu tanpa titik", "Dua tanpa titik"]
    assert {s.speaker for s in spans} == {"PSM1"}


def test_interviewer_labels_case_insensitive() -> None:
    spans = segment_body("PENELITI: a.\nq: b.\n", interviewer_labels=["peneliti", "Q"])
    assert [s.role for s in spans] == ["interviewer", "interviewer"]


def test_paragraph_mode_keeps_labels_in_text() -> None:
    body = "Bu Ani: ini kutipan dalam catatan.\n\nPukul 10.00: selesai."
    spans = segment_body(body, turns=False)
    assert [body[s.start : s.end] for s in spans] == [
        "Bu Ani: ini kutipan dalam catatan.",
        "Pukul 10.00: selesai.",
    ]
    assert paragraph_units(body) == [Unit(0, len(body))]


def test_unsplit_units_stay_whole() -> None:
    body = "Satu. Dua.\nTiga."
    spans = split_units(body, [Unit(0, len(body), "A", split=False)], language="id")
    assert [(s.start, s.end) for s in spans] == [(0, len(body))]


def test_unknown_language() -> None:
    with pytest.raises(ValueError, match="spaCy has no language 'zz'"):
        segment_body("Satu.", language="zz")


@pytest.mark.parametrize(
    ("text", "count"),
    [("", 0), ("Kadang-kadang", 1), ("Bu Ani's report, 2023.", 4), ("RT 05/RW 07", 4)],
)
def test_count_words(text: str, count: int) -> None:
    assert count_words(text) == count


_body = st.lists(
    st.sampled_from(["a", "b", "C", " ", ".", "?", ":", "\n", "\t", "é", "PSM1: ", "P: ", "\n\n"]),
    max_size=40,
).map("".join)


@settings(max_examples=60, deadline=None)
@given(body=_body, turns=st.booleans())
def test_spans_are_trimmed_ordered_and_exact(body: str, turns: bool) -> None:
    spans = segment_body(body, turns=turns)
    previous = 0
    for span in spans:
        text = body[span.start : span.end]
        assert text and text == text.strip()
        assert span.start >= previous
        previous = span.end
    # same input, same spans
    assert segment_body(body, turns=turns) == spans
