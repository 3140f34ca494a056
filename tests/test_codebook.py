"""Tests of psm_qual.codebook: loading, validation errors, round trip, frame and HTML views."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psm_qual.codebook import (
    TEXT_FIELDS,
    Code,
    Codebook,
    Example,
    bilingual_column,
    build_codebook,
    codebook_summary,
    load_codebook,
)
from psm_qual.datasets import codebook_path
from psm_qual.errors import CodebookError
from psm_qual.io.codebook_yaml import dump_codebook, parse_codebook, read_codebook, write_codebook

DATA = Path(__file__).parent / "data" / "codebooks"

FIXED_IDS = (
    "initiator",
    "motivator",
    "dynamizer",
    "administrator",
    "assessment/performed",
    "assessment/gap",
    "barrier/funding",
    "barrier/coordination",
    "barrier/skills",
    "barrier/infrastructure",
    "barrier/recognition",
    "barrier/certification",
)
ROLES = FIXED_IDS[:4]
SUB_CODES = {
    "initiator": ("problem-identification", "case-handling", "coordination-referral"),
    "motivator": (
        "emotional-support",
        "confidence-building",
        "information-socialisation",
        "family-involvement",
    ),
    "dynamizer": (
        "own-activities",
        "participation",
        "community-mobilisation",
        "partnerships-funding",
    ),
    "administrator": ("recording", "reporting", "meetings", "organisation"),
}
MACQUEEN = ("definition", "full_definition", "when_to_use", "when_not_to_use")


@pytest.fixture(scope="module")
def psm() -> Codebook:
    return load_codebook(codebook_path())


# -- the study's codebook ----------------------------------------------------------------------


def test_psm_codebook_identity(psm):
    assert (psm.id, psm.version) == ("psm-roles", "1.1.1")
    assert psm.title["id"].startswith("Peran PSM") and "10/2019" in psm.title["en"]
    assert psm.languages == ("id", "en")
    assert Path(psm.path) == codebook_path()


@pytest.mark.parametrize("code_id", FIXED_IDS)
def test_fixed_ids_exist_and_are_codable(psm, code_id):
    assert code_id in psm
    assert psm[code_id].codable


@pytest.mark.parametrize("category", ["assessment", "barrier"])
def test_categories_are_not_codable(psm, category):
    assert not psm[category].codable
    assert all(code.codable for code in psm.descendants(category))


def test_top_level_codes(psm):
    assert [code.id for code in psm.children()] == [*ROLES, "assessment", "barrier"]
    assert psm.under("assessment") == ("assessment", "assessment/performed", "assessment/gap")
    assert len(psm.children("barrier")) == 6


@pytest.mark.parametrize("role", ROLES)
def test_every_role_has_its_sub_codes(psm, role):
    assert tuple(code.name for code in psm.children(role)) == SUB_CODES[role]


def test_every_top_level_code_has_its_own_colour(psm):
    colours = [psm.color_of(code.id) for code in psm.children()]
    assert all(colours) and len(set(colours)) == len(colours)
    assert psm.color_of("administrator/meetings") == psm["administrator"].color


@pytest.mark.parametrize("code_id", [c.id for c in load_codebook(codebook_path())])
def test_every_code_is_documented_in_both_languages(psm, code_id):
    code = psm[code_id]
    for name in ("label", *MACQUEEN):
        for language in ("id", "en"):
            assert len(getattr(code, name).get(language, "")) >= 3, (name, language)
    assert len(code.examples_in("id")) >= 2
    assert len(code.examples_in("en")) >= 1


@pytest.mark.parametrize("code_id", [c.id for c in load_codebook(codebook_path())])
def test_roles_cite_the_regulation(psm, code_id):
    if psm[code_id].root in ROLES:
        assert "10" in psm[code_id].full_definition["id"]
        assert "2019" in psm[code_id].full_definition["en"]


def test_every_codable_role_and_barrier_code_has_patterns(psm):
    for code in psm:
        if code.codable:
            assert code.patterns.get("id") and code.patterns.get("en"), code.id
    assert not psm["assessment"].patterns and not psm["barrier"].patterns


@pytest.mark.parametrize(
    ("code_id", "language", "phrases"),
    [
        # the decision rules the coders rely on must be written down where they look
        ("dynamizer", "en", ["dynamizer/participation + assessment/gap", "not to attend"]),
        ("dynamizer/participation", "en", ["assessment/gap"]),
        ("administrator", "en", ["administrator/reporting +", "assessment/performed", "minimal"]),
        ("administrator/reporting", "id", ["WhatsApp", "assessment/performed", "assessment/gap"]),
        ("administrator/meetings", "en", ["only when a case", "assessment/gap"]),
        ("initiator", "en", ["exactly one", "role code", "zero or more barrier"]),
        ("assessment/gap", "en", ["short of its definition"]),
    ],
)
def test_when_to_use_states_the_coding_rules(psm, code_id, language, phrases):
    text = psm[code_id].when_to_use[language] + " " + psm[code_id].full_definition[language]
    for phrase in phrases:
        assert phrase in text, phrase


def test_examples_are_not_copied_between_codes(psm):
    texts = [example.text for code in psm for example in code.examples]
    assert len(texts) == len(set(texts))


# -- loading small codebooks -------------------------------------------------------------------


def test_nested_and_flat_forms_give_the_same_codebook():
    nested = load_codebook(DATA / "valid_nested.yaml")
    flat = load_codebook(DATA / "valid_flat.yaml")
    assert nested == flat
    assert nested.ids == ("care", "care/visit", "care/visit/home", "paperwork", "paperwork/notes")
    assert nested["care"].color == "#1f77b4"  # normalised to lower case
    assert not nested["paperwork"].codable and nested["paperwork/notes"].codable
    assert nested["care/visit/home"].parent == "care/visit"
    assert nested["care/visit/home"].line == 18
    assert flat["care/visit/home"].line == 6
    assert nested["care"].examples == (
        Example("Saya bantu antar ke puskesmas.", "id"),
        Example("I took her to the clinic.", "en"),
    )
    assert dict(nested["care"].patterns) == {"id": ("antar",), "en": ("took",)}


def test_codebook_declares_its_own_languages():
    cb = parse_codebook(
        "id: x\nversion: 2\nlanguages: [su, id]\ncodes:\n  - id: a\n    label: {su: Nulung}\n"
    )
    assert cb.languages == ("su", "id") and cb.version == "2"
    with pytest.raises(CodebookError, match=r"<codebook>:6: .*bad language key 'en'.*su, id"):
        parse_codebook(
            "id: x\nversion: 2\nlanguages: [su, id]\ncodes:\n  - id: a\n    label: {en: A}\n"
        )


INVALID = [
    # file, line, message pattern
    ("bad_duplicate_id.yaml", 8, r"duplicate code id 'care' \(first defined on line 4\)"),
    ("bad_duplicate_nested.yaml", 9, r"duplicate code id 'care/visit' \(first defined on line 7\)"),
    ("bad_unknown_parent.yaml", 6, r"'paperwork/notes' has unknown parent 'paperwork'"),
    ("bad_child_prefix.yaml", 7, r"child id 'paperwork/notes' under 'care' must be a short id"),
    ("bad_missing_label.yaml", 7, r"code 'care/visit' has no label"),
    ("bad_empty_label.yaml", 5, r"code 'care' has no label"),
    ("bad_example_no_text.yaml", 8, r"an example of code 'care' has no text"),
    ("bad_example_blank_text.yaml", 7, r"an example of code 'care' has no text"),
    ("bad_language_key.yaml", 7, r"bad language key 'eng' in label of code 'care' \(.*id, en\)"),
    ("bad_example_language.yaml", 8, r"bad language key 'ind' in an example"),
    ("bad_missing_version.yaml", 1, r"the codebook has no version"),
    ("bad_float_version.yaml", 2, r"version 1\.0 is read as a number"),
    (
        "bad_unknown_field.yaml",
        6,
        r"unknown field 'when_to_us' .*did you mean 'when_to_use'.*valid fields: id, label",
    ),
    (
        "bad_unknown_top_field.yaml",
        3,
        r"unknown field 'autor' in the codebook \(valid fields: id, title",
    ),
    ("bad_code_not_mapping.yaml", 6, r"each entry of codes must be a mapping .*got a string"),
    ("bad_codes_not_list.yaml", 3, r"codes must be a list of codes, got a mapping"),
    (
        "bad_label_not_mapping.yaml",
        5,
        r"label of code 'care' must be a mapping of language to text",
    ),
    ("bad_top_not_mapping.yaml", 1, r"a codebook file must be a mapping .*got a list"),
    ("bad_yaml_syntax.yaml", 6, r"invalid YAML"),
    ("bad_yaml_indent.yaml", 6, r"invalid YAML"),
    ("bad_duplicate_key.yaml", 6, r"key 'label' appears twice in one mapping \(first on line 5\)"),
    ("bad_pattern_bool.yaml", 7, r"YAML reads yes/no/on/off as true/false, so quote"),
    ("bad_color.yaml", 6, r"color of code 'care' must be a hex colour"),
    ("bad_code_id_space.yaml", 6, r"bad code id 'case handling'"),
    ("bad_codable.yaml", 6, r"codable of code 'care' must be true or false"),
    ("bad_no_codes.yaml", 3, r"the codebook has no codes"),
    ("bad_empty.yaml", None, r"the file is empty"),
]


@pytest.mark.parametrize(("name", "line", "message"), INVALID, ids=[row[0] for row in INVALID])
def test_invalid_codebook_names_file_and_line(name, line, message):
    path = DATA / name
    where = re.escape(f"{path}:{line}: ") if line else re.escape(f"{path}: ")
    with pytest.raises(CodebookError, match=where + ".*" + message) as caught:
        load_codebook(path)
    assert caught.value.line == line
    assert "\n" not in str(caught.value)


def test_every_invalid_fixture_is_in_the_table():
    assert {path.name for path in DATA.glob("bad_*.yaml")} == {row[0] for row in INVALID}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"id: x\nversion: 1.0.0\ncodes:\n  - id: caf\xe9\n", r"x\.yaml:4: not UTF-8"),
        (b"id: x\nversion: 1.0.0\x00\n", r"x\.yaml:2: contains NUL"),
        (
            b"a: &a [1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
            b"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
            r"x\.yaml:\d+: the YAML expands to more than",
        ),
        (b"!!python/object:os.system {}\n", r"x\.yaml:1: unsupported YAML tag"),
        (
            b"id: !!python/name:os.system\n",
            r"x\.yaml:1: invalid YAML: could not determine a constructor",
        ),
        (b"id: x\nversion: 1.0.0\n---\nid: y\n", r"x\.yaml:3: invalid YAML: .*single document"),
    ],
    ids=["latin-1", "nul", "alias-bomb", "python-tag", "python-scalar", "two-documents"],
)
def test_unreadable_files_give_codebook_errors(tmp_path, data, message):
    path = tmp_path / "x.yaml"
    path.write_bytes(data)
    with pytest.raises(CodebookError, match=message):
        read_codebook(path)


def test_plain_python_data_builds_without_lines():
    cb = build_codebook(
        {"id": "x", "version": "1.0.0", "codes": [{"id": "a", "label": {"en": "A"}}]}
    )
    assert cb["a"].line is None and cb.path is None
    with pytest.raises(CodebookError, match=r"^<codebook>: id: duplicate code id 'a'$"):
        build_codebook(
            {
                "id": "x",
                "version": "1.0.0",
                "codes": [{"id": "a", "label": {"en": "A"}}, {"id": "a", "label": {"en": "B"}}],
            }
        )


# -- round trip -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source", [codebook_path(), DATA / "valid_nested.yaml", DATA / "valid_flat.yaml"]
)
def test_read_write_round_trip(tmp_path, source):
    original = read_codebook(source)
    written = write_codebook(original, tmp_path / "copy.yaml")
    again = read_codebook(written)
    assert again == original
    assert again.path == str(written) and original.path != again.path  # provenance is not content
    assert read_codebook(write_codebook(again, tmp_path / "copy2.yaml")) == original
    assert (tmp_path / "copy2.yaml").read_text(encoding="utf-8") == written.read_text(
        encoding="utf-8"
    )


def test_round_trip_keeps_unicode_and_newlines(tmp_path):
    cb = build_codebook(
        {
            "id": "x",
            "version": "1.0.0-rc.1",
            "codes": [
                {
                    "id": "a",
                    "label": {
                        "id": "Kegiatan “sendiri”: ya/tidak # bukan komentar",
                        "en": "a: b\nsecond line",
                    },
                    "patterns": {"id": ["yes", "no", "1"]},
                }
            ],
        }
    )
    text = dump_codebook(cb)
    assert "“sendiri”" in text  # no \u escapes
    assert parse_codebook(text) == cb


_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=8).filter(
    lambda s: s.strip("-")
)
_text = st.text(min_size=1, max_size=30).map(lambda s: " ".join(s.split())).filter(bool)


@st.composite
def _codebooks(draw) -> Codebook:
    names = draw(st.lists(_word, min_size=1, max_size=6, unique=True))
    codes = []
    for index, name in enumerate(names):
        parent = draw(st.sampled_from([None, *[c.id for c in codes]])) if index else None
        code_id = name if parent is None else f"{parent}/{name}"
        if code_id in {c.id for c in codes}:
            continue
        codes.append(
            Code(
                id=code_id,
                label={"id": draw(_text), "en": draw(_text)},
                definition=draw(st.sampled_from([{}, {"en": "Some definition."}])),
                examples=tuple(
                    Example(t, lang)
                    for t, lang in draw(
                        st.lists(st.tuples(_text, st.sampled_from(["id", "en"])), max_size=2)
                    )
                ),
                patterns={"id": tuple(draw(st.lists(_text, max_size=3)))},
                color=draw(st.sampled_from([None, "#aabbcc"])),
                codable=draw(st.booleans()),
            )
        )
    return build_codebook_from_codes(codes)


def build_codebook_from_codes(codes: list[Code]) -> Codebook:
    # rebuild through the validator so that the expected value is in canonical (tree) order
    from psm_qual.io.codebook_yaml import codebook_to_data

    return build_codebook(
        codebook_to_data(Codebook("gen", {"en": "Generated"}, "1.0.0", tuple(codes)))
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_codebooks())
def test_round_trip_property(cb):
    assert parse_codebook(dump_codebook(cb)) == cb


# -- views ------------------------------------------------------------------------------------------


def test_to_frame_has_one_bilingual_row_per_code(psm):
    frame = psm.to_frame()
    assert len(frame) == len(psm) and frame["code"].tolist() == list(psm.ids)
    for name in TEXT_FIELDS:
        assert {bilingual_column(name, "id"), bilingual_column(name, "en")} <= set(frame.columns)
    row = frame.set_index("code").loc["administrator/meetings"]
    assert row["parent"] == "administrator" and row["depth"] == 1 and row["codable"]
    assert row["label_en"] == "Evaluation meetings" and row["label_id"] == "Pertemuan evaluasi"
    assert row["color"] == psm["administrator"].color
    assert row["n_examples"] == 3 and row["examples_en"].startswith("We only meet")
    assert row["line"] == psm["administrator/meetings"].line
    assert frame.set_index("code")["codable"].to_dict()["barrier"] == False  # noqa: E712


def test_to_frame_of_one_language():
    cb = load_codebook(DATA / "valid_nested.yaml")
    frame = cb.to_frame(languages=("en",))
    assert "label_en" in frame.columns and "label_id" not in frame.columns
    assert frame.set_index("code").loc["care/visit/home", "label_en"] == "Home visit"
    assert frame.set_index("code").loc["care/visit/home", "color"] == "#1f77b4"  # inherited


def test_repr_html_is_a_table_with_escaped_text(psm):
    page = psm._repr_html_()
    assert page.count("<tr>") == len(psm) + 1
    assert "<code>administrator/reporting</code>" in page and "Pelaporan" in page
    assert "others’ activities" in page
    hostile = build_codebook(
        {
            "id": "x<script>",
            "version": "1.0.0",
            "codes": [{"id": "a", "label": {"en": "<img src=x onerror=alert(1)>"}}],
        }
    )
    page = hostile._repr_html_()
    assert "<img" not in page and "<script>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_summary(psm):
    summary = codebook_summary(psm)
    assert summary["n_codes"] == 29 and summary["n_codable"] == 27
    assert summary["languages"] == ["id", "en"]
    counts = {top["id"]: top["n_children"] for top in summary["top_level"]}
    assert counts == {
        "initiator": 3,
        "motivator": 4,
        "dynamizer": 4,
        "administrator": 4,
        "assessment": 2,
        "barrier": 6,
    }
    assert summary["n_examples"] >= 3 * 29
