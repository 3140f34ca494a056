"""The corpus: sources and their segments (contracts 1 and 2).

:func:`load_corpus` reads a folder of sources (plain text or Markdown with YAML front matter,
Word ``.docx``, WebVTT/SRT captions, WhatsApp chat exports; metadata from front matter or a
``sources.csv`` manifest; informant groups from ``informants.csv``) and segments every body into
sentences within speaker turns. :func:`corpus_summary` counts what is in it.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from psm_qual.columns import (
    END,
    GROUP,
    INFORMANT,
    INFORMANT_COLUMNS,
    LANGUAGE,
    MEDIA,
    SEGMENT_COLUMNS,
    SEGMENT_EXTRA_COLUMNS,
    SOURCE_COLUMNS,
    START,
    TECHNIQUE,
    TECHNIQUES,
    TEXT,
)
from psm_qual.errors import SourceError
from psm_qual.io.sources import (
    INFORMANTS_NAME,
    MANIFEST_NAME,
    SourceMetadata,
    list_source_files,
    read_informants,
    read_manifest,
    read_source,
    resolve_metadata,
    source_folder,
)
from psm_qual.segmentation import (
    DEFAULT_INTERVIEWER_LABELS,
    count_words,
    paragraph_units,
    speaker_turns,
    split_units,
)

__all__ = [
    "Corpus",
    "load_corpus",
    "corpus_summary",
    "format_summary",
    "DEFAULT_INTERVIEWER_LABELS",
    "PROGRESS_THRESHOLD",
]

PROGRESS_THRESHOLD = 50
"""``load_corpus`` shows a progress bar by default for more files than this."""


@dataclass(frozen=True)
class Corpus:
    """Sources, their bodies and their segments.

    Attributes
    ----------
    sources : DataFrame
        One row per source, columns :data:`psm_qual.columns.SOURCE_COLUMNS`.
    segments : DataFrame
        One row per segment, columns :data:`psm_qual.columns.SEGMENT_COLUMNS` then
        ``role`` (``"informant"`` or ``"interviewer"``) and ``timestamp``.
        ``bodies[source_id][start:end] == text`` holds for every row. Loaded corpora also have
        a boolean ``media`` column (chat messages that are media placeholders).
    bodies : Mapping[str, str]
        The body of each source (text after the front matter, ``\\n`` line ends).
    informants : DataFrame
        ``informants.csv`` (``id, group, label, description``), empty when absent.
    root : str or None
        The folder the corpus was loaded from.
    """

    sources: pd.DataFrame
    segments: pd.DataFrame
    bodies: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    informants: pd.DataFrame = field(default_factory=pd.DataFrame)
    root: str | None = None

    def __post_init__(self) -> None:
        for name, frame, columns in (
            ("sources", self.sources, SOURCE_COLUMNS),
            ("segments", self.segments, SEGMENT_COLUMNS + SEGMENT_EXTRA_COLUMNS),
        ):
            missing = [c for c in columns if c not in frame.columns]
            if missing:
                raise ValueError(f"Corpus.{name} lacks columns {missing}")

    @property
    def coded_segments(self) -> pd.DataFrame:
        """Segments that are coded by default: every turn but the interviewer's."""
        return self.segments[self.segments["role"] != "interviewer"]


def _language_known(language: str) -> bool:
    """Whether spaCy has a language class for ``language`` (cheap: builds no tokenizer)."""
    import spacy.util

    try:
        spacy.util.get_lang_class(language)
    except (ImportError, ValueError, KeyError):
        return False
    return True


def _progress(items: list[Path], show: bool) -> Iterable[Path]:
    if not show:
        return items
    from tqdm.auto import tqdm

    return tqdm(items, desc="Loading sources", unit="file", file=sys.stderr)


def load_corpus(
    folder: str | Path,
    *,
    interviewer_labels: Iterable[str] = DEFAULT_INTERVIEWER_LABELS,
    progress: bool | None = None,
    segment: bool = True,
) -> Corpus:
    """Load a folder of sources and segment them (contracts 1 and 2).

    Sources are read from ``folder/sources`` if that folder exists, else from ``folder``
    (not recursively): ``.txt``, ``.md``, ``.docx``, ``.vtt``, ``.srt``; files named
    README*, CHANGELOG* or LICENSE* are skipped, ``sources.csv`` and ``informants.csv`` are
    metadata. Interviews are cut into speaker turns, observation notes and documents into
    paragraphs, captions into cues, chat exports into messages; turns, paragraphs and cues are
    then split into sentences (spaCy blank pipeline + sentencizer). Files are read one at a time.

    Parameters
    ----------
    folder : str or Path
        The corpus folder.
    interviewer_labels : iterable of str
        Speaker labels whose turns get role ``"interviewer"`` (case-insensitive).
    progress : bool, optional
        Show a progress bar on standard error; by default only for more than
        :data:`PROGRESS_THRESHOLD` files.
    segment : bool
        ``False`` reads sources, metadata and bodies only and leaves ``segments`` empty — for
        work that needs no segments (e.g. a REFI-QDA export), skipping spaCy entirely.

    Returns
    -------
    Corpus
        ``sources`` sorted by ``source_id`` (columns :data:`~psm_qual.columns.SOURCE_COLUMNS`;
        ``path`` relative to ``folder``); ``segments`` in source then body order with columns
        ``segment_id, source_id, start, end, speaker, text, informant, group, technique,
        language, role, timestamp, media``; ``segment_id`` is ``"{source_id}:{n}"``.

    Raises
    ------
    SourceError
        Bad input, naming the file and, where known, the line: undecodable text, no metadata,
        unterminated front matter, invalid YAML, an impossible date, an unknown technique, a
        duplicate source id, an informant missing from ``informants.csv``, an empty body, no
        sources at all.

    Examples
    --------
    >>> from psm_qual.datasets import project_root
    >>> corpus = load_corpus(project_root() / "tests" / "data" / "corpus_small")
    >>> corpus.sources["source_id"].tolist()
    ['D-NOTULEN', 'O-RAPAT', 'W-PPKS1', 'W-PSM1']
    >>> row = corpus.segments.iloc[1]
    >>> row["segment_id"], row["speaker"], row["text"]
    ('D-NOTULEN:2', '', 'Hadir 5 orang PSM.')
    >>> all(corpus.bodies[r.source_id][r.start:r.end] == r.text
    ...     for r in corpus.segments.itertuples())
    True
    """
    root = Path(folder)
    where = source_folder(root)
    files = list_source_files(where)
    if not files:
        raise SourceError(f"no sources in {where}", path=where)
    manifest_path = where / MANIFEST_NAME
    informants_path = where / INFORMANTS_NAME
    manifest = read_manifest(manifest_path) if manifest_path.is_file() else {}
    names = {path.name for path in files}
    for name, (_, line) in manifest.items():
        if name not in names:
            raise SourceError(
                f"file {name!r} is listed but is not a source in {where}",
                path=manifest_path,
                line=line,
            )
    informants = read_informants(informants_path) if informants_path.is_file() else None
    labels = tuple(interviewer_labels)
    show = progress if progress is not None else len(files) > PROGRESS_THRESHOLD

    source_rows: dict[str, tuple] = {}
    chunks: dict[str, list[tuple]] = {}
    bodies: dict[str, str] = {}
    first_file: dict[str, Path] = {}
    for path in _progress(files, show):
        meta, fmt, body, spans = _read_one(
            path, root, manifest, manifest_path, informants, informants_path, labels, segment
        )
        if meta.id in first_file:
            raise SourceError(
                f"duplicate source id {meta.id!r}: also used by {first_file[meta.id]}",
                path=path,
            )
        first_file[meta.id] = path
        relative = path.relative_to(root).as_posix()
        source_rows[meta.id] = (
            meta.id, meta.informant, meta.group, meta.technique, meta.date, meta.language,
            meta.title, relative, fmt,
        )  # fmt: skip
        bodies[meta.id] = body
        chunks[meta.id] = [
            (
                f"{meta.id}:{n}",
                meta.id,
                s.start,
                s.end,
                s.speaker,
                body[s.start : s.end],
                meta.informant,
                meta.group,
                meta.technique,
                meta.language,
                s.role,
                s.timestamp,
                s.media,
            )  # fmt: skip
            for n, s in enumerate(spans, start=1)
        ]
    order = sorted(source_rows)
    sources = pd.DataFrame([source_rows[i] for i in order], columns=list(SOURCE_COLUMNS))
    segment_columns = [*SEGMENT_COLUMNS, *SEGMENT_EXTRA_COLUMNS, MEDIA]
    rows = [row for i in order for row in chunks.pop(i)]
    segments = pd.DataFrame.from_records(rows, columns=segment_columns)
    del rows
    segments[START] = segments[START].astype("int64")
    segments[END] = segments[END].astype("int64")
    segments[MEDIA] = segments[MEDIA].astype(bool)
    return Corpus(
        sources=sources,
        segments=segments,
        bodies=MappingProxyType({i: bodies[i] for i in order}),
        informants=(
            informants if informants is not None else pd.DataFrame(columns=INFORMANT_COLUMNS)
        ),
        root=str(root),
    )


def _read_one(
    path: Path,
    root: Path,
    manifest: Mapping[str, Any],
    manifest_path: Path,
    informants: pd.DataFrame | None,
    informants_path: Path,
    labels: tuple[str, ...],
    segment: bool = True,
) -> tuple[SourceMetadata, str, str, list]:
    raw = read_source(path, interviewer_labels=labels)
    meta = resolve_metadata(
        raw,
        manifest=manifest,
        manifest_path=manifest_path,
        informants=informants,
        informants_path=informants_path,
        languages=_language_known,
    )
    if not segment:
        if not raw.body.strip():
            raise SourceError("empty body: the source has no text", path=path, line=raw.body_line)
        return meta, raw.format, raw.body, []
    if raw.units is not None:
        units = list(raw.units)
    elif meta.technique == "interview":
        units = speaker_turns(raw.body, interviewer_labels=labels)
    else:
        units = paragraph_units(raw.body)
    spans = split_units(raw.body, units, language=meta.language)
    if not spans:
        raise SourceError("empty body: the source has no text", path=path, line=raw.body_line)
    return meta, raw.format, raw.body, spans


def _counts(values: pd.Series) -> dict[str, int]:
    counter = Counter(str(v) if v else "(none)" for v in values.fillna(""))
    return {key: int(counter[key]) for key in sorted(counter)}


def corpus_summary(corpus: Corpus) -> dict[str, Any]:
    """Count what is in a corpus.

    Returns
    -------
    dict
        ``sources`` (number), ``by_technique`` (sources per technique, every technique listed),
        ``by_group`` (sources per informant group, ``"(none)"`` for sources without one),
        ``interviews_by_group`` (interview sources per group), ``by_language``,
        ``informants`` (number of distinct informants named by sources), ``informant_ids``,
        ``segments``, ``coded_segments`` (without interviewer turns), ``words`` (in all
        segments) and ``informant_words`` (in coded segments).

    Examples
    --------
    >>> from psm_qual.datasets import project_root
    >>> summary = corpus_summary(load_corpus(project_root() / "tests" / "data" / "corpus_small"))
    >>> summary["sources"], summary["by_technique"], summary["informants"]
    (4, {'interview': 2, 'observation': 1, 'documentation': 1}, 2)
    """
    sources, segments = corpus.sources, corpus.segments
    by_technique = {t: int((sources[TECHNIQUE] == t).sum()) for t in TECHNIQUES}
    for technique, count in _counts(sources[TECHNIQUE]).items():
        by_technique.setdefault(technique, count)
    interviews = sources[sources[TECHNIQUE] == "interview"]
    informant_ids = sorted({str(i) for i in sources[INFORMANT].fillna("") if i})
    coded = corpus.coded_segments
    return {
        "sources": len(sources),
        "by_technique": by_technique,
        "by_group": _counts(sources[GROUP]),
        "interviews_by_group": _counts(interviews[GROUP]),
        "by_language": _counts(sources[LANGUAGE]),
        "informants": len(informant_ids),
        "informant_ids": informant_ids,
        "segments": len(segments),
        "coded_segments": len(coded),
        "words": int(sum(map(count_words, segments[TEXT]))),
        "informant_words": int(sum(map(count_words, coded[TEXT]))),
    }


def format_summary(summary: Mapping[str, Any]) -> str:
    """Format :func:`corpus_summary` as a few lines of text.

    Examples
    --------
    >>> print(format_summary({"sources": 2, "by_technique": {"interview": 2},
    ...     "by_group": {"PSM": 2}, "interviews_by_group": {"PSM": 2}, "by_language": {"id": 2},
    ...     "informants": 2, "informant_ids": ["PSM1", "PSM2"], "segments": 10,
    ...     "coded_segments": 6, "words": 1234, "informant_words": 1000}))
    Sources:      2 (interview 2)
    Groups:       PSM 2
    Interviews:   PSM 2
    Languages:    id 2
    Informants:   2 (PSM1, PSM2)
    Segments:     10 (6 coded by default, without interviewer turns)
    Words:        1,234 (1,000 in coded segments)
    """

    def pairs(mapping: Mapping[str, int]) -> str:
        return ", ".join(f"{k} {v}" for k, v in mapping.items()) or "-"

    ids = ", ".join(summary.get("informant_ids", []))
    return "\n".join(
        [
            f"Sources:      {summary['sources']} ({pairs(summary['by_technique'])})",
            f"Groups:       {pairs(summary['by_group'])}",
            f"Interviews:   {pairs(summary.get('interviews_by_group', {}))}",
            f"Languages:    {pairs(summary.get('by_language', {}))}",
            f"Informants:   {summary['informants']}" + (f" ({ids})" if ids else ""),
            f"Segments:     {summary['segments']} "
            f"({summary.get('coded_segments', summary['segments'])} coded by default, "
            "without interviewer turns)",
            f"Words:        {summary['words']:,} "
            f"({summary.get('informant_words', summary['words']):,} in coded segments)",
        ]
    )
