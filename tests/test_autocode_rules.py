"""Rule-based suggestions: roles, sub-codes, assessment cues, barriers, evidence, review."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from psm_qual.autocode import accept, autocode, compile_rules, cue_table, reject, suggest
from psm_qual.autocode.rules import match_segments
from psm_qual.codebook.load import load_codebook
from psm_qual.codebook.model import Code, Codebook
from psm_qual.columns import CODING_COLUMNS
from psm_qual.errors import AutocodeError, PsmQualWarning

DATA = Path(__file__).parent / "data" / "autocode"


@pytest.fixture(scope="module")
def rules():
    return compile_rules(load_codebook(DATA / "mini_roles.yaml"))


def _segments(*texts: str, language: str = "id") -> pd.DataFrame:
    starts, at = [], 0
    for text in texts:
        starts.append(at)
        at += len(text) + 1
    return pd.DataFrame(
        {
            "segment_id": [f"T:{i + 1}" for i in range(len(texts))],
            "source_id": "T",
            "start": starts,
            "end": [s + len(t) for s, t in zip(starts, texts, strict=True)],
            "text": list(texts),
            "language": language,
        }
    )


def _codes(table: pd.DataFrame, segment: str = "T:1") -> dict[str, str]:
    rows = table[table["segment_id"] == segment]
    return dict(zip(rows["dimension"], rows["code"], strict=False))


@pytest.mark.parametrize(
    ("text", "language", "role", "assessment"),
    [
        ("Saya mendampingi warga ke puskesmas.", "id", "care/escort", "assessment/performed"),
        ("Warga didampingi teh ku abdi.", "id", "care/escort", "assessment/performed"),
        ("Pendampingan belum jalan.", "id", "care/escort", "assessment/gap"),
        ("Kami gak pernah ngadain kerja bakti.", "id", "organise", "assessment/gap"),
        ("Laporan cuma foto di grup WA aja.", "id", "records/reports", "assessment/gap"),
        ("Saya nyatet data warga.", "id", "records/notes", "assessment/performed"),
        # a tie between sub-codes goes to the earlier code in the codebook
        (
            "Saya tidak hanya nyatet, saya juga rekap.",
            "id",
            "records/notes",
            "assessment/performed",
        ),
        ("Warga tidak mampu saya kunjungi.", "id", "care/visit", "assessment/performed"),
        ("I accompany them to the clinic.", "en", "care/escort", "assessment/performed"),
        ("We have not reported anything yet.", "en", "records/reports", "assessment/gap"),
        ("We only record it in the chat.", "en", "records/notes", "assessment/gap"),
        ("Saya encourage dia biar semangat.", "id", "encourage", "assessment/performed"),
    ],
)
def test_role_and_assessment(rules, text, language, role, assessment):
    codes = _codes(suggest(_segments(text, language=language), rules))
    assert codes.get("role") == role
    assert codes.get("assessment") == assessment


def test_no_hit_no_role(rules):
    table = suggest(_segments("Hujan turun sejak pagi, tidak berhenti."), rules)
    assert table.empty
    assert list(table.columns) == list(
        __import__("psm_qual.autocode", fromlist=["SUGGESTION_COLUMNS"]).SUGGESTION_COLUMNS
    )


def test_barriers_are_multi_label_and_push_towards_gap(rules):
    table = suggest(
        _segments("Kami mendata warga tapi pakai uang pribadi, laptop juga gak ada."), rules
    )
    barriers = sorted(table.loc[table["dimension"] == "barrier", "code"])
    assert barriers == ["barrier/money", "barrier/tools"]
    assert _codes(table)["assessment"] == "assessment/gap"


def test_one_role_and_one_assessment_per_segment(rules):
    texts = ["Saya antar dan kunjungi warga, lalu catat dan lapor.", "Semangat!", "Tidak ada."]
    table = suggest(_segments(*texts), rules)
    per = table.groupby(["segment_id", "dimension"]).size()
    assert (per.loc[(slice(None), "role")] == 1).all()
    assert (per.loc[(slice(None), "assessment")] == 1).all()


def test_evidence_names_words_patterns_and_codes(rules):
    text = "Saya mendampingi warga."
    table = suggest(_segments(text), rules)
    role = table[table["dimension"] == "role"].iloc[0]
    assert role["evidence"] == "'mendampingi' ~ 'damping' (care/escort)"
    (match,) = role["matches"]
    assert match["code"] == "care/escort" and match["pattern"] == "damping"
    assert text[match["start"] : match["end"]] == "mendampingi"


def test_evidence_offsets_are_body_offsets(rules):
    segments = _segments("Hujan.", "Kami rekap laporan.")
    table = suggest(segments, rules)
    body = "\n".join(segments["text"])
    for match in table[table["dimension"] == "role"].iloc[0]["matches"]:
        assert body[match["start"] : match["end"]] == match["matched"]


def test_scores_are_between_zero_and_one_and_dominance_raises_them(rules):
    table = suggest(_segments("Saya antar warga.", "Saya antar warga lalu catat."), rules)
    role = table[table["dimension"] == "role"].set_index("segment_id")["score"]
    assert 0 < role["T:2"] < role["T:1"] < 1


def test_patterns_across_segments_never_join(rules):
    table = suggest(_segments("Kami kerja", "bakti di rumah."), rules)
    assert "organise" not in set(table["code"])


def test_particles_inside_phrases_are_skipped(rules):
    assert _codes(suggest(_segments("Urang ngadain kerja teh bakti."), rules))["role"] == "organise"


def test_match_segments_table(rules):
    hits = match_segments(rules, _segments("Saya antar warga."))
    assert list(hits.columns) == [
        "row",
        "pattern",
        "char_start",
        "char_end",
        "matched",
        "token_start",
        "token_end",
    ]
    assert hits["matched"].tolist() == ["antar"]


def test_accept_and_reject(rules):
    table = suggest(_segments("Saya antar warga.", "Kami rekap laporan."), rules)
    kept = reject(table, "T:2")
    assert set(kept["segment_id"]) == {"T:1"}
    codings = accept(kept, coder="Rina")
    assert list(codings.columns) == list(CODING_COLUMNS)
    assert set(codings["coder"]) == {"Rina"}
    assert codings["memo"].str.startswith("score ").all()
    one = accept(table, coder="Rina", ids=["T:2#records/reports"])
    assert one["code"].tolist() == ["records/reports"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda t: accept(t, coder=" "), "coder must name"),
        (lambda t: accept(t, coder="R", ids=["T:9"]), "no suggestion or segment 'T:9'"),
        (lambda t: reject(t, "nope"), "no suggestion or segment 'nope'"),
    ],
)
def test_review_errors(rules, call, message):
    table = suggest(_segments("Saya antar warga."), rules)
    with pytest.raises(AutocodeError, match=message):
        call(table)


def test_autocode_is_a_coder(rules):
    codings = autocode(_segments("Saya antar warga."), rules)
    assert set(codings["coder"]) == {"auto:rules"}
    assert set(codings["code"]) == {"care/escort", "assessment/performed"}
    assert (codings["start"] == 0).all() and (codings["end"] == 17).all()


def test_method_errors(rules):
    with pytest.raises(AutocodeError, match="unknown method 'magic'"):
        suggest(_segments("x"), rules, method="magic")  # type: ignore[arg-type]
    with pytest.raises(AutocodeError, match="needs a trained model"):
        suggest(_segments("x"), rules, method="model")
    with pytest.raises(AutocodeError, match="lack columns"):
        suggest(pd.DataFrame({"text": ["x"]}), rules)


def test_compile_errors_and_warnings():
    cb = Codebook("x", {"en": "X"}, "1", (Code("a", patterns={"id": ("teh",)}),))
    with pytest.warns(PsmQualWarning, match="pattern 'teh' of code 'a' has no words"):
        compile_rules(cb)
    with pytest.raises(AutocodeError, match="role 'zz' is not a code"):
        compile_rules(cb, roles=["zz"])


def test_codebook_without_assessment_codes_suggests_roles_only():
    cb = Codebook("x", {"en": "X"}, "1", (Code("a", patterns={"id": ("antar",)}),))
    table = suggest(_segments("Saya belum antar."), cb)
    assert table["dimension"].tolist() == ["role"]


def test_cue_table_kinds():
    cues = cue_table()
    assert set(cues["kind"]) == {"gap", "performed", "neutral"}
    assert {
        "belum",
        "tidak",
        "hanya",
        "kurang",
        "jarang",
        "never",
        "only",
        "lack",
        "not yet",
    } <= set(cues["phrase"])


def test_progress_is_reported(rules):
    seen = []
    suggest(_segments(*["Saya antar warga."] * 50), rules, progress=seen.append, batch_size=20)
    assert sum(seen) == 50


ENGINE_TEXTS = (
    "Saya antar warga.",
    "Urang ngadain kerja teh bakti, kerja teh teh bakti.",
    "Kami gak pernah ngadain kerja bakti; gada e-KTP, cuma grup WA aja.",
    "Saya nyatet data warga  lalu\n\nrekap laporan.",
    "I accompany them and we have not reported anything yet.",
    "Saya encourage dia biar semangat, Dr. med bilang begitu.",
    " Pendampingan belum jalan \t",
    "",
    "kerja bakti",
    "(e-KTP)-nya didampingi teh... kerja\u3000bakti",
)


@pytest.mark.parametrize("batch_size", [1, 3, 100])
def test_numpy_engine_finds_the_phrasematcher_hits(rules, batch_size):
    segments = _segments(*ENGINE_TEXTS)
    segments.loc[4, "language"] = "en"
    fast = match_segments(rules, segments, batch_size=batch_size)
    # One segment per document: token positions count from each segment's own first token.
    slow = match_segments(rules, segments, engine="phrasematcher", batch_size=1)
    assert len(fast) > 20
    pd.testing.assert_frame_equal(fast, slow)
    pd.testing.assert_frame_equal(
        suggest(segments, rules), suggest(segments, rules, engine="phrasematcher")
    )


def test_unknown_engine(rules):
    with pytest.raises(AutocodeError, match="unknown engine 'regex'"):
        match_segments(rules, _segments("x"), engine="regex")  # type: ignore[arg-type]
