"""Every REFI-QDA sample from real tools imports with the expected counts and warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from psm_qual.io.refi import read_qdc, read_qdpx
from psm_qual.io.refi.codebook import codebook_from_xml

DATA = Path(__file__).parent / "data" / "refi"

# file, sources, codes, codings, users, warnings containing each substring (count)
CASES = [
    ("qualcoder-4.0beta_project.qdpx", 1, 6, 4, 2, {"SourceRef": 1}),
    ("refi-1.5-annexA2_atlasti-8.4_transcribed.qdpx", 0, 14, 0, 3,
     {"missing from the archive": 6, "skipped: only text": 4}),
]
CODEBOOKS = [
    ("qualcoder-4.0beta_codebook.qdc", 6, ["Barriers/cost/transport-cost"]),
    ("taguette-1.5.2_codebook_http.qdc", 5, ["interesting", "émotion-joie"]),
    ("taguette-1.5.2_codebook_direct.qdc", 3, ["naïve-quotes-xml"]),
    ("refi-1.5-annexA1_codebook_transcribed.qdc", 6, ["Topics", "Health-care"]),
]


@pytest.mark.parametrize("name, sources, codes, codings, users, expected", CASES)
def test_project_samples(name, sources, codes, codings, users, expected):
    warnings: list[str] = []
    project = read_qdpx(DATA / name, warn=warnings.append)
    assert (len(project.corpus.sources), len(project.codebook), len(project.codings),
            len(project.users)) == (sources, codes, codings, users)
    for text, count in expected.items():
        assert sum(text in w for w in warnings) == count, warnings


def test_qualcoder_spans_exact():
    project = read_qdpx(DATA / "qualcoder-4.0beta_project.qdpx", warn=lambda m: None)
    body = project.corpus.bodies["interview1.txt"]
    assert body == ("Interviewer: How did you get here?\nP01: By bus \U0001F68C — it costs too "
                    "much (naïve “quote” & <tag>).\nP01: My neighbour helps.\n")
    got = sorted((r.start, r.end, r.code, r.coder, r.memo) for r in project.codings.itertuples())
    assert got == [
        (40, 48, "Barriers/cost/transport-cost", "alice", ""),
        (51, 68, "Barriers/cost", "alice", "coding memo"),
        (51, 68, "Barriers/cost", "bob", ""),
        (99, 117, "facilitators", "bob", ""),
    ]
    assert body[40:48] == "By bus \U0001F68C"
    annotation = [m for m in project.memos if m.start is not None]
    assert [(m.start, m.end, m.text) for m in annotation] == [(70, 91, "annotation memo")]
    assert project.corpus.informants["id"].tolist() == ["P01"]
    assert project.codebook["Barriers"].codable is False


@pytest.mark.parametrize("name, codes, ids", CODEBOOKS)
def test_codebook_samples(name, codes, ids):
    codebook = read_qdc(DATA / name)
    assert len(codebook) == codes
    for code_id in ids:
        assert code_id in codebook


def test_taguette_names_kept_as_labels():
    codebook = read_qdc(DATA / "taguette-1.5.2_codebook_http.qdc")
    assert codebook["émotion-joie"].label == {"en": "émotion/joie 😀"}


@pytest.mark.parametrize("namespace", ["urn:QDA-XML:codebook:1.0", "urn:QDA-XML:codebook:0:4", None])
def test_namespace_variants_bom_braces_and_colons(namespace):
    xmlns = f' xmlns="{namespace}"' if namespace else ""
    data = ("\ufeff<?xml version='1.0' encoding='utf-8'?>"
            f"<CodeBook{xmlns}><Codes>"
            '<Code guid="{AAAAAAAA-B628-4E02-AFB9-9BEEAEE55808}" name="Topic::Sub" isCodable="true"/>'
            '<Code guid="x1" name="a" isCodable="true"><Code guid="x2" name="dup" isCodable="true"/></Code>'
            '<Code guid="x3" name="b" isCodable="true"><Code guid="x4" name="dup" isCodable="true"/></Code>'
            "</Codes><Sets/></CodeBook>").encode()
    warnings: list[str] = []
    codebook = codebook_from_xml(data, warn=warnings.append)
    assert codebook.ids == ("Topic", "Topic/Sub", "a", "a/dup", "b", "b/dup")
    assert codebook["Topic"].codable is False and warnings == []
