"""Column names of the triangulation tables, defined once.

The frames returned by :mod:`psm_qual.triangulation` use these names; import them rather than
typing the strings.
"""

from __future__ import annotations

# Shared by every triangulation table.
THEME = "theme"
DIMENSION = "by"  # what a data set is: "group", "informant", "technique", "informant×technique"
DATASET = "dataset"

# Matrix cells (source_matrix, technique_matrix, mixed_methods_matrix).
SEGMENTS = "segments"  # distinct coded segments with the theme (or a descendant)
INFORMANTS = "informants"  # distinct informants among those segments
INFORMANTS_TOTAL = "informants_total"  # distinct informants in the data set's coded segments
SOURCES = "sources"  # distinct sources among those segments
UNITS = "units"  # prominence units coded for the theme (informant, else the source)
UNITS_TOTAL = "units_total"  # prominence units in the data set
SHARE = "share"  # UNITS / UNITS_TOTAL
PERFORMED = "performed"  # segments also coded with the `performed` assessment
GAP = "gap"  # segments also coded with the `gap` assessment
STANCE = "stance"  # performed | gap | mixed | none
SUBCODES = "subcodes"  # tuple of sub-code ids (strictly below the theme) present in the cell
EXAMPLES = "examples"  # tuple of up to k representative segment ids
MATRIX_COLUMNS = (
    THEME,
    DIMENSION,
    DATASET,
    SEGMENTS,
    INFORMANTS,
    INFORMANTS_TOTAL,
    SOURCES,
    UNITS,
    UNITS_TOTAL,
    SHARE,
    PERFORMED,
    GAP,
    STANCE,
    SUBCODES,
    EXAMPLES,
)

# Sugiyono labels.
LABEL = "label"  # same | different | specific | absent
PRESENT = "present"  # tuple of data sets with evidence (or bool, in the completeness table)
STANCES = "stances"  # tuple of "dataset=stance" for the data sets with evidence
LABEL_COLUMNS = (THEME, DIMENSION, LABEL, PRESENT, STANCES)

# Farmer convergence (one row per theme and unordered pair of data sets).
A = "a"
B = "b"
PRESENT_A = "present_a"
PRESENT_B = "present_b"
PRESENCE = "presence"  # both | one | neither
STANCE_A = "stance_a"
STANCE_B = "stance_b"
MEANING = "meaning"  # same | differ | contradict | - (not compared)
PROMINENCE_A = "prominence_a"  # low | medium | high ... (bin names)
PROMINENCE_B = "prominence_b"
PROMINENCE = "prominence"  # same | differ | -
JACCARD = "jaccard"
EXAMPLES_MATCH = "examples_match"  # same | differ | -
COMPUTED = "computed"
OVERRIDE = "override"  # the analyst's code, "" when none
MEMO = "memo"  # the analyst's memo, "" when none
FINAL = "final"  # override when given, else computed
CONVERGENCE_COLUMNS = (
    THEME,
    DIMENSION,
    A,
    B,
    PRESENT_A,
    PRESENT_B,
    PRESENCE,
    STANCE_A,
    STANCE_B,
    MEANING,
    PROMINENCE_A,
    PROMINENCE_B,
    PROMINENCE,
    JACCARD,
    EXAMPLES_MATCH,
    COMPUTED,
    OVERRIDE,
    MEMO,
    FINAL,
)
OVERRIDE_COLUMNS = (THEME, A, B, "code", MEMO)

# Per-theme summary.
AGREEMENT = "agreement"
PARTIAL_AGREEMENT = "partial_agreement"
SILENCE = "silence"
DISSONANCE = "dissonance"
NOT_APPLICABLE = "not_applicable"
CONVERGENCE_CODES = (AGREEMENT, PARTIAL_AGREEMENT, SILENCE, DISSONANCE, NOT_APPLICABLE)
OVERRIDDEN = "overridden"
SILENT = "silent"  # tuple of data sets without evidence
SUMMARY_COLUMNS = (
    THEME,
    DIMENSION,
    LABEL,
    *CONVERGENCE_CODES,
    OVERRIDDEN,
    PRESENT,
    SILENT,
)

# Completeness comparison (one row per theme x data set).
CONTRIBUTION = "contribution"  # unique | shared | silent
UNIQUE_SUBCODES = "unique_subcodes"
SHARED_SUBCODES = "shared_subcodes"
COMPLETENESS_COLUMNS = (
    THEME,
    DIMENSION,
    DATASET,
    PRESENT,
    SEGMENTS,
    CONTRIBUTION,
    SUBCODES,
    UNIQUE_SUBCODES,
    SHARED_SUBCODES,
)

# Framework matrix (Gale et al. 2013): one row per case x theme.
CASE = "case"
SUMMARY = "summary"
REFERENCES = "references"  # tuple of (segment_id, truncated quote)
FRAMEWORK_COLUMNS = (THEME, CASE, SEGMENTS, PERFORMED, GAP, STANCE, SUBCODES, SUMMARY, REFERENCES)
