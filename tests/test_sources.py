"""Tests for psm_qual.io.sources and psm_qual.io.text: reading sources and every kind of bad input."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from psm_qual.corpus import load_corpus
from psm_qual.errors import SourceError
from psm_qual.io.sources import list_source_files, read_informants, split_front_matter
from psm_qual.io.text import decode_text

GOOD = "---\nid: W1\ninformant: PSM1\ngroup: PSM\ntechnique: interview\ndate: 2023-05-12\n---\n"
BODY = "Peneliti: Bagaimana?\nPSM1: Dari laporan RT.\n"


@pytest.mark.parametrize(
    "data",
    [
        (GOOD + BODY).encode("utf-8"),
        codecs.BOM_UTF8 + (GOOD + BODY).encode("utf-8"),
        (GOOD + BODY).encode("utf-16"),  # with BOM, native order
        codecs.BOM_UTF16_LE + (GOOD + BODY).encode("utf-16-le"),
        codecs.BOM_UTF16_BE + (GOOD + BODY).encode("utf-16-be"),
        (GOOD + BODY).replace("\n", "\r\n").encode("utf-8"),
        (GOOD + BODY).replace("\n", "\r").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16-le-bom", "utf16-be-bom", "crlf", "cr"],
)
def test_accepted_encodings_give_the_same_corpus(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "w.txt").write_bytes(data)
    corpus = load_corpus(tmp_path)
    assert corpus.bodies["W1"] == BODY
    assert corpus.segments["text"].tolist() == ["Bagaimana?", "Dari laporan RT."]
    assert corpus.segments["start"].tolist() == [10, 27]


def _write(folder: Path, name: str, content: str | bytes) -> None:
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    (folder / name).write_bytes(data)


# (case id, files, error pattern: file and line where known)
ERROR_CASES: list[tuple[str, dict[str, str | bytes], str]] = [
    (
        "latin-1",
        {"w.txt": (GOOD + "PSM1: Caf\xe9.\n").encode("latin-1")},
        r"w\.txt:8: not UTF-8 \(byte 0xe9",
    ),
    ("utf16-without-bom", {"w.txt": (GOOD + BODY).encode("utf-16-le")}, r"w\.txt:1: .*NUL"),
    ("nul", {"w.txt": GOOD + "PSM1: a\x00b\n"}, r"w\.txt:8: contains NUL"),
    (
        "no-metadata",
        {"w.txt": BODY},
        r"w\.txt:1: no metadata: add front matter or a row in sources\.csv",
    ),
    (
        "unterminated-front-matter",
        {"w.txt": "---\nid: W1\ntechnique: interview\n" + BODY},
        r"w\.txt:1: front matter opened by '---' is never closed",
    ),
    (
        "invalid-yaml",
        {"w.txt": "---\nid: W1\ntechnique: [interview\ndate: 2023-05-12\n---\n" + BODY},
        r"w\.txt:\d+: invalid YAML",
    ),
    (
        "yaml-not-mapping",
        {"w.txt": "---\n- a\n- b\n---\n" + BODY},
        r"w\.txt:2: front matter must be 'key: value'",
    ),
    (
        "impossible-date",
        {"w.txt": GOOD.replace("2023-05-12", "2023-02-30") + BODY},
        r"w\.txt:6: impossible date",
    ),
    (
        "malformed-date",
        {"w.txt": GOOD.replace("2023-05-12", "12 Mei 2023") + BODY},
        r"w\.txt:6: date: impossible or malformed date '12 Mei 2023'",
    ),
    (
        "unknown-technique",
        {"w.txt": GOOD.replace("interview", "survey") + BODY},
        r"w\.txt:5: unknown technique 'survey'; use one of interview, observation, documentation",
    ),
    (
        "no-technique",
        {"w.txt": GOOD.replace("technique: interview\n", "") + BODY},
        r"w\.txt: no technique; use one of interview, observation, documentation",
    ),
    (
        "duplicate-id",
        {"a.txt": GOOD + BODY, "b.txt": GOOD + BODY},
        r"b\.txt: duplicate source id 'W1': also used by .*a\.txt",
    ),
    (
        "informant-missing",
        {"w.txt": GOOD + BODY, "informants.csv": "id,group,label,description\nPSM2,PSM,,\n"},
        r"w\.txt:3: informant 'PSM1' is not in .*informants\.csv",
    ),
    ("empty-body", {"w.txt": GOOD + "\n  \n"}, r"w\.txt:8: empty body"),
    ("empty-body-only-labels", {"w.txt": GOOD + "PSM1:\n"}, r"w\.txt:8: empty body"),
    (
        "colon-in-id",
        {"w.txt": GOOD.replace("id: W1", "id: 'W:1'") + BODY},
        r"w\.txt:2: source id 'W:1' must not contain ':'",
    ),
    (
        "unknown-language",
        {"w.txt": GOOD.replace("---\nid", "---\nlanguage: klingon\nid") + BODY},
        r"w\.txt:2: unknown language 'klingon'",
    ),
    (
        "manifest-impossible-date",
        {"w.txt": BODY, "sources.csv": "file,technique,date\nw.txt,interview,2023-13-01\n"},
        r"sources\.csv:2: date: impossible or malformed date '2023-13-01'",
    ),
    (
        "manifest-unknown-technique",
        {"w.txt": BODY, "sources.csv": "file,technique\nw.txt,Wawancara\n"},
        r"sources\.csv:2: unknown technique 'wawancara'",
    ),
    (
        "manifest-missing-file",
        {"w.txt": GOOD + BODY, "sources.csv": "file,technique\nw.txt,interview\nx.txt,interview\n"},
        r"sources\.csv:3: file 'x\.txt' is listed but is not a source",
    ),
    (
        "manifest-no-file-column",
        {"w.txt": GOOD + BODY, "sources.csv": "name,technique\nw.txt,interview\n"},
        r"sources\.csv:1: no 'file' column",
    ),
    (
        "manifest-duplicate-file",
        {"w.txt": BODY, "sources.csv": "file,technique\nw.txt,interview\nw.txt,observation\n"},
        r"sources\.csv:3: file 'w\.txt' listed twice \(lines 2 and 3\)",
    ),
    (
        "informants-duplicate",
        {"w.txt": GOOD + BODY, "informants.csv": "id,group\nPSM1,PSM\nPSM1,PSM\n"},
        r"informants\.csv:3: informant 'PSM1' listed twice",
    ),
    (
        "informants-no-id-column",
        {"w.txt": GOOD + BODY, "informants.csv": "name,group\nPSM1,PSM\n"},
        r"informants\.csv:1: no 'id' column",
    ),
    ("empty-folder", {"README.md": "# nothing\n", "notes.csv": "a,b\n"}, r": no sources in "),
]


@pytest.mark.parametrize(
    ("files", "pattern"), [case[1:] for case in ERROR_CASES], ids=[c[0] for c in ERROR_CASES]
)
def test_bad_input_raises_source_error(
    tmp_path: Path, files: dict[str, str | bytes], pattern: str
) -> None:
    for name, content in files.items():
        _write(tmp_path, name, content)
    with pytest.raises(SourceError, match=pattern) as info:
        load_corpus(tmp_path)
    assert "\n" not in str(info.value)
    assert str(info.value).startswith(str(tmp_path))


def test_invalid_yaml_line_points_at_the_bad_line(tmp_path: Path) -> None:
    text = '---\nid: W1\ntechnique: interview\ntitle: "unclosed\ndate: 2023-05-12\n---\nP: a\n'
    with pytest.raises(SourceError) as info:
        split_front_matter(text, path="w.txt")
    assert info.value.line in (4, 5, 6)  # the quote opened on line 4 runs on


def test_not_a_folder(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"missing: not a folder"):
        load_corpus(tmp_path / "missing")


def test_group_from_informants_table(tmp_path: Path) -> None:
    _write(tmp_path, "w.txt", GOOD.replace("group: PSM\n", "") + BODY)
    _write(tmp_path, "informants.csv", "id,group,label,description\nPSM1,PSM-X,PSM 1,\n")
    corpus = load_corpus(tmp_path)
    assert corpus.sources["group"].tolist() == ["PSM-X"]
    assert corpus.segments["group"].unique().tolist() == ["PSM-X"]
    assert corpus.informants["id"].tolist() == ["PSM1"]


def test_informants_extra_columns_kept(tmp_path: Path) -> None:
    _write(tmp_path, "informants.csv", "id,group,age\nPSM1,PSM,45\n")
    frame = read_informants(tmp_path / "informants.csv")
    assert list(frame.columns) == ["id", "group", "label", "description", "age"]
    assert frame.iloc[0].tolist() == ["PSM1", "PSM", "", "", "45"]


def test_list_source_files_skips_metadata_and_docs(tmp_path: Path) -> None:
    for name in ("b.txt", "a.md", "c.docx", "d.vtt", "e.srt", "README.txt", "LICENSE",
                 "CHANGELOG.md", "sources.csv", "informants.csv", ".hidden.txt", "x.pdf"):  # fmt: skip
        _write(tmp_path, name, "x")
    assert [p.name for p in list_source_files(tmp_path)] == [
        "a.md", "b.txt", "c.docx", "d.vtt", "e.srt",
    ]  # fmt: skip


def test_decode_rejects_invalid_utf16(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="invalid UTF-16"):
        decode_text(codecs.BOM_UTF16_LE + b"\x00\xd8", path="c.vtt")


def test_error_names_file_not_folder(write_source: Callable[..., Path]) -> None:
    path = write_source("w.txt", GOOD.replace("interview", "survey") + BODY)
    with pytest.raises(SourceError) as info:
        load_corpus(path.parent)
    assert info.value.path == str(path) and info.value.line == 5
    assert re.search("survey", info.value.message)
