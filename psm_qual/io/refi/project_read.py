"""Reading a REFI-QDA Project Exchange file (``.qdpx``): :func:`read_qdpx`, :func:`project_from_bytes`.

The archive format is described in :mod:`psm_qual.io.refi.project`. Reading is lenient about what
real tools write and reports what it repairs or skips as :class:`~psm_qual.errors.RefiWarning`.
"""

from __future__ import annotations

import warnings
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
    DESCRIPTION,
    END,
    FORMAT,
    GROUP,
    INFORMANT,
    INFORMANT_COLUMNS,
    INFORMANT_ID,
    LABEL,
    MEMO,
    PATH,
    SEGMENT_COLUMNS,
    SEGMENT_EXTRA_COLUMNS,
    SOURCE_COLUMNS,
    SOURCE_ID,
    START,
)
from psm_qual.corpus import Corpus
from psm_qual.errors import RefiError, RefiWarning
from psm_qual.io.refi.codebook import (
    _codebook,
    _meta,
    check_sets,
    child,
    children,
    codes_from_element,
    local,
)
from psm_qual.io.refi.ids import normalise_guid
from psm_qual.io.refi.offsets import OffsetMap, detect_offset_unit
from psm_qual.io.refi.project_format import SOURCE_VARIABLES as _SOURCE_VARIABLES
from psm_qual.io.refi.safe import DEFAULT_LIMITS, SafeZip, ZipLimits, parse_xml
from psm_qual.io.refi.validate import dangling_references
from psm_qual.project import Memo, Project

__all__ = ["read_qdpx", "project_from_bytes"]

_SOURCE_KINDS = ("TextSource", "PictureSource", "PDFSource", "AudioSource", "VideoSource")

Warn = Callable[[str], None]


def _warn(message: str) -> None:
    warnings.warn(message, RefiWarning, stacklevel=3)


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
