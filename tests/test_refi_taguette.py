"""A real client round trip: Taguette imports our codebook (CSV) and exports it back as ``.qdc``.

The round-trip tests start Taguette 1.5.2 from its own virtual environment ``.venv-taguette``
(its SQLAlchemy differs from ours; ``make test`` creates it) in single-user mode on 127.0.0.1, a
free port and a temporary database, with its call home to msg.taguette.org switched off, and drive
it over HTTP as a browser would (token login, XSRF cookie, "New project", "Import codebook" with
its confirmation form, "Export codebook"). They are skipped when ``.venv-taguette/bin/taguette``
does not exist.

What survives Taguette: every code id and the code tree (tags ``initiator::case-handling`` are read
back as hierarchy; categories come back implied, not codable) and, inside Taguette, each tag's
description. What its ``.qdc`` loses: descriptions (so labels and every MacQueen field), colours,
the codebook's id, title and version; it adds its default tag ``interesting`` and an empty
``<Sets/>`` that the schema forbids.
"""

from __future__ import annotations

import csv
import http.cookiejar
import io
import re
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from lxml import etree

from psm_qual.codebook import load_codebook
from psm_qual.codebook.model import Code, Codebook
from psm_qual.datasets import codebook_path
from psm_qual.errors import RefiError
from psm_qual.io.refi import read_qdc, write_qdc
from psm_qual.io.refi.codebook import codebook_from_xml
from psm_qual.io.refi.taguette import codebook_to_taguette_csv, taguette_path, write_taguette_csv
from psm_qual.io.refi.validate import schema_errors

ROOT = Path(__file__).resolve().parents[1]
TAGUETTE_VENV = ROOT / ".venv-taguette"
TAGUETTE = TAGUETTE_VENV / "bin" / "taguette"
STARTUP_S = 30
needs_taguette = pytest.mark.skipif(
    not TAGUETTE.exists(),
    reason=f"Taguette is not installed: {TAGUETTE.relative_to(ROOT)} does not exist "
    "(python3 -m venv .venv-taguette && .venv-taguette/bin/pip install taguette)",
)

# Run Taguette's own main() with its start-up fetch of https://msg.taguette.org switched off.
_LAUNCH = (
    "import sys; from taguette.web import base; "
    "base.Application.check_messages = lambda self: None; "
    "from taguette.main import main; sys.argv[0] = 'taguette'; main()"
)


def psm_codebook() -> Codebook:
    return load_codebook(codebook_path())


# --------------------------------------------------------------------------------------------
# codebook_to_taguette_csv without Taguette


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Taguette guesses the encoding: a BOM makes it UTF-8"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize(
    "codes, expected",
    [
        # a codable parent keeps its row; its children get '::' paths
        ((Code("a", label={"en": "A"}), Code("a/b", label={"en": "B"})),
         [["a", "A"], ["a::b", "B"]]),
        # a category with codable children is implied by '::', not written
        ((Code("cat", codable=False), Code("cat/x", label={"en": "X"})), [["cat::x", "X"]]),
        # a category without codable descendants must not be lost
        ((Code("cat", label={"en": "Cat"}, codable=False),),
         [["cat", "(category: code its sub-codes) Cat"]]),
        # label — definition, folded onto one line; commas and quotes survive CSV quoting
        ((Code("q", label={"en": "Q, \"quoted\""}, definition={"en": "Two\nlines  here."}),),
         [["q", "Q, \"quoted\" — Two lines here."]]),
        # the other language when the asked one is missing; non-ASCII survives
        ((Code("x", label={"id": "Penanganan kasus"}),), [["x", "Penanganan kasus"]]),
        ((Code("émotion/joie-😀"),), [["émotion::joie-😀", ""]]),
    ],
)
def test_taguette_csv_rows(codes, expected):
    cb = Codebook("cb", {"en": "CB"}, "1", codes)
    rows = _rows(codebook_to_taguette_csv(cb))
    assert rows[0] == ["tag", "description"]
    assert rows[1:] == expected


def test_taguette_csv_language_option():
    cb = Codebook("cb", {"en": "CB"}, "1",
                  (Code("x", label={"id": "Inisiator", "en": "Initiator"}),))
    assert _rows(codebook_to_taguette_csv(cb, language="id"))[1] == ["x", "Inisiator"]
    assert _rows(codebook_to_taguette_csv(cb, language="en"))[1] == ["x", "Initiator"]


def test_taguette_csv_psm_codebook_has_every_codable_code():
    cb = psm_codebook()
    paths = [row[0] for row in _rows(codebook_to_taguette_csv(cb))[1:]]
    assert paths == [taguette_path(c) for c in cb if c.codable]
    assert "barrier::funding" in paths and "barrier" not in paths


def test_taguette_csv_rejects_paths_taguette_refuses():
    cb = Codebook("cb", {"en": "CB"}, "1", (Code("x" * 201),))
    with pytest.raises(RefiError, match="at most 200 characters"):
        codebook_to_taguette_csv(cb)


def test_write_taguette_csv(tmp_path):
    cb = psm_codebook()
    out = write_taguette_csv(cb, tmp_path / "codebook.csv")
    assert out.read_bytes() == codebook_to_taguette_csv(cb)


def test_taguette_style_qdc_read_back_as_tree():
    """What Taguette exports for '::' tags (flat codes, no descriptions) reads back as our tree."""
    xml = (
        b'<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" '
        b'origin="Taguette 1.5.2"><Codes>'
        b'<Code guid="0D62985D-B147-5D01-A9B5-CAE5DCD98342" name="barrier::funding" isCodable="true"/>'
        b'<Code guid="E998F5D4-A3EC-59C9-B17A-1CC008824583" name="initiator" isCodable="true"/>'
        b'<Code guid="EB4FAF45-E95F-5D42-BCE2-5EA45C0231C8" name="initiator::case-handling" '
        b'isCodable="true"/></Codes><Sets/></CodeBook>'
    )
    back = codebook_from_xml(xml, path="taguette.qdc")
    assert [(c.id, c.codable) for c in back] == [
        ("barrier", False), ("barrier/funding", True),
        ("initiator", True), ("initiator/case-handling", True),
    ]


# --------------------------------------------------------------------------------------------
# the round trip through a running Taguette


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Form(HTMLParser):
    """The fields a browser would submit from the first ``<form method="post">`` of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._in_form = self._done = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self._done and (a.get("method") or "").lower() == "post":
            self._in_form = True
        elif tag == "input" and self._in_form and a.get("name") and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind == "checkbox":
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value") or "on"))
            elif kind != "submit":
                self.fields.append((a["name"], a.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form" and self._in_form:
            self._in_form, self._done = False, True


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]):
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                  f"{value}\r\n".encode())
    for name, (filename, data, mime) in files.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                  f'filename="{filename}"\r\nContent-Type: {mime}\r\n\r\n'.encode())
        out.write(data + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


class TaguetteClient:
    """A browser's worth of HTTP: cookies, XSRF token, redirects followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, path: str, data: bytes | None = None, content_type: str | None = None):
        req = urllib.request.Request(self.base + path, data=data)
        if content_type:
            req.add_header("Content-Type", content_type)
        try:
            with self.opener.open(req, timeout=20) as resp:
                return resp.geturl(), resp.read()
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8", "replace")
            raise AssertionError(f"Taguette {error.code} on {path}: {body[:2000]}") from None

    @property
    def xsrf(self) -> str:
        for cookie in self.jar:
            if cookie.name == "_xsrf":
                return cookie.value
        raise AssertionError(f"no _xsrf cookie; cookies: {[c.name for c in self.jar]}")

    def post_form(self, path: str, fields: list[tuple[str, str]]):
        data = urllib.parse.urlencode([("_xsrf", self.xsrf), *fields]).encode()
        return self.request(path, data, "application/x-www-form-urlencoded")

    def post_file(self, path: str, field: str, filename: str, data: bytes, mime: str):
        body, content_type = _multipart({"_xsrf": self.xsrf}, {field: (filename, data, mime)})
        return self.request(path, body, content_type)


@dataclass(frozen=True)
class RoundTrip:
    sent_csv: bytes
    qdc: bytes
    taguette_csv: bytes
    imported: list[tuple[str, str]]  # the confirmation form Taguette showed


def _start(tmp: Path) -> tuple[subprocess.Popen, str, Path]:
    port = _free_port()
    log = tmp / "taguette.log"
    with log.open("wb") as handle:
        proc = subprocess.Popen(
            [str(TAGUETTE_VENV / "bin" / "python"), "-c", _LAUNCH, "--no-browser",
             "--bind", "127.0.0.1", "--port", str(port),
             "--database", str(tmp / "db" / "taguette.sqlite3")],
            stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            cwd=tmp, env={"HOME": str(tmp), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        )
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        found = re.search(r"\?token=(\w+)", log.read_text("utf-8", "replace"))
        if found:
            return proc, f"http://127.0.0.1:{port}", log
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    proc.terminate()
    proc.wait(10)
    raise AssertionError(f"Taguette did not start:\n{log.read_text('utf-8', 'replace')[-3000:]}")


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory) -> RoundTrip:
    tmp = tmp_path_factory.mktemp("taguette")
    proc, base, log = _start(tmp)
    try:
        token = re.search(r"\?token=(\w+)", log.read_text("utf-8")).group(1)
        client = TaguetteClient(base)
        client.request(f"/?token={token}")  # single-user login: sets the signed 'user' cookie
        client.request("/project/new")  # the form sets the _xsrf cookie
        url, _ = client.post_form("/project/new", [("name", "psm_qual round trip"),
                                                   ("description", "")])
        project = re.search(r"/project/(\d+)$", url)
        assert project, f"no project page after creating one: {url}"
        pid = project.group(1)

        sent = codebook_to_taguette_csv(psm_codebook())
        _, page = client.post_file(f"/project/{pid}/import_codebook", "file", "codebook.csv",
                                   sent, "text/csv")
        form = _Form()
        form.feed(page.decode("utf-8"))
        assert any(name.endswith("-path") for name, _ in form.fields), page[:3000]
        client.post_form(f"/project/{pid}/import_codebook",
                         [f for f in form.fields if f[0] != "_xsrf"])

        _, qdc = client.request(f"/project/{pid}/export/codebook.qdc")
        _, tag_csv = client.request(f"/project/{pid}/export/codebook.csv")
        return RoundTrip(sent, qdc, tag_csv, form.fields)
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


@needs_taguette
def test_taguette_offers_every_tag_of_our_csv(round_trip):
    offered = [v for k, v in round_trip.imported if k.endswith("-path")]
    checked = {k.removesuffix("-import") for k, _ in round_trip.imported if k.endswith("-import")}
    sent = [row[0] for row in _rows(round_trip.sent_csv)[1:]]
    assert sorted(offered) == sorted(sent)  # Taguette's form lists them sorted by path
    assert len(checked) == len(sent)  # all new, all ticked for import


@needs_taguette
def test_taguette_qdc_keeps_every_codable_code_and_the_tree(round_trip, tmp_path):
    path = tmp_path / "taguette.qdc"
    path.write_bytes(round_trip.qdc)
    back = read_qdc(path)
    ours = psm_codebook()
    # ids survive exactly: '::' paths are read as hierarchy
    assert {c.id for c in back} == {c.id for c in ours} | {"interesting"}  # Taguette's default
    for code in ours:
        assert back[code.id].parent == code.parent, code.id
        assert back[code.id].codable == code.codable, code.id  # categories implied, not codable
    # what Taguette's .qdc loses: labels come back as the id part, definitions and colours go
    assert back["initiator/case-handling"].label == {"en": "case-handling"}
    assert not any(c.definition or c.color or c.examples or c.patterns for c in back)
    # our own export of what came back is valid (write_qdc validates) and reads back equal
    assert read_qdc(write_qdc(back, tmp_path / "again.qdc")) == back


@needs_taguette
def test_taguette_qdc_against_schema(round_trip):
    root = etree.fromstring(round_trip.qdc)
    assert root.get("origin", "").startswith("Taguette")
    errors = schema_errors(round_trip.qdc, "codebook")
    # Taguette 1.5.2 writes an empty <Sets/> (the schema wants at least one <Set>); nothing else
    assert errors and all("Sets" in e for e in errors), errors
    sets = root.find("{urn:QDA-XML:codebook:1.0}Sets")
    assert sets is not None and len(sets) == 0
    root.remove(sets)
    assert schema_errors(etree.tostring(root, xml_declaration=True, encoding="utf-8"),
                         "codebook") == []


@needs_taguette
def test_taguette_keeps_descriptions_inside(round_trip):
    """Descriptions (label — definition, non-ASCII included) reach Taguette intact."""
    sent = dict(row for row in _rows(round_trip.sent_csv)[1:])
    exported = {row[0]: row[1] for row in
                csv.reader(io.StringIO(round_trip.taguette_csv.decode("utf-8"), newline=""))}
    assert any(not text.isascii() for text in sent.values())  # the check can fail on mojibake
    for tag, description in sent.items():
        assert exported[tag] == description, tag

