"""Hostile files: one clear error, nothing written."""

from __future__ import annotations

import io
import zipfile

import pytest

from psm_qual.errors import HostileFileError, RefiError
from psm_qual.io.refi import ZipLimits, import_refi

XXE = (b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="a" name="&x;" '
       b'isCodable="true"/></Codes></CodeBook>')
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;">'
          b'<!ENTITY c "&b;&b;&b;&b;&b;">]><CodeBook><Codes/>&c;</CodeBook>')


def _zip(entries: dict[str, bytes], level: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=level) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


QDE = b'<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>'
CASES = [
    ("xxe.qdc", XXE, HostileFileError, "DTD"),
    ("laughs.qdc", LAUGHS, HostileFileError, "DTD"),
    ("xxe.qdpx", _zip({"project.qde": XXE.replace(b"CodeBook", b"Project")}), HostileFileError,
     "DTD"),
    ("slip.qdpx", _zip({"project.qde": QDE, "../evil.txt": b"x"}), HostileFileError, "zip slip"),
    ("abs.qdpx", _zip({"project.qde": QDE, "/etc/evil.txt": b"x"}), HostileFileError,
     "zip slip"),
    ("bomb.qdpx", _zip({"project.qde": QDE, "sources/a.txt": b"0" * 3_000_000}),
     HostileFileError, "zip bomb"),
    ("big.qdpx", _zip({"project.qde": QDE, "sources/a.txt": b"x" * 5000},
                      zipfile.ZIP_STORED), HostileFileError, "zip bomb"),
    ("many.qdpx", _zip({"project.qde": QDE, **{f"sources/{i}.txt": b"" for i in range(30)}}),
     HostileFileError, "too many entries"),
    ("notzip.qdpx", b"this is not a zip", RefiError, "not a zip"),
    ("malformed.qdc", b"<CodeBook><Codes>", RefiError, "not well-formed"),
]
LIMITS = ZipLimits(max_entries=20, max_total_size=4000, max_entry_size=4000, max_ratio=100,
                   ratio_floor=1000)


@pytest.mark.parametrize("name, data, error, match", CASES)
def test_hostile_file_refused_and_nothing_written(tmp_path, name, data, error, match):
    source = tmp_path / name
    source.write_bytes(data)
    out = tmp_path / "out"
    limits = LIMITS if name != "bomb.qdpx" else ZipLimits(max_ratio=100, ratio_floor=1000)
    with pytest.raises(error, match=match) as caught:
        import_refi(source, out, limits=limits)
    assert "\n" not in str(caught.value)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
