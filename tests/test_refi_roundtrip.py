"""REFI-QDA export: schema validity, determinism and read(write(x)) == x."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from psm_qual.codebook.model import Code, Codebook, Example
from psm_qual.io.refi import read_qdc, read_qdpx, write_qdc, write_qdpx
from psm_qual.io.refi.codebook import codebook_to_xml
from psm_qual.io.refi.project import project_from_bytes, project_to_bytes
from psm_qual.io.refi.validate import schema_errors
from tests.refi_strategies import codebooks, projects, small_project

SORT = ["source_id", "start", "end", "code", "coder", "memo", "created_at"]


def _norm(codings: pd.DataFrame) -> pd.DataFrame:
    frame = codings[SORT].astype({"start": np.int64, "end": np.int64})
    return frame.sort_values(SORT).drop_duplicates().reset_index(drop=True)


def _qde(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read("project.qde")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(codebooks())
def test_codebook_round_trip_and_validity(codebook):
    data = codebook_to_xml(codebook)
    assert schema_errors(data, "codebook") == []
    assert codebook_to_xml(codebook) == data
    from psm_qual.io.refi.codebook import codebook_from_xml

    assert codebook_from_xml(data, warn=pytest.fail) == codebook


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_project_round_trip(project):
    data = project_to_bytes(project)
    assert project_to_bytes(project) == data  # byte-identical across runs
    assert schema_errors(_qde(data), "project") == []
    back = project_from_bytes(data, warn=pytest.fail)
    assert back.codebook == project.codebook
    assert dict(back.corpus.bodies) == dict(project.corpus.bodies)
    pd.testing.assert_frame_equal(_norm(back.codings), _norm(project.codings))
    cols = ["source_id", "informant", "group", "technique", "language", "title"]
    pd.testing.assert_frame_equal(back.corpus.sources[cols].reset_index(drop=True),
                                  project.corpus.sources[cols].reset_index(drop=True))
    pd.testing.assert_frame_equal(back.corpus.informants[["id", "group", "label"]],
                                  project.corpus.informants[["id", "group", "label"]])
    assert sorted(back.memos, key=repr) == sorted(project.memos, key=repr)
    assert back.users == project.users


def test_macqueen_fields_survive(tmp_path):
    code = Code("initiator", label={"id": "Inisiator", "en": "Initiator"},
                definition={"id": "d", "en": "D"}, when_to_use={"en": "w"},
                examples=(Example("contoh", "id"),), patterns={"id": ("lapor",)}, color="#112233")
    book = Codebook("cb", {"en": "CB"}, "2.1.0", (code,), languages=("id", "en"))
    path = write_qdc(book, tmp_path / "cb.qdc")
    assert read_qdc(path) == book
    text = path.read_text(encoding="utf-8")
    assert 'name="Initiator"' in text and 'color="#112233"' in text
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_write_refuses_unknown_code(tmp_path):
    from psm_qual.io.refi.codebook import codebook_to_xml  # noqa: F401
    from tests.refi_strategies import projects as _  # noqa: F401

    project = small_project()
    bad = project.codings.copy()
    bad.loc[len(bad)] = ["S0", 0, 1, "no-such-code", "alice", "", ""]
    from psm_qual.errors import RefiError
    from psm_qual.project import Project

    with pytest.raises(RefiError, match="missing from the codebook"):
        write_qdpx(Project(project.corpus, project.codebook, bad), tmp_path / "x.qdpx")
    assert not (tmp_path / "x.qdpx").exists()


def test_qdpx_file_round_trip(tmp_path):
    project = small_project()
    a = write_qdpx(project, tmp_path / "a.qdpx")
    b = write_qdpx(project, tmp_path / "b.qdpx")
    assert a.read_bytes() == b.read_bytes()
    names = zipfile.ZipFile(a).namelist()
    assert names[0] == "project.qde" and all(n.startswith("sources/") for n in names[1:])
    assert read_qdpx(a).codebook == project.codebook
