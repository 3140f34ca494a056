"""REFI-QDA Project Exchange (``.qdpx``): :func:`write_qdpx` and :func:`read_qdpx`.

A ``.qdpx`` is a zip holding ``project.qde`` (XML, ``urn:QDA-XML:project:1.0``) and
``sources/<guid>.txt`` (UTF-8 bodies, no byte-order mark). psm_qual writes:

- ``Users`` = the project's coders; ``CodeBook`` = the codebook (see :mod:`.codebook`);
- ``Cases`` = informants, with ``VariableValue`` for ``group``, ``label`` and every other column
  of the informants table, and ``SourceRef`` to their sources;
- ``Sources/TextSource`` per source (``internal://<guid>.txt``) with the source metadata
  (informant, group, technique, date, language, title) as variables, one ``PlainTextSelection``
  per (span, coder, memo, created_at) holding one ``Coding`` per code, the coding memo as the
  selection's ``Description``;
- memos as ``Notes`` (``NoteRef`` from the source they are about; a memo on a span carries a
  ``PlainTextSelection``).

Every GUID is ``uuid5`` of a path, the zip entries have a fixed date, so two exports of one
project are byte-identical. The document is validated against the schema and checked for dangling
references before anything is written.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
import zipfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd
from lxml import etree

from psm_qual.columns import (
    CODE,
    CODER,
    CODING_COLUMNS,
    CREATED_AT,
    DATE,
    DESCRIPTION,
    END,
    FORMAT,
    GROUP,
    INFORMANT,
    INFORMANT_COLUMNS,
    INFORMANT_ID,
    LABEL,
    LANGUAGE,
    MEMO,
    PATH,
    SEGMENT_COLUMNS,
    SEGMENT_EXTRA_COLUMNS,
    SOURCE_COLUMNS,
    SOURCE_ID,
    START,
    TECHNIQUE,
    TITLE,
)
from psm_qual.corpus import Corpus
from psm_qual.errors import RefiError, RefiWarning
from psm_qual.io.atomic import write_atomic
from psm_qual.io.refi.codebook import (
    _codebook,
    _meta,
    _meta_comment,
    check_sets,
    child,
    children,
    codes_element,
    codes_from_element,
    local,
)
from psm_qual.io.refi.ids import guid, normalise_guid
from psm_qual.io.refi.offsets import OffsetMap, detect_offset_unit
from psm_qual.io.refi.safe import DEFAULT_LIMITS, SafeZip, ZipLimits, parse_xml
from psm_qual.io.refi.validate import dangling_references, validate_project_xml
from psm_qual.project import Memo, Project

__all__ = ["PROJECT_NS", "write_qdpx", "read_qdpx", "project_to_bytes", "project_from_bytes"]

PROJECT_NS = "urn:QDA-XML:project:1.0"
_Q = f"{{{PROJECT_NS}}}"
_SOURCE_VARIABLES = (INFORMANT, GROUP, TECHNIQUE, DATE, LANGUAGE, TITLE)
_DATETIME = re.compile(
    r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?"
)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_SOURCE_KINDS = ("TextSource", "PictureSource", "PDFSource", "AudioSource", "VideoSource")

Warn = Callable[[str], None]


def _warn(message: str) -> None:
    warnings.warn(message, RefiWarning, stacklevel=3)


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


# ----------------------------------------------------------------------------------- writing


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


# ----------------------------------------------------------------------------------- reading


def _decode_raw(data: bytes) -> str:
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


class _Entries:
    """Looks up archive entries the way tools name them: any case, Sources/ or sources/ or none."""

    def __init__(self, archive: SafeZip) -> None:
        self.archive = archive
        self.by_lower: dict[str, str] = {}
        self.by_base: dict[str, str] = {}
        for name in archive.names:
            self.by_lower.setdefault(name.lower(), name)
            self.by_base.setdefault(PurePosixPath(name).name.lower(), name)

    def find(self, reference: str) -> str | None:
        ref = reference.strip()
        for prefix in ("internal://", "relative://", "file://"):
            if ref.lower().startswith(prefix):
                ref = ref[len(prefix):]
                break
        ref = ref.replace("\\", "/").lstrip("/").lower()
        for candidate in (f"sources/{ref}", ref):
            if candidate in self.by_lower:
                return self.by_lower[candidate]
        return self.by_base.get(PurePosixPath(ref).name)


def _value(element: etree._Element) -> str:
    for item in element:
        if local(item).endswith("Value") and local(item) != "VariableValue":
            return (item.text or "").strip()
    return ""


def _unique_id(candidate: str, taken: set[str]) -> str:
    if candidate not in taken:
        return candidate
    for k in range(2, len(taken) + 3):  # terminates: at most len(taken) are taken
        if f"{candidate}-{k}" not in taken:
            return f"{candidate}-{k}"
    raise AssertionError("unreachable")  # pragma: no cover


def project_from_bytes(
    data: bytes,
    *,
    path: str | Path = "<bytes>",
    limits: ZipLimits = DEFAULT_LIMITS,
    warn: Warn | None = None,
) -> Project:
    """Read a ``.qdpx`` archive from bytes; see :func:`read_qdpx`."""
    warn = warn or _warn
    where = str(path)
    archive = SafeZip(data, path=path, limits=limits)
    entries = _Entries(archive)
    qde = sorted(
        (n for n in archive.names if n.lower().endswith(".qde")),
        key=lambda n: (n.count("/"), n.lower() != "project.qde", n),
    )
    if not qde:
        raise RefiError("no project file (*.qde) in the archive", path=path)
    root = parse_xml(archive.read(qde[0]), path=f"{where}!{qde[0]}")
    if local(root) != "Project":
        raise RefiError(f"root element is <{local(root)}>, not <Project>", path=path)
    for problem in dangling_references(root):
        warn(f"{where}: {problem} (dangling reference ignored)")

    users: dict[str, str] = {}
    users_el = child(root, "Users")
    for user in children(users_el, "User") if users_el is not None else ():
        key = normalise_guid(user.get("guid"))
        users[key] = (user.get("name") or user.get("id") or key).strip() or key

    def user_name(value: str | None) -> str:
        key = normalise_guid(value)
        return users.get(key, key) if key else ""

    codebook_el = child(root, "CodeBook")
    codes_el = child(codebook_el, "Codes") if codebook_el is not None else None
    codes, code_by_guid = codes_from_element(codes_el, warn=warn, path=where)
    check_sets(root, code_by_guid, warn=warn, path=where)
    project_name = root.get("name") or Path(where).stem
    codebook = _codebook(
        codes,
        _meta(codebook_el) if codebook_el is not None else {},
        default_id=Path(where).stem,
        path=None,
    )

    variables: dict[str, str] = {}
    variables_el = child(root, "Variables")
    for variable in children(variables_el, "Variable") if variables_el is not None else ():
        variables[normalise_guid(variable.get("guid"))] = (variable.get("name") or "").strip()

    def values(element: etree._Element) -> dict[str, str]:
        found: dict[str, str] = {}
        for item in children(element, "VariableValue"):
            ref = child(item, "VariableRef")
            name = variables.get(normalise_guid(ref.get("targetGUID") if ref is not None else ""))
            if name:
                found[name] = _value(item)
        return found

    # Notes first: sources point at them.
    notes: dict[str, etree._Element] = {}
    notes_el = child(root, "Notes")
    for note in children(notes_el, "Note") if notes_el is not None else ():
        notes[normalise_guid(note.get("guid"))] = note

    source_rows: list[dict[str, object]] = []
    bodies: dict[str, str] = {}
    coding_rows: list[tuple] = []
    memos: list[Memo] = []
    used_notes: set[str] = set()
    source_by_guid: dict[str, str] = {}
    taken: set[str] = set()
    skipped: dict[str, int] = defaultdict(int)
    sources_el = child(root, "Sources")
    for element in list(sources_el) if sources_el is not None else ():
        kind = local(element)
        if kind not in _SOURCE_KINDS:
            continue
        if kind != "TextSource":
            skipped[kind] += 1
            continue
        label = (element.get("name") or "").strip()
        reference = element.get("plainTextPath")
        raw: str | None = None
        if reference:
            entry = entries.find(reference)
            if entry is None:
                warn(f"{where}: source {label or element.get('guid')!r}: file {reference!r} is "
                     "missing from the archive; source skipped")
                continue
            try:
                raw = _decode_raw(archive.read(entry))
            except UnicodeDecodeError:
                warn(f"{where}: source {label!r}: {entry} is not UTF-8 text; source skipped")
                continue
        else:
            content = child(element, "PlainTextContent")
            if content is None:
                warn(f"{where}: source {label or element.get('guid')!r} has no text; skipped")
                continue
            raw = content.text or ""
        sid = (label or normalise_guid(element.get("guid")) or "source").replace(":", "-")
        sid = _unique_id(sid, taken)
        taken.add(sid)
        source_by_guid[normalise_guid(element.get("guid"))] = sid
        offsets = OffsetMap(raw)
        body = offsets.body
        bodies[sid] = body
        meta = values(element)
        source_rows.append({SOURCE_ID: sid, **{k: meta.get(k, "") for k in _SOURCE_VARIABLES},
                            **{k: v for k, v in meta.items() if k not in _SOURCE_VARIABLES}})

        selections = children(element, "PlainTextSelection")
        triples: list[tuple[int, int, str | None]] = []
        parsed: list[tuple[etree._Element, int, int]] = []
        for selection in selections:
            try:
                start = int(selection.get("startPosition", ""))
                end = int(selection.get("endPosition", ""))
            except ValueError:
                warn(f"{where}: selection {selection.get('guid')!r} in {sid!r} has no valid "
                     "offsets; skipped")
                continue
            parsed.append((selection, start, end))
            triples.append((start, end, selection.get("name")))
        detection = detect_offset_unit(offsets, triples)
        if detection.unit != "code points":
            warn(f"{where}: source {sid!r}: offsets counted in {detection.unit} "
                 f"({detection.matched} of {detection.checked} selection names match); "
                 "converted to code points")
        elif detection.ambiguous and detection.checked:
            warn(f"{where}: source {sid!r}: offset unit could not be checked (no selection "
                 "name matches the text); assumed code points")
        unit = detection.unit
        if parsed:
            b_start = offsets.to_body([p[1] for p in parsed], unit).tolist()
            b_end = offsets.to_body([p[2] for p in parsed], unit).tolist()
        else:
            b_start, b_end = [], []
        for (selection, start, end), bs, be in zip(parsed, b_start, b_end, strict=True):
            if bs < 0 or be < 0 or be <= bs:
                warn(f"{where}: selection {selection.get('guid')!r} in {sid!r} "
                     f"({start}-{end}) is empty or outside the text; skipped")
                continue
            description = child(selection, "Description")
            memo = (description.text or "") if description is not None else ""
            sel_user = selection.get("creatingUser")
            sel_time = selection.get("creationDateTime") or ""
            for coding in children(selection, "Coding"):
                ref = child(coding, "CodeRef")
                code = code_by_guid.get(normalise_guid(ref.get("targetGUID") if ref is not None
                                                       else ""))
                if code is None:
                    continue  # already warned as a dangling reference
                coder = user_name(coding.get("creatingUser") or sel_user) or "unknown"
                created = coding.get("creationDateTime") or sel_time
                coding_rows.append((sid, bs, be, code, coder, memo, created))
        for coding in children(element, "Coding"):  # the whole source coded
            ref = child(coding, "CodeRef")
            code = code_by_guid.get(normalise_guid(ref.get("targetGUID") if ref is not None
                                                   else ""))
            if code is not None and body:
                coder = user_name(coding.get("creatingUser")) or "unknown"
                coding_rows.append((sid, 0, len(body), code, coder, "",
                                    coding.get("creationDateTime") or ""))
        description = child(element, "Description")
        if description is not None and (description.text or "").strip():
            memos.append(Memo(text=description.text or "", title="", source_id=sid,
                              coder=user_name(element.get("creatingUser")) or None))
        for ref in children(element, "NoteRef"):
            key = normalise_guid(ref.get("targetGUID"))
            note = notes.get(key)
            if note is None:
                continue
            used_notes.add(key)
            memos.append(_memo(note, sid, offsets, unit, entries, archive, user_name, warn,
                               where))
    for kind, count in sorted(skipped.items()):
        warn(f"{where}: {count} {kind} source(s) skipped: only text sources are imported")
    for key, note in notes.items():
        if key not in used_notes:
            memos.append(_memo(note, None, None, "code points", entries, archive, user_name,
                               warn, where))

    informant_rows: list[dict[str, str]] = []
    cases_el = child(root, "Cases")
    source_index = {row[SOURCE_ID]: row for row in source_rows}
    case_taken: set[str] = set()
    for case in children(cases_el, "Case") if cases_el is not None else ():
        case_id = _unique_id((case.get("name") or normalise_guid(case.get("guid"))).strip(),
                             case_taken)
        case_taken.add(case_id)
        description = child(case, "Description")
        row = {INFORMANT_ID: case_id, GROUP: "", LABEL: "",
               DESCRIPTION: (description.text or "") if description is not None else ""}
        row.update(values(case))
        informant_rows.append(row)
        for ref in children(case, "SourceRef"):
            sid = source_by_guid.get(normalise_guid(ref.get("targetGUID")))
            if sid is not None and not source_index[sid][INFORMANT]:
                source_index[sid][INFORMANT] = case_id
                if not source_index[sid][GROUP]:
                    source_index[sid][GROUP] = row.get(GROUP, "")

    description = child(root, "Description")
    return Project(
        corpus=_corpus(source_rows, bodies, informant_rows),
        codebook=codebook,
        codings=_codings(coding_rows),
        memos=tuple(memos),
        users=tuple(users.values()),
        name=project_name,
        description=(description.text or "") if description is not None else "",
    )


def _memo(note, sid, offsets, unit, entries, archive, user_name, warn, where) -> Memo:  # noqa: ANN001
    content = child(note, "PlainTextContent")
    text = (content.text or "") if content is not None else ""
    reference = note.get("plainTextPath")
    if not text and reference:
        entry = entries.find(reference)
        if entry is None:
            warn(f"{where}: note {note.get('name')!r}: file {reference!r} is missing")
        else:
            try:
                text = _decode_raw(archive.read(entry))
            except UnicodeDecodeError:
                warn(f"{where}: note {note.get('name')!r}: {entry} is not UTF-8 text")
    start = end = None
    selection = child(note, "PlainTextSelection")
    if selection is not None and sid is not None and offsets is not None:
        try:
            s, e = offsets.to_body([int(selection.get("startPosition", "")),
                                    int(selection.get("endPosition", ""))], unit).tolist()
            if 0 <= s < e:
                start, end = s, e
        except ValueError:
            pass
    return Memo(
        text=text,
        title=note.get("name") or "",
        source_id=sid,
        start=start,
        end=end,
        coder=user_name(note.get("creatingUser")) or None,
        created_at=note.get("creationDateTime") or "",
    )


def _corpus(rows: list[dict], bodies: dict[str, str], informants: list[dict]) -> Corpus:
    sources = pd.DataFrame(rows)
    for column in SOURCE_COLUMNS:
        if column not in sources.columns:
            sources[column] = ""
    sources[FORMAT] = "txt"
    sources[PATH] = ""
    extra = [c for c in sources.columns if c not in SOURCE_COLUMNS]
    sources = sources[list(SOURCE_COLUMNS) + extra].fillna("")
    sources = sources.sort_values(SOURCE_ID, kind="stable").reset_index(drop=True)
    segments = pd.DataFrame(columns=list(SEGMENT_COLUMNS + SEGMENT_EXTRA_COLUMNS))
    table = pd.DataFrame(informants)
    for column in INFORMANT_COLUMNS:
        if column not in table.columns:
            table[column] = ""
    extra = [c for c in table.columns if c not in INFORMANT_COLUMNS]
    table = table[list(INFORMANT_COLUMNS) + extra].fillna("")
    table = table.sort_values(INFORMANT_ID, kind="stable").reset_index(drop=True)
    return Corpus(sources=sources, segments=segments, bodies=bodies, informants=table)


def _codings(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(CODING_COLUMNS))
    frame[START] = frame[START].astype(np.int64)
    frame[END] = frame[END].astype(np.int64)
    for column in (SOURCE_ID, CODE, CODER, MEMO, CREATED_AT):
        frame[column] = frame[column].astype(str)
    frame = frame.sort_values([SOURCE_ID, START, END, CODE, CODER, MEMO, CREATED_AT],
                              kind="stable")
    return frame.drop_duplicates().reset_index(drop=True)


def read_qdpx(
    path: str | Path, *, limits: ZipLimits = DEFAULT_LIMITS, warn: Warn | None = None
) -> Project:
    """Read a REFI-QDA Project Exchange file (``.qdpx``) into a :class:`~psm_qual.project.Project`.

    Accepts what real tools write: a BOM before ``<?xml`` or before a source text, namespace
    variants, the inner ``*.qde`` in any case, ``Sources/``, ``sources/`` or no folder, paths
    without ``internal://``, GUIDs in any case, with braces or not RFC 4122, duplicate code names,
    ``::`` hierarchy, an empty ``<Sets/>``. Offsets are converted per source from the unit the
    tool used (see :mod:`psm_qual.io.refi.offsets`). Dangling references, missing source files and
    the offset unit found are reported as :class:`~psm_qual.errors.RefiWarning` (or passed to
    ``warn``) and reading goes on. The corpus has no segments (segment it by writing the project
    folder and loading it, see :func:`psm_qual.io.study.write_project_folder`).

    Raises
    ------
    HostileFileError
        XXE / DTD, zip slip, zip bomb, too many entries.
    RefiError
        Not a zip archive, no ``*.qde`` inside, not well-formed XML.
    """
    path = Path(path)
    return project_from_bytes(path.read_bytes(), path=path, limits=limits, warn=warn)
