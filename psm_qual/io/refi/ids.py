"""Deterministic REFI-QDA GUIDs (uuid5) and the mapping between code names and code-id segments.

Every GUID psm_qual writes is ``uuid5(NAMESPACE, "<kind>:<key>")``: the same project exported twice
gives byte-identical files, and a code keeps its GUID as long as its path does not change.
"""

from __future__ import annotations

import re
import uuid

__all__ = [
    "NAMESPACE",
    "guid",
    "normalise_guid",
    "segment_from_name",
]

#: Namespace of every psm_qual GUID (uuid5 of the DNS name ``psm-qual.refi``).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "psm-qual.refi")

_NOT_ID = re.compile(r"[^\w.-]+")
_HEX = re.compile(r"[0-9a-fA-F]+")


def guid(kind: str, key: str) -> str:
    """The deterministic GUID of the ``kind`` object identified by ``key``.

    Examples
    --------
    >>> guid("code", "initiator/problem-identification") == guid("code", "initiator/problem-identification")
    True
    >>> len(guid("user", "alice"))
    36
    """
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def normalise_guid(value: str | None) -> str:
    """A GUID as a lookup key: braces and surrounding space dropped, lower case.

    Non-RFC 4122 values (hex-encoded ASCII, say) are kept as they are, lower-cased: only their
    identity matters.

    Examples
    --------
    >>> normalise_guid("{5215CC69-B628-4E02-AFB9-9BEEAEE55808}")
    '5215cc69-b628-4e02-afb9-9beeaee55808'
    >>> normalise_guid(" abc ")
    'abc'
    """
    if value is None:
        return ""
    text = value.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1].strip()
    return text.lower()


def segment_from_name(name: str) -> str:
    """The code-id segment for a REFI code ``name``: runs of characters other than letters,
    digits, ``_``, ``.`` and ``-`` become one ``-`` (code-id parts must match ``[\\w.-]+``).

    Examples
    --------
    >>> segment_from_name(" émotion/joie 😀 ")
    'émotion-joie'
    >>> segment_from_name("naïve “quotes” & <xml>")
    'naïve-quotes-xml'
    >>> segment_from_name("😀")
    'code'
    """
    text = _NOT_ID.sub("-", name).strip("-")
    return text or "code"
