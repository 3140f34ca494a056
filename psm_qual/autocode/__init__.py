"""Assisted coding: explainable rule-based suggestions and a learned option, measured as a coder.

See :mod:`psm_qual.autocode.normalise` (Indonesian/English normalisation), :mod:`.rules`
(patterns compiled into spaCy matchers), :mod:`.scoring`, :mod:`.suggestions` (review and
accept), :mod:`.learned` (scikit-learn coder) and :mod:`.evaluate` (quality against a reference).
"""

from psm_qual.autocode.evaluate import CoderEvaluation, evaluate_coder, segment_labels
from psm_qual.autocode.learned import (
    CrossValidation,
    TrainedCoder,
    cross_validate_coder,
    train_coder,
)
from psm_qual.autocode.normalise import make_pipeline, stem_word, stems
from psm_qual.autocode.rules import RuleSet, compile_rules, cue_table, match_segments
from psm_qual.autocode.suggestions import (
    SUGGESTION_COLUMNS,
    accept,
    autocode,
    reject,
    suggest,
)

__all__ = [
    "CoderEvaluation",
    "evaluate_coder",
    "segment_labels",
    "CrossValidation",
    "TrainedCoder",
    "cross_validate_coder",
    "train_coder",
    "make_pipeline",
    "stem_word",
    "stems",
    "RuleSet",
    "compile_rules",
    "cue_table",
    "match_segments",
    "SUGGESTION_COLUMNS",
    "accept",
    "autocode",
    "reject",
    "suggest",
]
