"""Errors raised for bad input, each naming the file and, where known, the line or field.

Every error a user can cause is a :class:`PsmQualError` (a ``ValueError``). Its ``str()`` is one
line of the form ``path:line: message`` (or ``path: message`` when the line is unknown), which the
command line prints on standard error before exiting non-zero.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "PsmQualError",
    "SourceError",
    "CodebookError",
    "CodingsError",
    "AgreementError",
    "TriangulationError",
    "FindingsError",
    "ProgrammeError",
    "EvaluationError",
    "AutocodeError",
    "RefiError",
    "HostileFileError",
    "PsmQualWarning",
    "RefiWarning",
]


class PsmQualError(ValueError):
    """Bad input, with the file and line (or field) it came from.

    Parameters
    ----------
    message : str
        What is wrong and, where it helps, what to do.
    path : str or Path, optional
        The file the input came from.
    line : int, optional
        1-based line number in ``path``.
    field : str, optional
        The column, key or argument at fault.

    Examples
    --------
    >>> str(PsmQualError("unknown technique 'survey'", path="a.txt", line=4))
    "a.txt:4: unknown technique 'survey'"
    >>> str(PsmQualError("must name two coders", field="coders"))
    'coders: must name two coders'
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line
        self.field = field
        super().__init__(self._format())

    def _format(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
        elif self.field is not None:
            where = self.field
        message = " ".join(self.message.split())  # always one line
        if self.path is not None and self.field is not None:
            message = f"{self.field}: {message}"
        return f"{where}: {message}" if where else message


class SourceError(PsmQualError):
    """A source file or its metadata cannot be read."""


class CodebookError(PsmQualError):
    """A codebook is invalid."""


class CodingsError(PsmQualError):
    """A codings table is invalid or does not fit the corpus or codebook."""


class AgreementError(PsmQualError):
    """Reliability data cannot be measured as given."""


class TriangulationError(PsmQualError):
    """Triangulation inputs are invalid."""


class FindingsError(PsmQualError):
    """Findings cannot be computed from the given evidence or rubric."""


class ProgrammeError(PsmQualError):
    """A programme design file is invalid or its logic model is incomplete."""


class EvaluationError(PsmQualError):
    """Indicator data cannot be evaluated."""


class AutocodeError(PsmQualError):
    """Assisted coding cannot run as asked."""


class RefiError(PsmQualError):
    """A REFI-QDA file is invalid."""


class HostileFileError(RefiError):
    """A file looks crafted to attack the reader (XXE, zip slip, zip bomb...); nothing was written."""


class PsmQualWarning(UserWarning):
    """Something in the input was doubtful but work went on."""


class RefiWarning(PsmQualWarning):
    """A REFI-QDA import found something doubtful (dangling reference, offset unit...)."""
