"""Project folders: write_project_folder / read_project_folder round trip."""

from __future__ import annotations

import pytest

from psm_qual.errors import PsmQualError
from psm_qual.io.study import read_project_folder, safe_file_stem, write_project_folder
from tests.refi_strategies import small_project


def test_folder_round_trip(tmp_path):
    project = small_project()
    write_project_folder(project, tmp_path / "p")
    back = read_project_folder(tmp_path / "p")
    assert back.codebook == project.codebook
    assert dict(back.corpus.bodies) == dict(project.corpus.bodies)
    assert back.codings[["start", "end", "code", "coder", "memo"]].values.tolist() == \
        project.codings[["start", "end", "code", "coder", "memo"]].values.tolist()
    assert back.memos == project.memos and back.users == project.users


def test_refuses_non_empty_folder(tmp_path):
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "x").write_text("x")
    with pytest.raises(PsmQualError, match="not an empty folder"):
        write_project_folder(small_project(), tmp_path / "p")


@pytest.mark.parametrize("source_id, taken, expected", [
    ("../../x", set(), "x"), ("a/b", {"a-b", "a-b-2"}, "a-b-3"), ("😀", set(), "source"),
    ("A", {"a"}, "A-2"),
])
def test_safe_file_stem(source_id, taken, expected):
    assert safe_file_stem(source_id, taken) == expected
