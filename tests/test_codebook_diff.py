"""Tests of diff_codebooks: added, removed, renamed and redefined codes."""

from __future__ import annotations

import pytest

from psm_qual.codebook import DIFF_COLUMNS, build_codebook, diff_codebooks, load_codebook
from psm_qual.datasets import codebook_path


def book(*codes: dict, version: str = "1.0.0"):
    return build_codebook({"id": "x", "version": version, "codes": list(codes)})


CARE = {"id": "care", "label": {"en": "Care"}, "definition": {"en": "Helping a resident."}}
VISIT = {"id": "visit", "label": {"en": "Visit"}, "definition": {"en": "Going to the house."}}
NOTES = {"id": "notes", "label": {"en": "Notes"}}

CASES = [
    # name, old codes, new codes, expected rows (change, old_id, new_id, fields)
    ("same", [CARE, VISIT], [CARE, VISIT], []),
    ("added", [CARE], [CARE, VISIT], [("added", "", "visit", "")]),
    ("removed", [CARE, VISIT], [CARE], [("removed", "visit", "", "")]),
    (
        "renamed-same-definition",
        [CARE],
        [{**CARE, "id": "helping", "label": {"en": "Helping"}}],
        [("renamed", "care", "helping", "label")],
    ),
    (
        "renamed-same-label",
        [NOTES],
        [{**NOTES, "id": "records"}],
        [("renamed", "notes", "records", "")],
    ),
    (
        "redefined",
        [CARE],
        [{**CARE, "definition": {"en": "Helping a household."}, "codable": False}],
        [("redefined", "care", "care", "definition,codable")],
    ),
    (
        "examples-and-patterns",
        [CARE],
        [
            {
                **CARE,
                "examples": [{"text": "Saya bantu.", "language": "id"}],
                "patterns": {"id": ["bantu"]},
            }
        ],
        [("redefined", "care", "care", "examples,patterns")],
    ),
    (
        "renamed-parent-moves-children",
        [{**CARE, "children": [VISIT]}],
        [{**CARE, "id": "support", "children": [VISIT]}],
        [("renamed", "care", "support", ""), ("renamed", "care/visit", "support/visit", "")],
    ),
    (
        "no-meaning-no-rename",  # different label and definition: removed + added
        [VISIT],
        [NOTES],
        [("removed", "visit", "", ""), ("added", "", "notes", "")],
    ),
    (
        "order-removed-renamed-redefined-added",
        [CARE, VISIT, NOTES],
        [
            {**VISIT, "id": "home-visit"},
            {**NOTES, "label": {"en": "Field notes"}},
            {"id": "new", "label": {"en": "New"}},
        ],
        [
            ("removed", "care", "", ""),
            ("renamed", "visit", "home-visit", ""),
            ("redefined", "notes", "notes", "label"),
            ("added", "", "new", ""),
        ],
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "expected"), CASES, ids=[c[0] for c in CASES])
def test_diff_cases(name, old, new, expected):
    frame = diff_codebooks(book(*old), book(*new, version="1.1.0"))
    assert tuple(frame.columns) == DIFF_COLUMNS
    assert [tuple(row) for row in frame.itertuples(index=False)] == expected


def test_a_codebook_does_not_differ_from_itself():
    cb = load_codebook(codebook_path())
    assert diff_codebooks(cb, cb).empty


def test_diff_is_antisymmetric_for_adds_and_removes():
    a, b = book(CARE, VISIT), book(CARE, NOTES)
    forward, backward = diff_codebooks(a, b), diff_codebooks(b, a)
    assert forward["change"].tolist() == ["removed", "added"] == backward["change"].tolist()
    assert forward["old_id"].tolist()[0] == backward["new_id"].tolist()[1] == "visit"


def test_tuning_patterns_of_the_study_codebook_shows_as_redefined(tmp_path):
    from psm_qual.io.codebook_yaml import parse_codebook

    text = codebook_path().read_text(encoding="utf-8")
    tuned = text.replace("id: [struktur, organisasi,", "id: [struktur, organisasi, pengurus,")
    assert tuned != text
    frame = diff_codebooks(load_codebook(codebook_path()), parse_codebook(tuned))
    assert frame.values.tolist() == [
        ["redefined", "administrator/organisation", "administrator/organisation", "patterns"]
    ]


def test_history_of_the_psm_codebook_diffs_as_documented():
    """Versions kept in codebooks/history diff against the current codebook as the README says."""
    history = codebook_path().parent / "history"
    old = load_codebook(history / "psm_roles-1.0.1.yaml")
    new = load_codebook(history / "psm_roles-1.1.0.yaml")
    assert (old.version, new.version) == ("1.0.1", "1.1.0")
    diff = diff_codebooks(old, new)
    assert set(diff["change"]) == {"redefined"}  # no code added, removed or renamed
    changed = dict(zip(diff["old_id"], diff["fields"], strict=True))
    for code in ("barrier", "barrier/recognition", "administrator/reporting",
                 "motivator/confidence-building"):
        assert "when_to_use" in changed[code], changed
    first = load_codebook(history / "psm_roles-1.0.0.yaml")
    patterns_only = diff_codebooks(first, old)
    assert set(patterns_only["change"]) <= {"redefined"}
    assert all(fields == "patterns" for fields in patterns_only["fields"]), patterns_only
    current = load_codebook(codebook_path())
    assert current.version == "1.1.1"
    refined = diff_codebooks(new, current)  # 1.1.1: patterns refined, nothing else
    assert len(refined) and set(refined["change"]) == {"redefined"}
    assert all(fields == "patterns" for fields in refined["fields"]), refined
