"""Hardened reading of untrusted REFI-QDA files: XML without DTDs or entities, zips with limits.

Every byte of a ``.qdc`` or ``.qdpx`` that psm_qual reads goes through this module:

- :func:`parse_xml` parses **bytes** with an lxml parser that resolves no entities, loads no DTD,
  never touches the network and keeps ``huge_tree`` off; a document that declares a DTD at all
  (the carrier of XXE and "billion laughs") is refused with :class:`HostileFileError`.
- :class:`SafeZip` opens a zip archive and refuses it whole, before anything is extracted, when
  an entry name escapes the archive (``..``, an absolute or drive path, a backslash path), when
  there are too many entries, when the declared uncompressed total is too large, or when an entry
  is compressed suspiciously well (a zip bomb). Reading an entry also stops at its declared size.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from psm_qual.errors import HostileFileError, RefiError

__all__ = ["ZipLimits", "DEFAULT_LIMITS", "parse_xml", "SafeZip", "strip_bom"]

_BOMS = (b"\xef\xbb\xbf",)


@dataclass(frozen=True)
class ZipLimits:
    """Limits applied to an archive before anything in it is read.

    Attributes
    ----------
    max_entries : int
        Most entries an archive may hold.
    max_total_size : int
        Most bytes all entries may hold once uncompressed.
    max_entry_size : int
        Most bytes one entry may hold once uncompressed.
    max_ratio : float
        Highest uncompressed/compressed size ratio for entries larger than ``ratio_floor``.
    ratio_floor : int
        Entries smaller than this many bytes are not checked for ratio (tiny files compress
        arbitrarily well).
    """

    max_entries: int = 10_000
    max_total_size: int = 2 * 1024**3
    max_entry_size: int = 1024**3
    max_ratio: float = 200.0
    ratio_floor: int = 1024 * 1024


DEFAULT_LIMITS = ZipLimits()


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
    )


def strip_bom(data: bytes) -> bytes:
    """Drop a UTF-8 byte-order mark (and whitespace before ``<?xml``) from XML bytes.

    Examples
    --------
    >>> strip_bom(b"\\xef\\xbb\\xbf<?xml version='1.0'?><a/>")
    b"<?xml version='1.0'?><a/>"
    """
    for bom in _BOMS:
        if data.startswith(bom):
            data = data[len(bom) :]
    return data.lstrip(b" \t\r\n")


def parse_xml(data: bytes, *, path: str | Path = "<bytes>") -> etree._Element:
    """Parse untrusted XML bytes with a hardened parser and return the root element.

    Parameters
    ----------
    data : bytes
        The document (a UTF-8 byte-order mark before ``<?xml`` is allowed).
    path : str or Path
        Used in error messages only.

    Raises
    ------
    HostileFileError
        If the document declares a DTD or entities (XXE, "billion laughs").
    RefiError
        If it is not well-formed XML.

    Examples
    --------
    >>> parse_xml(b"<CodeBook/>").tag
    'CodeBook'
    >>> parse_xml(b'<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', path="evil.qdc")
    Traceback (most recent call last):
    ...
    psm_qual.errors.HostileFileError: evil.qdc: declares a DTD or entities (refused: XXE / entity expansion risk); nothing was written
    """
    if not isinstance(data, bytes | bytearray):
        raise RefiError("XML must be given as bytes", path=path)
    data = strip_bom(bytes(data))
    head = data[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data.upper():
        raise HostileFileError(
            "declares a DTD or entities (refused: XXE / entity expansion risk); nothing was written",
            path=path,
        )
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as error:
        raise RefiError(f"not well-formed XML: {error}", path=path, line=error.lineno) from None
    if root.getroottree().docinfo.doctype:
        raise HostileFileError(
            "declares a DTD (refused); nothing was written", path=path
        )
    return root


def _unsafe_name(name: str) -> str | None:
    """Why the entry name ``name`` could escape the extraction folder, or ``None``."""
    if not name or "\x00" in name:
        return "empty or NUL in entry name"
    if "\\" in name:
        return f"backslash in entry name {name!r}"
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return f"absolute entry name {name!r}"
    parts = name.split("/")
    if ".." in parts:
        return f"entry name {name!r} climbs out with '..'"
    normal = posixpath.normpath(name)
    if normal.startswith("../") or normal == "..":
        return f"entry name {name!r} escapes the archive"
    return None


class SafeZip:
    """A zip archive checked against hostile content before anything is read.

    Parameters
    ----------
    data : bytes
        The archive's bytes.
    path : str or Path
        Used in error messages only.
    limits : ZipLimits
        The limits to enforce.

    Raises
    ------
    HostileFileError
        Zip slip, too many entries, a zip bomb (total size or compression ratio).
    RefiError
        If the bytes are not a zip archive.
    """

    def __init__(
        self, data: bytes, *, path: str | Path = "<bytes>", limits: ZipLimits = DEFAULT_LIMITS
    ) -> None:
        self.path = str(path)
        self.limits = limits
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
            raise RefiError(f"not a zip archive (a .qdpx must be one): {error}", path=path) from None
        infos = self._zip.infolist()
        if len(infos) > limits.max_entries:
            raise HostileFileError(
                f"too many entries ({len(infos)} > {limits.max_entries}); nothing was written",
                path=path,
            )
        total = 0
        for info in infos:
            reason = _unsafe_name(info.filename)
            if reason:
                raise HostileFileError(f"zip slip: {reason}; nothing was written", path=path)
            total += info.file_size
            if info.file_size > limits.max_entry_size or total > limits.max_total_size:
                raise HostileFileError(
                    f"zip bomb: uncompressed size exceeds the limit "
                    f"({limits.max_total_size} bytes); nothing was written",
                    path=path,
                )
            if info.file_size > limits.ratio_floor:
                ratio = info.file_size / max(info.compress_size, 1)
                if ratio > limits.max_ratio:
                    raise HostileFileError(
                        f"zip bomb: entry {info.filename!r} compresses {ratio:.0f}:1 "
                        f"(limit {limits.max_ratio:.0f}:1); nothing was written",
                        path=path,
                    )
        self._infos = {info.filename: info for info in infos if not info.is_dir()}

    @property
    def names(self) -> tuple[str, ...]:
        """Names of the file entries (directories left out), in archive order."""
        return tuple(self._infos)

    def read(self, name: str) -> bytes:
        """Read one entry, never more than its declared size (plus one byte to detect lies).

        Raises
        ------
        HostileFileError
            If the entry inflates past its declared size.
        RefiError
            If the entry is missing or corrupt.
        """
        info = self._infos.get(name)
        if info is None:
            raise RefiError(f"no entry {name!r} in the archive", path=self.path)
        try:
            with self._zip.open(info) as handle:
                data = handle.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
            raise RefiError(f"corrupt entry {name!r}: {error}", path=self.path) from None
        if len(data) > info.file_size:
            raise HostileFileError(
                f"zip bomb: entry {name!r} inflates past its declared size; nothing was written",
                path=self.path,
            )
        return data
