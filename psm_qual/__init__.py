"""psm_qual: qualitative research on interviews, from JupyterLab.

Load sources into a corpus of segments, code them against a codebook, measure intercoder
agreement, triangulate, turn coded evidence into findings, needs and a programme, evaluate the
programme's outcomes, and exchange projects with other QDA tools (REFI-QDA).
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Code": "psm_qual.codebook",
    "Codebook": "psm_qual.codebook",
    "Corpus": "psm_qual.corpus",
    "DEFAULT_RUBRIC": "psm_qual.findings",
    "PsmQualError": "psm_qual.errors",
    "Rubric": "psm_qual.findings",
    "Triangulation": "psm_qual.triangulation",
    "agreement_table": "psm_qual.agreement",
    "check_logic_model": "psm_qual.needs",
    "code_by": "psm_qual.coding",
    "code_matches": "psm_qual.coding",
    "code_segment": "psm_qual.coding",
    "code_span": "psm_qual.coding",
    "coding_sheet": "psm_qual.coding",
    "cohen_kappa": "psm_qual.agreement",
    "collocations": "psm_qual.explore",
    "corpus_summary": "psm_qual.corpus",
    "default_dimensions": "psm_qual.agreement",
    "diff_codebooks": "psm_qual.codebook",
    "disagreements": "psm_qual.agreement",
    "fleiss_kappa": "psm_qual.agreement",
    "from_sheet": "psm_qual.coding",
    "interpret": "psm_qual.agreement",
    "krippendorff_alpha": "psm_qual.agreement",
    "kwic": "psm_qual.explore",
    "load_codebook": "psm_qual.codebook",
    "load_corpus": "psm_qual.corpus",
    "merge_overlapping": "psm_qual.coding",
    "percent_agreement": "psm_qual.agreement",
    "problem_analysis": "psm_qual.needs",
    "read_codings": "psm_qual.io.codings",
    "read_programme": "psm_qual.io.programme",
    "resolve": "psm_qual.agreement",
    "role_assessment": "psm_qual.findings",
    "scott_pi": "psm_qual.agreement",
    "segment_codings": "psm_qual.coding",
    "triangulate": "psm_qual.triangulation",
    "triangulate_both": "psm_qual.triangulation",
    "validate_codings": "psm_qual.coding",
    "word_frequencies": "psm_qual.explore",
    "write_codings": "psm_qual.io.codings",
}


def __getattr__(name: str) -> Any:
    """Import a public name on first use, so ``import psm_qual`` (and the CLI) start fast."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'psm_qual' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


__version__ = "0.1.0"

__all__ = [
    "Code",
    "Codebook",
    "Corpus",
    "DEFAULT_RUBRIC",
    "PsmQualError",
    "Rubric",
    "Triangulation",
    "agreement_table",
    "check_logic_model",
    "code_by",
    "code_matches",
    "code_segment",
    "code_span",
    "coding_sheet",
    "cohen_kappa",
    "collocations",
    "corpus_summary",
    "default_dimensions",
    "diff_codebooks",
    "disagreements",
    "fleiss_kappa",
    "from_sheet",
    "interpret",
    "krippendorff_alpha",
    "kwic",
    "load_codebook",
    "load_corpus",
    "merge_overlapping",
    "percent_agreement",
    "problem_analysis",
    "read_codings",
    "read_programme",
    "resolve",
    "role_assessment",
    "scott_pi",
    "segment_codings",
    "triangulate",
    "triangulate_both",
    "validate_codings",
    "word_frequencies",
    "write_codings",
]
