"""Vocabulary shared by the REFI-QDA project writer and reader (:mod:`.project`).

Kept in a module of its own so that :mod:`.project_write` and :mod:`.project_read` can both
import it without importing each other or :mod:`.project`, which re-exports them.
"""

from __future__ import annotations

from psm_qual.columns import DATE, GROUP, INFORMANT, LANGUAGE, TECHNIQUE, TITLE

__all__ = ["PROJECT_NS", "SOURCE_VARIABLES"]

#: XML namespace of ``project.qde``.
PROJECT_NS = "urn:QDA-XML:project:1.0"

#: Source metadata columns written as (and read back from) ``VariableValue`` of a source.
SOURCE_VARIABLES = (INFORMANT, GROUP, TECHNIQUE, DATE, LANGUAGE, TITLE)
