"""REFI-QDA Codebook Exchange (``.qdc``): :func:`write_qdc` and :func:`read_qdc`.

Codes are written as nested ``<Code>`` elements (``isCodable="false"`` for pure categories), with
``uuid5`` GUIDs of the code path, the colour where it is a valid ``#RRGGBB``, and the MacQueen
fields (label, definitions, when to use / not to use, examples, patterns) as a small YAML block in
``<Description>`` so that other tools show them and psm_qual reads them back exactly. The
codebook's own id, title and version travel in a leading ``<!--psm_qual ...-->`` comment.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path

import yaml
from lxml import etree

from psm_qual.codebook.model import SEPARATOR, Code, Codebook, Example
from psm_qual.errors import RefiError, RefiWarning
from psm_qual.io.atomic import write_atomic
from psm_qual.io.refi.ids import guid, normalise_guid, segment_from_name
from psm_qual.io.refi.safe import parse_xml
from psm_qual.io.refi.validate import validate_codebook_xml

__all__ = ["CODEBOOK_NS", "write_qdc", "read_qdc", "codebook_to_xml", "codebook_from_xml"]

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = "psm_qual"
_RGB = re.compile(r"#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})")
_TEXT_FIELDS = ("label", "definition", "full_definition", "when_to_use", "when_not_to_use")
_FIELDS = frozenset((*_TEXT_FIELDS, "examples", "patterns", "color", "id"))
_META = "psm_qual "

Warn = Callable[[str], None]


def _warn(message: str) -> None:
    warnings.warn(message, RefiWarning, stacklevel=3)


def local(element: etree._Element) -> str:
    """The local name of an element, whatever its namespace (or none)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def children(element: etree._Element, name: str) -> list[etree._Element]:
    """Child elements called ``name`` in any namespace."""
    return [child for child in element if local(child) == name]


def child(element: etree._Element, name: str) -> etree._Element | None:
    """The first child element called ``name`` in any namespace, or ``None``."""
    for item in element:
        if local(item) == name:
            return item
    return None


def code_name(code: Code) -> str:
    """The REFI ``name`` written for ``code``: its English (else any) label, else its id part."""
    label = code.text("label", "en").strip()
    if not label or "::" in label:
        return code.name
    return label


def _description(code: Code) -> str:
    fields: dict[str, object] = {}
    if code_name(code) != code.name:
        fields["id"] = code.name
    for name in _TEXT_FIELDS:
        value = getattr(code, name)
        if name == "label" and dict(value) == {"en": code_name(code)}:
            continue  # read back from the name
        if value:
            fields[name] = dict(value)
    if code.examples:
        fields["examples"] = [{"text": e.text, "language": e.language} for e in code.examples]
    if code.patterns:
        fields["patterns"] = {k: list(v) for k, v in code.patterns.items()}
    if code.color and not _RGB.fullmatch(code.color):
        fields["color"] = code.color
    if not fields:
        return ""
    return yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=100)


def _set_text(element: etree._Element, text: str, *, what: str) -> None:
    try:
        element.text = text
    except ValueError as error:
        raise RefiError(f"{what} cannot be written as XML: {error}", field=what) from None


def _set_attr(element: etree._Element, key: str, value: str, *, what: str) -> None:
    try:
        element.set(key, value)
    except ValueError as error:
        raise RefiError(f"{what} cannot be written as XML: {error}", field=what) from None


def codes_element(codebook: Codebook, namespace: str) -> etree._Element:
    """The ``<Codes>`` element of ``codebook`` in ``namespace`` (nested, deterministic GUIDs)."""
    q = f"{{{namespace}}}"
    codes = etree.Element(q + "Codes")
    elements: dict[str | None, etree._Element] = {None: codes}
    for code in codebook.codes:
        parent = elements.get(code.parent)
        if parent is None:
            raise RefiError(f"code {code.id!r} has no parent {code.parent!r} in the codebook",
                            field="codes")
        element = etree.SubElement(parent, q + "Code")
        element.set("guid", guid("code", code.id))
        _set_attr(element, "name", code_name(code), what=f"code {code.id!r}")
        element.set("isCodable", "true" if code.codable else "false")
        if code.color and _RGB.fullmatch(code.color):
            element.set("color", code.color)
        text = _description(code)
        if text:
            # Description must come before nested codes: insert it first.
            description = etree.Element(q + "Description")
            _set_text(description, text, what=f"code {code.id!r} description")
            element.insert(0, description)
        elements[code.id] = element
    if not codebook.codes:
        raise RefiError("a REFI-QDA codebook needs at least one code", field="codes")
    return codes


def _meta_comment(codebook: Codebook) -> etree._Comment:
    meta = {
        "id": codebook.id,
        "title": dict(codebook.title),
        "version": codebook.version,
        "description": dict(codebook.description),
        "languages": list(codebook.languages),
    }
    text = json.dumps(meta, ensure_ascii=True, sort_keys=True).replace("--", "-\\u002d")
    return etree.Comment(_META + text)


def codebook_to_xml(codebook: Codebook) -> bytes:
    """The ``.qdc`` document for ``codebook`` (UTF-8, deterministic), validated against the schema.

    Raises
    ------
    RefiError
        If the codebook cannot be written as a valid document.
    """
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS})
    root.set("origin", ORIGIN)
    root.append(_meta_comment(codebook))
    root.append(codes_element(codebook, CODEBOOK_NS))
    data = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    validate_codebook_xml(data, path="<codebook>")
    return data


def write_qdc(codebook: Codebook, path: str | Path) -> Path:
    """Write ``codebook`` as a REFI-QDA Codebook Exchange file (``.qdc``), atomically.

    Parameters
    ----------
    codebook : Codebook
        The codebook; code ids become nested codes, GUIDs are ``uuid5`` of the code path.
    path : str or Path
        The file to write.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    RefiError
        If the codebook has no codes or text that XML cannot hold.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> cb = Codebook("demo", {"en": "Demo"}, "1", (Code("roles", codable=False),
    ...      Code("roles/initiator", label={"en": "Initiator"}, color="#AA0000")))
    >>> out = write_qdc(cb, pathlib.Path(tempfile.mkdtemp()) / "demo.qdc")
    >>> read_qdc(out).ids
    ('roles', 'roles/initiator')
    >>> read_qdc(out)["roles/initiator"].label["en"]
    'Initiator'
    """
    data = codebook_to_xml(codebook)
    return write_atomic(path, lambda handle: handle.write(data))


def _parse_description(text: str | None) -> dict[str, object]:
    if not text or not text.strip():
        return {}
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        value = None
    if isinstance(value, dict) and value and set(map(str, value)) <= _FIELDS:
        fields: dict[str, object] = {}
        for name in _TEXT_FIELDS:
            if isinstance(value.get(name), dict):
                fields[name] = {str(k): str(v) for k, v in value[name].items()}
        if isinstance(value.get("examples"), list):
            fields["examples"] = tuple(
                Example(str(e.get("text", "")), str(e.get("language", "id")))
                for e in value["examples"]
                if isinstance(e, dict)
            )
        if isinstance(value.get("patterns"), dict):
            fields["patterns"] = {
                str(k): tuple(str(p) for p in (v or ())) for k, v in value["patterns"].items()
            }
        if "color" in value:
            fields["color"] = str(value["color"])
        if value.get("id") is not None:
            fields["id"] = str(value["id"])
        return fields
    return {"definition": {"en": text.strip()}}


def _unique(segment: str, taken: set[str]) -> str:
    """``segment``, or ``segment-k`` with the smallest k >= 2 not in ``taken``."""
    if segment not in taken:
        return segment
    for k in range(2, len(taken) + 3):  # at most len(taken) candidates are taken: terminates
        candidate = f"{segment}-{k}"
        if candidate not in taken:
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover


def codes_from_element(
    codes: etree._Element | None, *, warn: Warn, path: str
) -> tuple[tuple[Code, ...], dict[str, str]]:
    """Codes (document order, parents first) and a map normalised GUID -> code id.

    Duplicate names under one parent get `` (2)``, `` (3)``...; ``::`` in a top-level code's name
    is read as hierarchy (ATLAS.ti); a duplicate GUID keeps its first code.
    """
    found: list[Code] = []
    by_guid: dict[str, str] = {}
    taken: dict[str | None, set[str]] = {}
    ids: set[str] = set()
    implied: dict[str, int] = {}  # categories created from '::' names -> index in found

    def add(parent: str | None, segment: str, **fields: object) -> str:
        own_id = segment if parent is None else f"{parent}{SEPARATOR}{segment}"
        if own_id in implied and not fields.pop("_implied", False):
            index = implied.pop(own_id)  # a real code for a category implied earlier
            found[index] = Code(own_id, **fields)  # type: ignore[arg-type]
            return own_id
        fields.pop("_implied", None)
        siblings = taken.setdefault(parent, set())
        segment = _unique(segment, siblings)
        siblings.add(segment)
        code_id = segment if parent is None else f"{parent}{SEPARATOR}{segment}"
        found.append(Code(code_id, **fields))  # type: ignore[arg-type]
        ids.add(code_id)
        return code_id

    def walk(element: etree._Element, parent: str | None) -> None:
        for item in children(element, "Code"):
            name = item.get("name") or ""
            if not name.strip():
                warn(f"{path}: code {item.get('guid')!r} has no name; called '_'")
            fields = _parse_description(
                child(item, "Description").text if child(item, "Description") is not None
                 else None
            )
            segment = str(fields.pop("id", "")) or segment_from_name(name)
            if "label" not in fields and "::" not in name:
                fields["label"] = {"en": name}
            color = item.get("color")
            if color and "color" not in fields:
                fields["color"] = color
            codable = (item.get("isCodable") or "true").strip().lower() not in ("false", "0")
            nested = children(item, "Code")
            owner = parent
            if parent is None and "::" in name and not nested:
                *heads, name = [part.strip() for part in name.split("::")]
                for head in heads:
                    head_segment = segment_from_name(head)
                    head_id = head_segment if owner is None else f"{owner}{SEPARATOR}{head_segment}"
                    if head_id not in ids:
                        label = {"en": head}
                        head_id = add(owner, head_segment, codable=False, label=label,
                                      _implied=True)
                        implied[head_id] = len(found) - 1
                    owner = head_id
                segment = segment_from_name(name)
                if "label" not in fields:
                    fields["label"] = {"en": name}
            code_id = add(owner, segment, codable=codable, **fields)
            key = normalise_guid(item.get("guid"))
            if not key:
                warn(f"{path}: code {code_id!r} has no guid")
            elif key in by_guid:
                warn(f"{path}: duplicate code guid {item.get('guid')!r}; kept the first")
            else:
                by_guid[key] = code_id
            walk(item, code_id)

    if codes is not None:
        walk(codes, None)
    # parents created for '::' names were appended before their children; keep document order
    return tuple(found), by_guid


def check_sets(root: etree._Element, by_guid: dict[str, str], *, warn: Warn, path: str) -> None:
    """Warn about ``Set/MemberCode`` references to codes that do not exist."""
    sets = child(root, "Sets")
    if sets is None:
        return
    for item in children(sets, "Set"):
        for member in children(item, "MemberCode"):
            if normalise_guid(member.get("targetGUID")) not in by_guid:
                warn(
                    f"{path}: set {item.get('name')!r} names a missing code "
                    f"{member.get('targetGUID')!r} (dangling MemberCode, ignored)"
                )


def _meta(root: etree._Element) -> dict[str, object]:
    for node in root:
        if isinstance(node, etree._Comment) and (node.text or "").startswith(_META):
            try:
                value = json.loads(node.text[len(_META) :])
            except ValueError:
                return {}
            return value if isinstance(value, dict) else {}
    return {}


def codebook_from_xml(
    data: bytes, *, path: str | Path = "<bytes>", warn: Warn | None = None
) -> Codebook:
    """Read a ``.qdc`` document (any of the namespace variants, or none) into a Codebook."""
    warn = warn or _warn
    root = parse_xml(data, path=path)
    if local(root) != "CodeBook":
        raise RefiError(f"root element is <{local(root)}>, not <CodeBook>", path=path)
    codes, by_guid = codes_from_element(child(root, "Codes"), warn=warn, path=str(path))
    check_sets(root, by_guid, warn=warn, path=str(path))
    return _codebook(codes, _meta(root), default_id=Path(str(path)).stem, path=str(path))


def _codebook(
    codes: Iterable[Code], meta: dict[str, object], *, default_id: str, path: str | None
) -> Codebook:
    def mapping(value: object) -> dict[str, str]:
        return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}

    title = mapping(meta.get("title")) or {"en": default_id}
    languages: dict[str, tuple[str, ...]] = {}
    if isinstance(meta.get("languages"), list) and meta["languages"]:
        languages["languages"] = tuple(str(x) for x in meta["languages"])
    return Codebook(
        id=str(meta.get("id") or default_id),
        title=title,
        version=str(meta.get("version") or "1.0"),
        codes=tuple(codes),
        path=path,
        description=mapping(meta.get("description")),
        **languages,
    )


def read_qdc(path: str | Path) -> Codebook:
    """Read a REFI-QDA Codebook Exchange file (``.qdc``).

    Accepts a byte-order mark, the namespaces ``urn:QDA-XML:codebook:1.0`` / ``...:0:4`` or none,
    GUIDs in any case or with braces, duplicate names under different parents (keyed on GUID),
    ``::`` hierarchy in names and an empty ``<Sets/>``. Doubtful content raises
    :class:`~psm_qual.errors.RefiWarning` and reading goes on.

    Raises
    ------
    HostileFileError
        If the file declares a DTD or entities.
    RefiError
        If it is not well-formed XML or not a codebook.
    """
    path = Path(path)
    return codebook_from_xml(path.read_bytes(), path=path)
