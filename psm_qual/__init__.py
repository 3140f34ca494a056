"""psm_qual: qualitative research on interviews, from JupyterLab.

Load sources into a corpus of segments, code them against a codebook, measure intercoder
agreement, triangulate, turn coded evidence into findings, needs and a programme, evaluate the
programme's outcomes, and exchange projects with other QDA tools (REFI-QDA).
"""

from psm_qual.agreement import (
    agreement_table,
    cohen_kappa,
    default_dimensions,
    disagreements,
    fleiss_kappa,
    interpret,
    krippendorff_alpha,
    percent_agreement,
    resolve,
    scott_pi,
)
from psm_qual.codebook import Code, Codebook, diff_codebooks, load_codebook
from psm_qual.coding import (
    code_by,
    code_matches,
    code_segment,
    code_span,
    coding_sheet,
    from_sheet,
    merge_overlapping,
    segment_codings,
    validate_codings,
)
from psm_qual.corpus import Corpus, corpus_summary, load_corpus
from psm_qual.errors import PsmQualError
from psm_qual.explore import collocations, kwic, word_frequencies
from psm_qual.findings import DEFAULT_RUBRIC, Rubric, role_assessment
from psm_qual.io.codings import read_codings, write_codings
from psm_qual.io.programme import read_programme
from psm_qual.needs import check_logic_model, problem_analysis
from psm_qual.triangulation import Triangulation, triangulate, triangulate_both

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
