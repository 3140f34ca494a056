"""Coding: codings tables (contract 4), coding API, validation, coded-segment tables and sheets."""

from psm_qual.coding.api import code_matches, code_segment, code_span, phrase_pattern, timestamp
from psm_qual.coding.frame import (
    SEGMENT_CODING_COLUMNS,
    as_codings,
    empty_codings,
    merge_overlapping,
    segment_codings,
)
from psm_qual.coding.rollup import roll_up
from psm_qual.coding.sheets import DEFAULT_DIMENSIONS, coding_sheet, from_sheet, sheet_choices
from psm_qual.coding.tables import code_by, code_frequencies, codings_summary, cooccurrence
from psm_qual.coding.validate import validate_codings

__all__ = [
    "SEGMENT_CODING_COLUMNS",
    "DEFAULT_DIMENSIONS",
    "as_codings",
    "empty_codings",
    "merge_overlapping",
    "roll_up",
    "segment_codings",
    "code_segment",
    "code_span",
    "code_matches",
    "phrase_pattern",
    "timestamp",
    "validate_codings",
    "code_frequencies",
    "code_by",
    "cooccurrence",
    "codings_summary",
    "coding_sheet",
    "from_sheet",
    "sheet_choices",
]
