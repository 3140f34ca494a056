"""Validation of REFI-QDA documents: the XML schemas and referential integrity.

The schemas (``psm_qual/data/refi/``) are loaded once, with the hardened parser.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from lxml import etree

from psm_qual.errors import RefiError
from psm_qual.io.refi.safe import parse_xml

__all__ = ["schema", "schema_errors", "validate_codebook_xml", "validate_project_xml",
           "dangling_references"]

_SCHEMAS = Path(__file__).resolve().parents[2] / "data" / "refi"
_FILES = {"codebook": "Codebook.xsd", "project": "Project-mrt2019.xsd"}


@cache
def schema(kind: Literal["codebook", "project"]) -> etree.XMLSchema:
    """The REFI-QDA XML schema for ``.qdc`` (``"codebook"``) or ``project.qde`` (``"project"``)."""
    data = (_SCHEMAS / _FILES[kind]).read_bytes()
    return etree.XMLSchema(parse_xml(data, path=_FILES[kind]))


def schema_errors(data: bytes, kind: Literal["codebook", "project"]) -> list[str]:
    """Schema violations of a document, one line each (empty when valid).

    Examples
    --------
    >>> schema_errors(b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>', "codebook")[0]
    "1: Element '{urn:QDA-XML:codebook:1.0}Codes': Missing child element(s)..."
    """
    checker = schema(kind)
    if checker.validate(etree.ElementTree(parse_xml(data))):
        return []
    return [f"{e.line}: {e.message}" for e in checker.error_log]


def _validate(data: bytes, kind: Literal["codebook", "project"], path: str | Path) -> None:
    errors = schema_errors(data, kind)
    if errors:
        raise RefiError(f"does not validate against the {kind} schema: {errors[0]}", path=path)


def validate_codebook_xml(data: bytes, *, path: str | Path = "<codebook>") -> None:
    """Raise :class:`RefiError` unless ``data`` validates against ``Codebook.xsd``."""
    _validate(data, "codebook", path)


def validate_project_xml(data: bytes, *, path: str | Path = "<project>") -> None:
    """Raise :class:`RefiError` unless ``data`` validates against ``Project-mrt2019.xsd``."""
    _validate(data, "project", path)


_REFS = {
    "CodeRef": "Code",
    "MemberCode": "Code",
    "SourceRef": "Source",
    "MemberSource": "Source",
    "NoteRef": "Note",
    "MemberNote": "Note",
    "VariableRef": "Variable",
}
_SOURCES = frozenset(
    ("TextSource", "PictureSource", "PDFSource", "AudioSource", "VideoSource")
)


def dangling_references(root: etree._Element) -> list[str]:
    """Every ``targetGUID`` / ``creatingUser`` in a project that points at nothing, one line each.

    GUIDs are compared case-insensitively and without braces.

    Examples
    --------
    >>> doc = (b'<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes>'
    ...        b'<Code guid="00000000-0000-0000-0000-000000000001" name="a" isCodable="true"/>'
    ...        b'</Codes></CodeBook><Sets><Set guid="00000000-0000-0000-0000-000000000002" name="s">'
    ...        b'<MemberCode targetGUID="00000000-0000-0000-0000-000000000009"/></Set></Sets></Project>')
    >>> dangling_references(parse_xml(doc))
    ["line 1: MemberCode targetGUID '00000000-0000-0000-0000-000000000009' names no Code"]
    """
    from psm_qual.io.refi.ids import normalise_guid

    known: dict[str, set[str]] = {"Code": set(), "Source": set(), "Note": set(),
                                  "Variable": set(), "User": set()}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = element.tag.rpartition("}")[2]
        kind = "Source" if name in _SOURCES else name
        if kind in known and element.get("guid"):
            known[kind].add(normalise_guid(element.get("guid")))
    problems: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = element.tag.rpartition("}")[2]
        target = _REFS.get(name)
        if target and normalise_guid(element.get("targetGUID")) not in known[target]:
            problems.append(
                f"line {element.sourceline}: {name} targetGUID {element.get('targetGUID')!r} "
                f"names no {target}"
            )
        for attribute in ("creatingUser", "modifyingUser"):
            value = element.get(attribute)
            if value and normalise_guid(value) not in known["User"]:
                problems.append(
                    f"line {element.sourceline}: {name} {attribute} {value!r} names no User"
                )
    return problems
