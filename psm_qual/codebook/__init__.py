"""The codebook as a tested, versioned artefact (contract 3).

Load a YAML codebook with :func:`load_codebook`, compare versions with :func:`diff_codebooks`,
view it with ``codebook.to_frame()`` or in Jupyter (``_repr_html_``).
"""

from psm_qual.codebook.diff import DIFF_COLUMNS, diff_codebooks
from psm_qual.codebook.frame import bilingual_column, codebook_frame, codebook_html
from psm_qual.codebook.load import codebook_summary, load_codebook
from psm_qual.codebook.model import SEPARATOR, Code, Codebook, Example
from psm_qual.codebook.validate import CODE_FIELDS, CODEBOOK_FIELDS, TEXT_FIELDS, build_codebook

__all__ = [
    "SEPARATOR",
    "Code",
    "Codebook",
    "Example",
    "load_codebook",
    "build_codebook",
    "codebook_summary",
    "diff_codebooks",
    "DIFF_COLUMNS",
    "codebook_frame",
    "codebook_html",
    "bilingual_column",
    "CODE_FIELDS",
    "CODEBOOK_FIELDS",
    "TEXT_FIELDS",
]
