"""Converting Word documents and caption files into the source model (body + units).

- Word ``.docx`` (python-docx): the paragraphs, one per line, become the body; speaker labels and
  front matter then work exactly as in plain text.
- WebVTT ``.vtt`` and SubRip ``.srt`` captions (webvtt-py): one line per cue in the body,
  ``Name: text`` when the cue has a voice (``<v Name>``) or a ``Name:`` prefix; a cue without
  either continues the previous speaker. The cue's start time goes to the ``timestamp`` column,
  never into the text.

WhatsApp chat exports are in :mod:`psm_qual.io.whatsapp`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from psm_qual.errors import SourceError
from psm_qual.segmentation import DEFAULT_INTERVIEWER_LABELS, Unit, match_speaker_label

__all__ = ["read_docx_text", "parse_captions"]


def read_docx_text(path: str | Path) -> str:
    """The paragraphs of a Word ``.docx`` file, one per line.

    Raises
    ------
    SourceError
        If the file is not a readable ``.docx`` (e.g. an old binary ``.doc``).
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise SourceError(
            f"not a Word .docx file ({type(error).__name__}); save it as .docx or plain text",
            path=path,
        ) from None
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    if "\x00" in text:
        raise SourceError("contains NUL characters", path=path)
    return text


def _interviewer_set(labels: Iterable[str]) -> frozenset[str]:
    return frozenset(label.casefold() for label in labels)


def parse_captions(
    text: str,
    *,
    kind: Literal["vtt", "srt"],
    path: str | Path = "<captions>",
    interviewer_labels: Iterable[str] = DEFAULT_INTERVIEWER_LABELS,
) -> tuple[str, list[Unit]]:
    """Parse WebVTT or SRT captions into a body and one unit per cue.

    Parameters
    ----------
    text : str
        The decoded caption file.
    kind : {"vtt", "srt"}
        The caption format.
    path : str or Path
        For error messages.
    interviewer_labels : iterable of str
        Speakers whose cues get role ``"interviewer"``.

    Returns
    -------
    body : str
        One line per non-empty cue (``Speaker: text`` where the cue names a speaker).
    units : list of Unit
        One per cue, pointing at the text after the speaker label, with the cue's start time
        (``HH:MM:SS.mmm``) as ``timestamp``.

    Raises
    ------
    SourceError
        If the captions are malformed.

    Examples
    --------
    >>> vtt = "WEBVTT\\n\\n00:00:01.000 --> 00:00:03.000\\n<v Peneliti>Apa kabar?\\n\\n"
    >>> vtt += "00:00:03.500 --> 00:00:05.000\\nPSM1: Baik, Pak.\\n"
    >>> body, units = parse_captions(vtt, kind="vtt")
    >>> print(body)
    Peneliti: Apa kabar?
    PSM1: Baik, Pak.
    >>> [(body[u.start:u.end], u.speaker, u.role, u.timestamp) for u in units]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('Apa kabar?', 'Peneliti', 'interviewer', '00:00:01.000'),
     ('Baik, Pak.', 'PSM1', 'informant', '00:00:03.500')]
    """
    import webvtt
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    try:
        captions = webvtt.from_buffer(text.splitlines(), format=kind)
    except (MalformedFileError, MalformedCaptionError, ValueError, IndexError) as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        raise SourceError(f"malformed {kind.upper()} captions: {reason}", path=path) from None
    interviewer = _interviewer_set(interviewer_labels)
    lines: list[str] = []
    units: list[Unit] = []
    offset = 0
    speaker = ""
    for caption in captions:
        cue = " ".join(caption.text.split())
        if not cue:
            continue
        voice = (getattr(caption, "voice", None) or "").strip()
        if voice:
            speaker, line = voice, f"{voice}: {cue}"
            skip = len(voice) + 2
        else:
            found = match_speaker_label(cue)
            if found is not None:
                speaker, skip = found
            else:
                skip = 0
            line = cue
        role = "interviewer" if speaker.casefold() in interviewer else "informant"
        units.append(Unit(offset + skip, offset + len(line), speaker, role, caption.start))
        lines.append(line)
        offset += len(line) + 1
    if not units:
        raise SourceError(f"no captions with text in this {kind.upper()} file", path=path)
    return "\n".join(lines) + "\n", units
