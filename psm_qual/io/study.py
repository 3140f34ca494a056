"""An ordinary psm_qual project folder: read and write a whole :class:`~psm_qual.project.Project`.

Layout (what :func:`write_project_folder` writes and :func:`read_project_folder` reads)::

    DIR/
      project.yaml          name, description, users
      sources/*.txt         one file per source, YAML front matter + body (contract 1)
      sources/informants.csv
      codebook.yaml         contract 3
      codings.csv           contract 4
      memos.csv             title,text,source_id,start,end,coder,created_at

The folder is written atomically: it is built in a temporary folder beside ``DIR`` and renamed
into place at the end, so a failure leaves nothing behind.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import yaml

from psm_qual.columns import (
    DATE,
    GROUP,
    INFORMANT,
    INFORMANT_COLUMNS,
    LANGUAGE,
    SOURCE_ID,
    TECHNIQUE,
    TITLE,
)
from psm_qual.errors import PsmQualError
from psm_qual.project import MEMO_FIELDS, Memo, Project

__all__ = ["write_project_folder", "read_project_folder", "safe_file_stem", "DEFAULT_TECHNIQUE"]

#: Technique written for sources that have none (REFI-QDA has no such field).
DEFAULT_TECHNIQUE = "documentation"
_UNSAFE = re.compile(r"[^\w.-]+")
_FRONT = ("id", INFORMANT, GROUP, TECHNIQUE, DATE, LANGUAGE, TITLE)


def safe_file_stem(source_id: str, taken: set[str]) -> str:
    """A file stem for ``source_id``: safe characters only, at most 80, unique in ``taken``.

    The loop tries at most ``len(taken) + 1`` suffixes, so it always ends.

    Examples
    --------
    >>> safe_file_stem("../etc/passwd", set())
    'etc-passwd'
    >>> safe_file_stem("a b", {"a-b"})
    'a-b-2'
    """
    stem = _UNSAFE.sub("-", source_id).strip("-.")[:80] or "source"
    lowered = {t.lower() for t in taken}
    if stem.lower() not in lowered:
        return stem
    for k in range(2, len(taken) + 3):
        candidate = f"{stem}-{k}"
        if candidate.lower() not in lowered:
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def _csv(header: list[str], rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode("utf-8")


def _source_file(row: dict, body: str) -> bytes:
    meta = {}
    for key in _FRONT:
        value = _text(row.get(SOURCE_ID if key == "id" else key))
        if key == TECHNIQUE and not value:
            value = DEFAULT_TECHNIQUE
        if value:
            meta[key] = value
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n{body}".encode()


def write_project_folder(project: Project, folder: str | Path) -> Path:
    """Write ``project`` as an ordinary psm_qual project folder, atomically.

    Parameters
    ----------
    project : Project
        What to write. Sources without a technique get :data:`DEFAULT_TECHNIQUE`.
    folder : str or Path
        The folder to create; it must not exist, or be empty.

    Returns
    -------
    Path
        ``folder``.

    Raises
    ------
    PsmQualError
        If ``folder`` exists and is not empty; the codebook or codings are invalid (nothing is
        written then).
    """
    from psm_qual.io.codebook_yaml import write_codebook
    from psm_qual.io.codings import write_codings

    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise PsmQualError("exists and is not an empty folder; choose a new output folder",
                           path=folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        sources_dir = temp / "sources"
        sources_dir.mkdir()
        taken: set[str] = set()
        for row in project.corpus.sources.to_dict("records"):
            sid = _text(row[SOURCE_ID])
            stem = safe_file_stem(sid, taken)
            taken.add(stem)
            (sources_dir / f"{stem}.txt").write_bytes(
                _source_file(row, project.corpus.bodies[sid])
            )
        informants = project.corpus.informants
        if len(informants):
            header = list(INFORMANT_COLUMNS) + [
                c for c in informants.columns if c not in INFORMANT_COLUMNS
            ]
            rows = [[_text(r.get(c)) for c in header] for r in informants.to_dict("records")]
            (sources_dir / "informants.csv").write_bytes(_csv(header, rows))
        write_codebook(project.codebook, temp / "codebook.yaml")
        write_codings(project.codings, temp / "codings.csv")
        memo_rows = [[getattr(m, f) for f in MEMO_FIELDS] for m in project.memos]
        (temp / "memos.csv").write_bytes(_csv(list(MEMO_FIELDS), memo_rows))
        meta = {"name": project.name, "description": project.description,
                "users": list(project.users)}
        (temp / "project.yaml").write_text(
            yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        if folder.exists():
            folder.rmdir()
        os.replace(temp, folder)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return folder


def _int(value: str) -> int | None:
    return int(value) if value.strip() else None


def read_project_folder(folder: str | Path) -> Project:
    """Read a project folder written by :func:`write_project_folder` (or by hand).

    ``codings.csv``, ``memos.csv`` and ``project.yaml`` are optional.

    Raises
    ------
    PsmQualError
        Any error of the corpus, codebook or codings readers, naming the file and line.
    """
    from psm_qual.corpus import load_corpus
    from psm_qual.io.codebook_yaml import read_codebook
    from psm_qual.io.codings import read_codings

    folder = Path(folder)
    corpus = load_corpus(folder, progress=False)
    codebook = read_codebook(folder / "codebook.yaml")
    codings_path = folder / "codings.csv"
    if codings_path.is_file():
        codings = read_codings(codings_path)
    else:
        codings = pd.DataFrame(columns=["source_id", "start", "end", "code", "coder"])
    memos: list[Memo] = []
    memos_path = folder / "memos.csv"
    if memos_path.is_file():
        with memos_path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                memos.append(Memo(
                    text=row.get("text", ""), title=row.get("title", ""),
                    source_id=row.get("source_id") or None,
                    start=_int(row.get("start", "")), end=_int(row.get("end", "")),
                    coder=row.get("coder") or None, created_at=row.get("created_at", ""),
                ))
    meta: dict = {}
    meta_path = folder / "project.yaml"
    if meta_path.is_file():
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
    return Project(
        corpus=corpus, codebook=codebook, codings=codings, memos=tuple(memos),
        users=tuple(str(u) for u in meta.get("users", ()) or ()),
        name=str(meta.get("name") or folder.name), description=str(meta.get("description") or ""),
    )
