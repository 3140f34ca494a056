"""Writing a REFI-QDA Project Exchange file (``.qdpx``): :func:`write_qdpx`, :func:`project_to_bytes`.

What goes where in the archive is described in :mod:`psm_qual.io.refi.project`. Every GUID is
``uuid5`` of a path and the zip entries have a fixed date, so two exports of one project are
byte-identical. The document is validated against the schema and checked for dangling references
before anything is written.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
from lxml import etree

from psm_qual.columns import (
    CODE,
    CODER,
    CREATED_AT,
    DESCRIPTION,
    END,
    INFORMANT,
    INFORMANT_COLUMNS,
    INFORMANT_ID,
    MEMO,
    SOURCE_COLUMNS,
    SOURCE_ID,
    START,
)
from psm_qual.errors import RefiError
from psm_qual.io.atomic import write_atomic
from psm_qual.io.refi.codebook import _meta_comment, codes_element
from psm_qual.io.refi.ids import guid
from psm_qual.io.refi.project_format import PROJECT_NS
from psm_qual.io.refi.project_format import SOURCE_VARIABLES as _SOURCE_VARIABLES
from psm_qual.io.refi.validate import dangling_references, validate_project_xml
from psm_qual.project import Memo, Project

__all__ = ["write_qdpx", "project_to_bytes"]

_Q = f"{{{PROJECT_NS}}}"
_DATETIME = re.compile(
    r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?"
)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _text(value: object) -> str:
    if value is None:
        return ""
    try:
        if pd.isna(value):  # type: ignore[arg-type]
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, _Q + tag)
    try:
        for key, value in attrs.items():
            element.set(key, value)
        if text is not None:
            element.text = text
    except ValueError as error:
        raise RefiError(f"{tag} cannot be written as XML: {error}", field=tag) from None
    return element


def _variable_value(parent: etree._Element, name: str, value: str) -> None:
    element = _sub(parent, "VariableValue")
    _sub(element, "VariableRef", targetGUID=guid("variable", name))
    _sub(element, "TextValue", value)


def _selection_key(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()


def project_to_bytes(project: Project) -> bytes:
    """The ``.qdpx`` archive of ``project`` as bytes (deterministic).

    Raises
    ------
    RefiError
        A coding names a code or source that does not exist, an offset falls outside its
        source, or text cannot be held by XML.
    """
    corpus, codebook = project.corpus, project.codebook
    bodies = dict(corpus.bodies)
    sources = corpus.sources.sort_values(SOURCE_ID, kind="stable")
    informants = corpus.informants if len(corpus.informants.columns) else pd.DataFrame(
        columns=list(INFORMANT_COLUMNS)
    )
    root = etree.Element(_Q + "Project", nsmap={None: PROJECT_NS})
    root.set("name", project.name)
    root.set("origin", "psm_qual")
    users = project.users
    if users:
        root.set("creatingUserGUID", guid("user", users[0]))
        users_el = _sub(root, "Users")
        for name in users:
            _sub(users_el, "User", guid=guid("user", name), name=name)
    codebook_el = _sub(root, "CodeBook")
    codebook_el.append(_meta_comment(codebook))
    codebook_el.append(codes_element(codebook, PROJECT_NS))

    informant_extra = [c for c in informants.columns if c not in (INFORMANT_ID, DESCRIPTION)]
    source_extra = [c for c in sources.columns if c not in SOURCE_COLUMNS and c != SOURCE_ID]
    variable_names = sorted(
        set(_SOURCE_VARIABLES) | set(informant_extra) | set(map(str, source_extra))
    )
    variables_el = _sub(root, "Variables")
    for name in variable_names:
        _sub(variables_el, "Variable", guid=guid("variable", name), name=name,
             typeOfVariable="Text")

    source_ids = [str(s) for s in sources[SOURCE_ID].tolist()]
    if len(set(source_ids)) != len(source_ids):
        raise RefiError("duplicate source ids", field=SOURCE_ID)
    if len(informants):
        cases_el = _sub(root, "Cases")
        by_informant: dict[str, list[str]] = defaultdict(list)
        for sid, inf in zip(source_ids, sources[INFORMANT].tolist(), strict=True):
            if _text(inf):
                by_informant[_text(inf)].append(sid)
        for row in informants.sort_values(INFORMANT_ID, kind="stable").to_dict("records"):
            case_id = _text(row[INFORMANT_ID])
            case = _sub(root.find(_Q + "Cases"), "Case", guid=guid("case", case_id), name=case_id)
            if _text(row.get(DESCRIPTION)):
                _sub(case, "Description", _text(row[DESCRIPTION]))
            for name in informant_extra:
                if _text(row.get(name)):
                    _variable_value(case, str(name), _text(row[name]))
            for sid in by_informant.get(case_id, ()):
                _sub(case, "SourceRef", targetGUID=guid("source", sid))
        del cases_el

    codings = project.codings
    unknown_codes = sorted(set(codings[CODE].astype(str)) - set(codebook.ids))
    if unknown_codes:
        raise RefiError(f"codings use codes missing from the codebook: {unknown_codes[:5]}",
                        field=CODE)
    unknown_sources = sorted(set(codings[SOURCE_ID].astype(str)) - set(source_ids))
    if unknown_sources:
        raise RefiError(f"codings name sources missing from the corpus: {unknown_sources[:5]}",
                        field=SOURCE_ID)
    ordered = codings.assign(
        **{SOURCE_ID: codings[SOURCE_ID].astype(str), START: codings[START].astype(np.int64),
           END: codings[END].astype(np.int64)}
    )
    for column in (CODE, CODER, MEMO, CREATED_AT):
        ordered[column] = ordered[column].map(_text)
    ordered = ordered.sort_values([SOURCE_ID, START, END, CODER, MEMO, CREATED_AT, CODE],
                                  kind="stable")
    groups = {sid: frame for sid, frame in ordered.groupby(SOURCE_ID, sort=False)}

    memos_by_source: dict[str, list[tuple[str, Memo]]] = defaultdict(list)
    project_notes: list[tuple[str, Memo]] = []
    for index, memo in enumerate(project.memos):
        note_guid = guid("note", f"{index}:{memo.source_id}:{memo.title}")
        if memo.source_id is None:
            project_notes.append((note_guid, memo))
        elif memo.source_id in bodies:
            memos_by_source[memo.source_id].append((note_guid, memo))
        else:
            raise RefiError(f"memo {memo.title!r} names a missing source {memo.source_id!r}",
                            field="memos")

    files: dict[str, bytes] = {}
    sources_el = _sub(root, "Sources") if source_ids else None
    for row in sources.to_dict("records"):
        sid = _text(row[SOURCE_ID])
        body = bodies.get(sid)
        if body is None:
            raise RefiError(f"source {sid!r} has no body", field="bodies")
        source_guid = guid("source", sid)
        files[f"sources/{source_guid}.txt"] = body.encode("utf-8")
        element = _sub(sources_el, "TextSource", guid=source_guid, name=sid,
                       plainTextPath=f"internal://{source_guid}.txt")
        length = len(body)
        frame = groups.get(sid)
        if frame is not None:
            starts = frame[START].to_numpy()
            ends = frame[END].to_numpy()
            if (starts < 0).any() or (ends > length).any() or (ends <= starts).any():
                raise RefiError(f"a coding of source {sid!r} falls outside its body "
                                f"(0..{length}) or is empty", field=START)
            keys = list(zip(starts.tolist(), ends.tolist(), frame[CODER].tolist(),
                            frame[MEMO].tolist(), frame[CREATED_AT].tolist(), strict=True))
            codes = frame[CODE].tolist()
            current = None
            selection = None
            for key, code in zip(keys, codes, strict=True):
                start, end, coder, memo, created = key
                if key != current:
                    current = key
                    sel_key = _selection_key(sid, *key)
                    attrs = {"guid": guid("selection", sel_key), "startPosition": str(start),
                             "endPosition": str(end)}
                    if coder:
                        attrs["creatingUser"] = guid("user", coder)
                    if _DATETIME.fullmatch(created):
                        attrs["creationDateTime"] = created
                    selection = _sub(element, "PlainTextSelection", **attrs)
                    try:
                        selection.set("name", body[start:end])
                    except ValueError:
                        pass  # text XML cannot hold in an attribute: the name is optional
                    if memo:
                        _sub(selection, "Description", memo)
                attrs = {"guid": guid("coding", f"{sel_key}:{code}")}
                if coder:
                    attrs["creatingUser"] = guid("user", coder)
                if _DATETIME.fullmatch(created):
                    attrs["creationDateTime"] = created
                coding = _sub(selection, "Coding", **attrs)
                _sub(coding, "CodeRef", targetGUID=guid("code", code))
        for note_guid, _ in memos_by_source.get(sid, ()):
            _sub(element, "NoteRef", targetGUID=note_guid)
        for name in _SOURCE_VARIABLES + tuple(map(str, source_extra)):
            if _text(row.get(name)):
                _variable_value(element, name, _text(row[name]))

    notes = project_notes + [n for sid in source_ids for n in memos_by_source.get(sid, ())]
    if notes:
        notes_el = _sub(root, "Notes")
        for note_guid, memo in notes:
            attrs = {"guid": note_guid}
            if memo.title:
                attrs["name"] = memo.title
            if memo.coder:
                attrs["creatingUser"] = guid("user", memo.coder)
            if _DATETIME.fullmatch(memo.created_at):
                attrs["creationDateTime"] = memo.created_at
            note = _sub(notes_el, "Note", **attrs)
            _sub(note, "PlainTextContent", memo.text)
            if memo.start is not None and memo.end is not None:
                _sub(note, "PlainTextSelection", guid=guid("annotation", note_guid),
                     startPosition=str(memo.start), endPosition=str(memo.end))
    if project.description:
        _sub(root, "Description", project.description)
    for note_guid, _ in project_notes:
        _sub(root, "NoteRef", targetGUID=note_guid)

    xml = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    validate_project_xml(xml, path="project.qde")
    problems = dangling_references(root)
    if problems:
        raise RefiError(f"project has dangling references: {problems[0]}", path="project.qde")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in [("project.qde", xml), *sorted(files.items())]:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def write_qdpx(project: Project, path: str | Path) -> Path:
    """Write ``project`` as a REFI-QDA Project Exchange file (``.qdpx``), atomically.

    Two calls on the same project write byte-identical files. See the module docstring for what
    goes where.

    Raises
    ------
    RefiError
        See :func:`project_to_bytes`; nothing is written then.
    """
    data = project_to_bytes(project)
    return write_atomic(path, lambda handle: handle.write(data))
