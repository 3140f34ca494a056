"""Normalisation for assisted coding: colloquial spellings, affixes, particles, special tokens."""

from __future__ import annotations

import pytest

from psm_qual.autocode.normalise import PARTICLE, language_data, make_pipeline, stem_word, stems
from psm_qual.errors import AutocodeError


@pytest.mark.parametrize(
    ("colloquial", "standard"),
    [
        ("ga", "tidak"),
        ("gak", "tidak"),
        ("nggak", "tidak"),
        ("enggak", "tidak"),
        ("ngga", "tidak"),
        ("kagak", "tidak"),
        ("teu", "tidak"),
        ("udah", "sudah"),
        ("dah", "sudah"),
        ("blm", "belum"),
        ("belom", "belum"),
        ("aja", "saja"),
        ("cuma", "hanya"),
        ("doang", "hanya"),
        ("bikin", "buat"),
        ("nyatet", "catat"),
        ("ngurusin", "urus"),
        ("nganterin", "antar"),
        ("ngajak", "ajak"),
        ("kalo", "kalau"),
        ("gimana", "bagaimana"),
        ("ketemu", "temu"),
    ],
)
def test_colloquial_spelling_meets_standard_stem(colloquial, standard):
    assert stems(colloquial) == stems(standard)
    assert stems(colloquial.capitalize()) == stems(standard)


@pytest.mark.parametrize(
    ("words", "root"),
    [
        (("mendampingi", "pendampingan", "didampingi", "pendamping", "damping"), "damping"),
        (("melaporkan", "pelaporan", "laporan", "dilaporkan", "lapor"), "lapor"),
        (("mencatat", "catatan", "dicatat", "pencatatan"), "catat"),
        (("kegiatan", "kegiatan-kegiatan", "giat"), "giat"),
        (("reporting", "reported", "reports", "report"), "report"),
        (("encouraging", "encouraged", "encourage"), "encourage"),
    ],
)
def test_affixed_forms_share_one_stem(words, root):
    assert {stem_word(w) for w in words} == {stem_word(root)}


@pytest.mark.parametrize("particle", ["teh", "mah", "atuh", "euy", "sih", "dong", "deh", "kok"])
def test_particles_are_kept_out_of_the_way(particle):
    assert stems(f"saya {particle} catat") == ["saya", "catat"]
    assert stems(f"saya {particle} catat", particles=True) == ["saya", PARTICLE, "catat"]


@pytest.mark.parametrize(
    ("text", "token", "norm"),
    [
        ("Saya urus e-KTP nya", "e-KTP", "e-ktp"),
        ("lapor di grup WA", "WA", "whatsapp"),
        ("dapat BPNT bulan ini", "BPNT", "bpnt"),
        ("ikut PKH", "PKH", "pkh"),
        ("dirujuk ke Dinsos", "Dinsos", "dinsos"),
        ("ke dinsos", "dinsos", "dinsos"),
    ],
)
def test_special_tokens_stay_whole_and_unstemmed(text, token, norm):
    doc = make_pipeline("id")(text)
    found = [t for t in doc if t.text == token]
    assert len(found) == 1
    assert found[0].norm_ == norm
    assert found[0].lemma_ == norm


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gada dana", ["tidak", "ada", "dana"]),
        ("gaada laptop", ["tidak", "ada", "laptop"]),
        ("Gabisa datang", ["tidak", "bisa", "datang"]),
    ],
)
def test_fused_forms_are_split(text, expected):
    assert stems(text) == [stem_word(w) for w in expected]


@pytest.mark.parametrize(
    ("text", "language", "contains"),
    [
        ("Saya udah follow up kasusnya ke Dinsos", "id", ["follow", "up", "dinsos"]),
        ("Kita reporting-nya cuma lewat WA", "id", ["hanya", "whatsapp"]),
        ("I nyatet everything teh in the buku", "en", ["catat", "buku"]),
        ("We haven't reported yet", "en", ["not", "report", "yet"]),
    ],
)
def test_code_switched_sentences(text, language, contains):
    result = stems(text, language=language)
    for stem in contains:
        assert stem_word(stem) in result or stem in result


def test_language_data_files_load():
    data = language_data()
    assert data.colloquial["gak"] == "tidak"
    assert "atuh" in data.particles
    assert data.special_tokens["WA"] == "whatsapp"
    assert data.contractions["gada"] == (("g", "tidak"), ("ada", "ada"))


def test_unknown_language_is_refused():
    with pytest.raises(AutocodeError, match="unknown language 'fr'"):
        make_pipeline("fr")  # type: ignore[arg-type]


SPAN_TEXTS = [
    "Udah didampingi teh, gada e-KTP",
    "  dua  spasi\n\nbaris baru \t tab ",
    "",
    "(e-KTP)-nya WA.gada kegiatan-kegiatan",
    "Dr. med bilang\u3000ok\xa0ya",
    "We haven't reported it",
]


def test_span_tokens_equal_the_pipeline_per_text():
    from spacy.attrs import IDX, LEMMA

    from psm_qual.autocode.normalise import SpanTokens

    nlp = make_pipeline("id")
    cache = SpanTokens(nlp)
    for texts in (SPAN_TEXTS, SPAN_TEXTS[::-1]):  # the second pass is served from the cache
        stream = cache.stream(texts)
        for k, text in enumerate(texts):
            expected = nlp(text).to_array([LEMMA, IDX]).reshape(-1, 2)
            mine = stream.segment == k
            assert cache.lemma[stream.flat[mine]].tolist() == expected[:, 0].tolist()
            assert (stream.char[mine] - stream.starts[k]).tolist() == expected[:, 1].tolist()
            assert stream.position[mine].tolist() == list(range(len(expected)))
