"""The codebook as a tested, versioned artefact (contract 3)."""

from psm_qual.codebook.model import SEPARATOR, Code, Codebook, Example

__all__ = ["SEPARATOR", "Code", "Codebook", "Example"]
