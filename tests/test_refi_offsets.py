"""Offset units of other tools are detected per source and converted; the CLI reports them."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from psm_qual.cli import main
from psm_qual.io.refi.project import project_from_bytes

RAW = "Q: hi\r\nA: by bus \U0001F68C ok\r\nA: mahal sekali\r\n"


def _qdpx(start: int, end: int, name: str, text: bytes, path="internal://T.txt",
          folder="sources/", qde="project.qde") -> bytes:
    xml = (f'<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Users><User guid="{{00000000-0000-'
           f'0000-0000-00000000000A}}" name="u"/></Users><CodeBook><Codes><Code guid="C1" name="cost"'
           f' isCodable="true"/></Codes></CodeBook><Sources><TextSource guid="S1" name="s" '
           f'plainTextPath="{path}"><PlainTextSelection guid="P1" name="{name}" startPosition="{start}"'
           f' endPosition="{end}" creatingUser="00000000-0000-0000-0000-00000000000a"><Coding guid="K1">'
           f'<CodeRef targetGUID="c1"/></Coding></PlainTextSelection></TextSource></Sources></Project>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(qde, "\ufeff" + xml)
        archive.writestr(folder + "T.txt", text)
    return buffer.getvalue()


@pytest.mark.parametrize("start, end, unit", [
    (23, 38, None),  # code points over the raw text (CRLF = 2): the standard
    (21, 36, "code points, CRLF as one"),
    (24, 39, "UTF-16 code units"),
    (22, 37, "UTF-16 code units, CRLF as one"),
])
def test_unit_detected_and_converted(start, end, unit):
    warnings: list[str] = []
    project = project_from_bytes(_qdpx(start, end, "A: mahal sekali", RAW.encode("utf-8-sig")),
                                 warn=warnings.append)
    row = project.codings.iloc[0]
    assert project.corpus.bodies["s"][row.start:row.end] == "A: mahal sekali"
    assert row.coder == "u" and row.code == "cost"
    assert [w for w in warnings if "offsets counted in" in w] == (
        [] if unit is None else [w for w in warnings if unit in w])
    if unit:
        assert any(f"offsets counted in {unit}" in w for w in warnings)


@pytest.mark.parametrize("path, folder, qde", [
    ("T.txt", "", "MyProject.QDE"),
    ("internal://T.txt", "Sources/", "Project.qde"),
])
def test_layout_variants(path, folder, qde):
    data = _qdpx(23, 38, "A: mahal sekali", RAW.encode(), path=path, folder=folder, qde=qde)
    project = project_from_bytes(data, warn=pytest.fail)
    assert len(project.codings) == 1


def test_missing_source_file_warns():
    warnings: list[str] = []
    project = project_from_bytes(_qdpx(0, 1, "Q", RAW.encode(), path="internal://nope.txt"),
                                 warn=warnings.append)
    assert len(project.corpus.sources) == 0
    assert any("missing from the archive" in w for w in warnings)


def test_cli_import_and_export(tmp_path, capsys):
    source = tmp_path / "in.qdpx"
    source.write_bytes(_qdpx(24, 39, "A: mahal sekali", RAW.encode()))
    assert main(["import-refi", str(source), "--out", str(tmp_path / "proj"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["sources"], report["codes"], report["codings"], report["users"]) == (1, 1, 1, 1)
    assert any("UTF-16" in w for w in report["warnings"])
    out = tmp_path / "again.qdpx"
    assert main(["export-refi", str(tmp_path / "proj"), "--codebook",
                 str(tmp_path / "proj" / "codebook.yaml"), "--codings",
                 str(tmp_path / "proj" / "codings.csv"), "--out", str(out)]) == 0
    assert out.is_file()
    assert main(["import-refi", str(source), "--out", str(tmp_path / "proj")]) == 2
