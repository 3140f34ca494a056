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

The writer is :mod:`.project_write`, the reader :mod:`.project_read`; this module re-exports both.
"""

from __future__ import annotations

from psm_qual.io.refi.project_format import PROJECT_NS
from psm_qual.io.refi.project_read import project_from_bytes, read_qdpx
from psm_qual.io.refi.project_write import project_to_bytes, write_qdpx

__all__ = ["PROJECT_NS", "write_qdpx", "read_qdpx", "project_to_bytes", "project_from_bytes"]
