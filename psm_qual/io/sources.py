"""Reading a folder of sources (contract 1): files, front matter, ``sources.csv``, ``informants.csv``.

This module turns files into :class:`RawSource` objects (a body, metadata, and for captions and
chat exports the units already cut) and checks their metadata; :func:`psm_qual.corpus.load_corpus`
segments them into a :class:`~psm_qual.corpus.Corpus`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from psm_qual.columns import (
    DATE,
    GROUP,
    INFORMANT,
    INFORMANT_COLUMNS,
    INFORMANT_ID,
    LANGUAGE,
    TECHNIQUE,
    TECHNIQUES,
    TITLE,
)
from psm_qual.errors import SourceError
from psm_qual.io.formats import parse_captions, read_docx_text
from psm_qual.io.text import read_text
from psm_qual.io.whatsapp import looks_like_whatsapp, parse_whatsapp
from psm_qual.segmentation import DEFAULT_INTERVIEWER_LABELS, Unit

__all__ = [
    "SOURCE_SUFFIXES",
    "MANIFEST_NAME",
    "INFORMANTS_NAME",
    "MANIFEST_COLUMNS",
    "RawSource",
    "SourceMetadata",
    "source_folder",
    "list_source_files",
    "split_front_matter",
    "read_manifest",
    "read_informants",
    "read_source",
    "resolve_metadata",
]

SOURCE_SUFFIXES = (".txt", ".md", ".docx", ".vtt", ".srt")
"""File suffixes read as sources (case-insensitive)."""
MANIFEST_NAME = "sources.csv"
INFORMANTS_NAME = "informants.csv"
MANIFEST_COLUMNS = ("file", "id", INFORMANT, GROUP, TECHNIQUE, DATE, LANGUAGE, TITLE)
_NOT_SOURCES = re.compile(r"(readme|changelog|license|licence)([._-].*)?", re.IGNORECASE)
_METADATA_KEYS = ("id", INFORMANT, GROUP, TECHNIQUE, DATE, LANGUAGE, TITLE)


@dataclass(frozen=True)
class RawSource:
    """A source file read but not yet segmented.

    Attributes
    ----------
    path : Path
    body : str
        Text after the front matter, ``\\n`` line ends.
    front_matter : Mapping[str, Any]
        The YAML front matter (empty when absent).
    key_lines : Mapping[str, int]
        File line of each front-matter key, for error messages.
    body_line : int
        File line where the body starts.
    format : str
        ``txt``, ``md``, ``docx``, ``vtt``, ``srt`` or ``whatsapp``.
    units : tuple of Unit or None
        Units already cut (captions, chat messages), or None for plain text.
    """

    path: Path
    body: str
    front_matter: Mapping[str, Any] = field(default_factory=dict)
    key_lines: Mapping[str, int] = field(default_factory=dict)
    body_line: int = 1
    format: str = "txt"
    units: tuple[Unit, ...] | None = None


@dataclass(frozen=True)
class SourceMetadata:
    """A source's checked metadata (front matter over manifest over informants table)."""

    id: str
    informant: str
    group: str
    technique: str
    date: str
    language: str
    title: str


def source_folder(folder: str | Path) -> Path:
    """The folder holding the sources: ``folder/sources`` if it exists, else ``folder``.

    Raises
    ------
    SourceError
        If ``folder`` is not a directory.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise SourceError("not a folder", path=folder)
    inner = folder / "sources"
    return inner if inner.is_dir() else folder


def list_source_files(folder: str | Path) -> list[Path]:
    """Source files directly in ``folder`` (sorted), skipping README/CHANGELOG/LICENSE and
    hidden files; ``sources.csv`` and ``informants.csv`` are metadata, not sources."""
    folder = Path(folder)
    files = []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name.startswith((".", "~$")):
            continue
        if path.suffix.lower() not in SOURCE_SUFFIXES or _NOT_SOURCES.fullmatch(path.name):
            continue
        files.append(path)
    return files


def _key_lines(block: str, first_line: int) -> dict[str, int]:
    lines = {}
    for number, line in enumerate(block.split("\n")):
        match = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
        if match and match.group(1) not in lines:
            lines[match.group(1)] = first_line + number
    return lines


def split_front_matter(
    text: str, *, path: str | Path = "<text>"
) -> tuple[dict[str, Any], dict[str, int], str, int]:
    """Split a YAML front matter block (between ``---`` lines) from the body.

    Returns
    -------
    front_matter : dict
        Empty when the text does not start with ``---``.
    key_lines : dict
        File line of each key.
    body : str
        Everything after the closing ``---`` line.
    body_line : int
        File line where the body starts.

    Raises
    ------
    SourceError
        Unterminated front matter, invalid YAML (with its line), a front matter that is not a
        mapping, or an impossible date.

    Examples
    --------
    >>> meta, lines, body, first = split_front_matter("---\\nid: W1\\ntechnique: interview\\n---\\nP: Halo")
    >>> meta, lines, body, first
    ({'id': 'W1', 'technique': 'interview'}, {'id': 2, 'technique': 3}, 'P: Halo', 5)
    >>> split_front_matter("---\\nid: W1\\n", path="w.txt")
    Traceback (most recent call last):
    ...
    psm_qual.errors.SourceError: w.txt:1: front matter opened by '---' is never closed ...
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, {}, text, 1
    for number in range(1, len(lines)):
        if lines[number].strip() in ("---", "..."):
            break
    else:
        raise SourceError(
            "front matter opened by '---' is never closed (add a '---' line after it)",
            path=path,
            line=1,
        )
    block = "\n".join(lines[1:number])
    key_lines = _key_lines(block, 2)
    try:
        meta = yaml.safe_load(block)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or "invalid YAML"
        line = None if mark is None else mark.line + 2
        raise SourceError(
            f"invalid YAML in front matter: {problem}", path=path, line=line
        ) from None
    except ValueError as error:  # e.g. date: 2023-02-30
        raise SourceError(
            f"impossible date in front matter ({error})", path=path, line=key_lines.get(DATE)
        ) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise SourceError("front matter must be 'key: value' lines", path=path, line=2)
    body = "\n".join(lines[number + 1 :])
    return {str(k): v for k, v in meta.items()}, key_lines, body, number + 2


def _csv_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    reader = csv.DictReader(io.StringIO(read_text(path)))
    try:
        rows = [
            (reader.line_num, {k.strip(): (v or "").strip() for k, v in row.items() if k})
            for row in reader
        ]
    except csv.Error as error:
        raise SourceError(f"invalid CSV: {error}", path=path, line=reader.line_num) from None
    header = [name.strip() for name in (reader.fieldnames or [])]
    return header, rows


def _keyed_rows(
    path: Path, key: str, columns: Sequence[str], *, empty: str, noun: str
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """:func:`_csv_rows` of a table whose ``key`` column must be filled and unique."""
    header, rows = _csv_rows(path)
    if key not in header:
        raise SourceError(f"no {key!r} column (columns: {', '.join(columns)})", path=path, line=1)
    seen: dict[str, int] = {}
    for line, row in rows:
        value = row.get(key, "")
        if not value:
            raise SourceError(empty, path=path, line=line)
        if value in seen:
            raise SourceError(
                f"{noun} {value!r} listed twice (lines {seen[value]} and {line})",
                path=path,
                line=line,
            )
        seen[value] = line
    return header, rows


def read_manifest(path: str | Path) -> dict[str, tuple[dict[str, str], int]]:
    """Read ``sources.csv``: ``{file name: (row, line)}``.

    Columns ``file,id,informant,group,technique,date,language,title`` (only ``file`` is required;
    empty cells mean "not given").

    Raises
    ------
    SourceError
        No ``file`` column, or a file listed twice.
    """
    _, rows = _keyed_rows(
        Path(path), "file", MANIFEST_COLUMNS, empty="empty 'file' cell", noun="file"
    )
    return {row["file"]: ({k: v for k, v in row.items() if v}, line) for line, row in rows}


def read_informants(path: str | Path) -> pd.DataFrame:
    """Read ``informants.csv`` (``id,group,label,description``) into a DataFrame.

    Raises
    ------
    SourceError
        No ``id`` column, an empty or duplicate id.
    """
    header, rows = _keyed_rows(
        Path(path), INFORMANT_ID, INFORMANT_COLUMNS, empty="empty informant id", noun="informant"
    )
    records = []
    for _, row in rows:
        record = {column: row.get(column, "") for column in INFORMANT_COLUMNS}
        record.update({k: v for k, v in row.items() if k not in record})
        records.append(record)
    columns = list(INFORMANT_COLUMNS) + [c for c in header if c not in INFORMANT_COLUMNS]
    return pd.DataFrame(records, columns=columns).fillna("")


def read_source(
    path: str | Path,
    *,
    interviewer_labels: Iterable[str] = DEFAULT_INTERVIEWER_LABELS,
) -> RawSource:
    """Read one source file of any supported format into a :class:`RawSource`.

    Plain ``.txt``/``.md`` and ``.docx`` may start with front matter; a ``.txt`` whose first
    line is a WhatsApp message header is read as a chat export (by content, not by name).

    Raises
    ------
    SourceError
        Encoding, front matter, caption or chat errors, or an empty body.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".vtt", ".srt"):
        kind = "vtt" if suffix == ".vtt" else "srt"
        body, units = parse_captions(
            read_text(path), kind=kind, path=path, interviewer_labels=interviewer_labels
        )
        return RawSource(path, body, format=kind, units=tuple(units))
    text = read_docx_text(path) if suffix == ".docx" else read_text(path)
    meta, key_lines, body, body_line = split_front_matter(text, path=path)
    if not body.strip():
        raise SourceError("empty body: the source has no text", path=path, line=body_line)
    fmt = suffix.lstrip(".")
    units = None
    if suffix != ".docx" and looks_like_whatsapp(body):
        order = meta.get("date_order")
        units = tuple(
            parse_whatsapp(
                body,
                path=path,
                first_line=body_line,
                date_order=None if order is None else str(order).lower(),
            )
        )
        fmt = "whatsapp"
    return RawSource(path, body, meta, key_lines, body_line, fmt, units)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return str(value).strip()


def _check_date(value: str, *, path: Path, line: int | None) -> str:
    if not value:
        return ""
    try:
        return dt.date.fromisoformat(value[:10] if "T" in value else value).isoformat()
    except ValueError:
        raise SourceError(
            f"impossible or malformed date {value!r} (use YYYY-MM-DD)",
            path=path,
            line=line,
            field=DATE,
        ) from None


def resolve_metadata(
    raw: RawSource,
    *,
    manifest: Mapping[str, tuple[dict[str, str], int]],
    manifest_path: Path,
    informants: pd.DataFrame | None,
    informants_path: Path,
    languages: Callable[[str], bool] | None = None,
) -> SourceMetadata:
    """Merge and check a source's metadata: front matter wins over ``sources.csv``, which wins
    over the group given in ``informants.csv``.

    Raises
    ------
    SourceError
        No metadata at all, no or an unknown technique, an impossible date, an informant missing
        from ``informants.csv``, an id containing ``:``, or an unknown language.
    """
    path = raw.path
    row, row_line = manifest.get(path.name, ({}, None))
    if not raw.front_matter and row_line is None:
        raise SourceError(
            f"no metadata: add front matter or a row in {MANIFEST_NAME} for {path.name!r} "
            "(at least technique: interview, observation or documentation)",
            path=path,
            line=1,
        )

    def pick(key: str) -> tuple[str, Path, int | None]:
        value = _text(raw.front_matter.get(key))
        if value:
            return value, path, raw.key_lines.get(key)
        if row.get(key):
            return row[key], manifest_path, row_line
        return "", path, None

    source_id, where, line = pick("id")
    source_id = source_id or path.stem
    if ":" in source_id or not source_id.strip():
        raise SourceError(f"source id {source_id!r} must not contain ':'", path=where, line=line)
    technique, where, line = pick(TECHNIQUE)
    technique = technique.lower()
    if not technique and raw.format == "whatsapp":
        technique = "documentation"
    if technique not in TECHNIQUES:
        what = f"unknown technique {technique!r}" if technique else "no technique"
        raise SourceError(f"{what}; use one of {', '.join(TECHNIQUES)}", path=where, line=line)
    date, where, line = pick(DATE)
    date = _check_date(date, path=where, line=line)
    language, where, line = pick(LANGUAGE)
    language = language.lower() or "id"
    if languages is not None and not languages(language):
        raise SourceError(
            f"unknown language {language!r} (a spaCy language code such as id or en)",
            path=where,
            line=line,
        )
    informant, where, line = pick(INFORMANT)
    group, _, _ = pick(GROUP)
    if informant and informants is not None:
        match = informants.loc[informants[INFORMANT_ID] == informant]
        if match.empty:
            raise SourceError(
                f"informant {informant!r} is not in {informants_path} "
                f"(add a row: {','.join(INFORMANT_COLUMNS)})",
                path=where,
                line=line,
            )
        if not group:
            group = str(match.iloc[0][GROUP])
    title, _, _ = pick(TITLE)
    return SourceMetadata(source_id, informant, group, technique, date, language, title)
