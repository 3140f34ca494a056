"""Decoding text files: UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark.

Every text file psm_qual reads goes through :func:`decode_text` so that all sources, captions,
chat exports and tables agree on one rule: line ends become ``\\n``, a leading byte-order mark is
dropped, and anything else (Latin-1, UTF-16 without a mark, binary data) is refused with a
:class:`~psm_qual.errors.SourceError` naming the file.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Literal

from psm_qual.errors import SourceError

__all__ = ["decode_text", "read_text", "normalise_newlines"]


def normalise_newlines(text: str) -> str:
    """Turn ``\\r\\n`` and lone ``\\r`` line ends into ``\\n``.

    Examples
    --------
    >>> normalise_newlines("a\\r\\nb\\rc\\n")
    'a\\nb\\nc\\n'
    """
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def decode_text(
    data: bytes,
    *,
    path: str | Path = "<bytes>",
    newlines: Literal["normalise", "keep"] = "normalise",
    nul: Literal["refuse", "allow"] = "refuse",
) -> str:
    """Decode a text file's bytes: UTF-8, UTF-8 with BOM, or UTF-16 (LE/BE) with BOM.

    Parameters
    ----------
    data : bytes
        The file's content.
    path : str or Path
        Used in error messages only.
    newlines : {"normalise", "keep"}
        ``"keep"`` leaves ``\\r\\n`` and ``\\r`` as they are (CSV readers that must keep them
        inside quoted fields).
    nul : {"refuse", "allow"}
        ``"allow"`` accepts NUL characters (CSV fields written by psm_qual may hold any
        character); sources refuse them.

    Returns
    -------
    str
        The text without its byte-order mark, with ``\\n`` line ends unless ``newlines="keep"``.

    Raises
    ------
    SourceError
        If the bytes are not valid in any of these encodings, or the text contains a NUL
        character (a binary file, or UTF-16 without a byte-order mark).

    Examples
    --------
    >>> decode_text(codecs.BOM_UTF8 + "Peneliti: Halo\\r\\n".encode())
    'Peneliti: Halo\\n'
    >>> decode_text("Sudah.".encode("utf-16"))
    'Sudah.'
    >>> decode_text("caf\\xe9".encode("latin-1"), path="a.txt")
    Traceback (most recent call last):
    ...
    psm_qual.errors.SourceError: a.txt:1: not UTF-8 (byte 0xe9 at offset 3); save the file as UTF-8
    """
    if data.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8", data[len(codecs.BOM_UTF8) :]
    elif data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        encoding, body = "utf-16", data
    else:
        encoding, body = "utf-8", data
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as error:
        if encoding == "utf-16":
            raise SourceError(
                f"invalid UTF-16 ({error.reason}); save the file as UTF-8", path=path
            ) from None
        offset = error.start + (len(data) - len(body))
        raise SourceError(
            f"not UTF-8 (byte 0x{body[error.start]:02x} at offset {offset}); "
            "save the file as UTF-8",
            path=path,
            line=_line_of(body, error.start),
        ) from None
    text = text.removeprefix("\ufeff")
    at = text.find("\x00") if nul == "refuse" else -1
    if at >= 0:
        raise SourceError(
            "contains NUL characters: a binary file or UTF-16 without a byte-order mark; "
            "save the file as UTF-8",
            path=path,
            line=text.count("\n", 0, at) + 1,
        )
    return normalise_newlines(text) if newlines == "normalise" else text


def read_text(path: str | Path) -> str:
    """Read and decode a text file with :func:`decode_text`.

    Raises
    ------
    SourceError
        See :func:`decode_text`.
    OSError
        If the file cannot be read.
    """
    path = Path(path)
    return decode_text(path.read_bytes(), path=path)
