"""REFI-QDA exchange: Codebook Exchange (``.qdc``) and Project Exchange (``.qdpx``).

Public API: :func:`write_qdc`, :func:`read_qdc`, :func:`write_qdpx`, :func:`read_qdpx`,
:func:`import_refi` (a ``.qdc`` or ``.qdpx`` into a project folder), :func:`export_refi`.
"""

from __future__ import annotations

from psm_qual.io.refi.codebook import read_qdc, write_qdc
from psm_qual.io.refi.convert import ImportReport, export_refi, import_refi
from psm_qual.io.refi.project import read_qdpx, write_qdpx
from psm_qual.io.refi.safe import ZipLimits

__all__ = [
    "read_qdc",
    "write_qdc",
    "read_qdpx",
    "write_qdpx",
    "import_refi",
    "export_refi",
    "ImportReport",
    "ZipLimits",
]
