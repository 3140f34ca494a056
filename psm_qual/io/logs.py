"""Evaluation data files: activity and meeting logs, pre/post surveys, and whole data bundles.

A **log** is a UTF-8 CSV with a ``date`` column (ISO ``YYYY-MM-DD``) and any other columns
(``type``, ``partner``, ``psm``...). A **survey** is a UTF-8 CSV with the columns
``respondent, item, pre, post`` (numbers; an empty cell is a missing answer). Errors name the
file and line: a missing column, an unparseable date, a non-numeric answer.

A **data bundle** folder (:func:`read_evaluation_data`) holds any of: ``sources/`` (a corpus,
see :func:`psm_qual.corpus.load_corpus`), ``codings/consensus.csv`` (else ``coder_a.csv``, else
the only CSV in ``codings/``) or ``codings.csv``, logs named ``*_log.csv`` (also under
``logs/``), and ``survey*.csv``.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from psm_qual.errors import EvaluationError
from psm_qual.evaluation.data import EvaluationData
from psm_qual.io.csvtable import attach_lines, read_records

__all__ = ["read_log", "read_survey", "read_evaluation_data", "SURVEY_COLUMNS", "LOG_DATE"]

LOG_DATE = "date"
#: Columns of a pre/post survey table.
SURVEY_COLUMNS = ("respondent", "item", "pre", "post")


def _rows(path: Path, required: Sequence[str]) -> tuple[list[str], list[list[str]], list[int]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-16" if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise EvaluationError("not UTF-8; save the file as UTF-8", path=path, line=line) from None

    def check_header(header: list[str], line: int) -> None:
        missing = [c for c in required if c not in header]
        if missing:
            raise EvaluationError(
                f"missing column {missing[0]!r}; this file needs {', '.join(required)}",
                path=path,
                line=line,
            )

    header, rows, lines = read_records(
        text,
        path=path,
        error=EvaluationError,
        check_header=check_header,
        empty_message=f"empty file: needs the header {','.join(required)}",
    )
    return header, [[cell.strip() for cell in row] for row in rows], lines


def _frame(path: Path, header: list[str], rows: list[list[str]], lines: list[int]) -> pd.DataFrame:
    return attach_lines(pd.DataFrame(rows, columns=header, dtype=object), path, lines)


def read_log(path: str | Path) -> pd.DataFrame:
    """Read an activity or meeting log (CSV with an ISO ``date`` column).

    Returns
    -------
    DataFrame
        The file's columns as text, ``date`` as :class:`datetime.date`;
        ``attrs["path"]`` is the file and ``attrs["lines"]`` the line of each row.

    Raises
    ------
    EvaluationError
        ``file:line: ...`` for a missing ``date`` column, an unparseable date, a ragged row.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "meeting_log.csv").write_text("date,type\\n2024-01-15,routine\\n")
    >>> log = read_log(folder / "meeting_log.csv")
    >>> log.loc[0, "date"], log.attrs["lines"]
    (datetime.date(2024, 1, 15), [2])
    >>> _ = (folder / "bad.csv").write_text("date,type\\n15/01/2024,routine\\n")
    >>> read_log(folder / "bad.csv")
    Traceback (most recent call last):
    ...
    psm_qual.errors.EvaluationError: .../bad.csv:2: unparseable date '15/01/2024' in column 'date'; write YYYY-MM-DD
    """
    path = Path(path)
    header, rows, lines = _rows(path, (LOG_DATE,))
    position = header.index(LOG_DATE)
    for row, line in zip(rows, lines, strict=True):
        try:
            row[position] = date.fromisoformat(row[position])
        except ValueError:
            raise EvaluationError(
                f"unparseable date {row[position]!r} in column {LOG_DATE!r}; write YYYY-MM-DD",
                path=path,
                line=line,
            ) from None
    return _frame(path, header, rows, lines)


def read_survey(path: str | Path) -> pd.DataFrame:
    """Read a pre/post survey (``respondent, item, pre, post``; one row per respondent × item).

    ``pre`` and ``post`` become floats (NaN where empty). A respondent may answer an item once.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "survey.csv"
    >>> _ = path.write_text("respondent,item,pre,post\\nPSM1,skill,2,4\\nPSM2,skill,3,\\n")
    >>> read_survey(path)[["respondent", "pre", "post"]].values.tolist()
    [['PSM1', 2.0, 4.0], ['PSM2', 3.0, nan]]
    """
    path = Path(path)
    header, rows, lines = _rows(path, SURVEY_COLUMNS)
    seen: dict[tuple[str, str], int] = {}
    for row, line in zip(rows, lines, strict=True):
        key = (row[header.index("respondent")], row[header.index("item")])
        if not key[0] or not key[1]:
            raise EvaluationError("empty respondent or item", path=path, line=line)
        if key in seen:
            raise EvaluationError(
                f"respondent {key[0]!r} answers item {key[1]!r} twice (also line {seen[key]})",
                path=path,
                line=line,
            )
        seen[key] = line
        for column in ("pre", "post"):
            i = header.index(column)
            cell = row[i]
            try:
                row[i] = float(cell) if cell else float("nan")
            except ValueError:
                raise EvaluationError(
                    f"{column} answer {cell!r} is not a number", path=path, line=line, field=column
                ) from None
    frame = _frame(path, header, rows, lines)
    for column in ("pre", "post"):
        frame[column] = frame[column].astype(float)
    return frame


def _codings_file(folder: Path) -> Path | None:
    codings = folder / "codings"
    if codings.is_dir():
        for name in ("consensus.csv", "coder_a.csv"):
            if (codings / name).is_file():
                return codings / name
        files = sorted(codings.glob("*.csv"))
        if len(files) == 1:
            return files[0]
        if files:
            raise EvaluationError(
                "several codings files and no consensus.csv: name one", path=codings
            )
    single = folder / "codings.csv"
    return single if single.is_file() else None


def read_evaluation_data(folder: str | Path) -> EvaluationData:
    """Read a data bundle folder (see the module docstring) into :class:`EvaluationData`.

    Parts that are absent stay ``None`` (or an empty ``logs``); a folder with none of them is an
    error.

    Examples
    --------
    >>> from psm_qual.datasets import pasteur_path
    >>> data = read_evaluation_data(pasteur_path() / "followup")
    >>> sorted(data.logs), data.survey is not None, data.corpus is not None
    (['activity_log', 'meeting_log'], True, True)
    """
    from psm_qual.corpus import load_corpus
    from psm_qual.io.codings import read_codings

    root = Path(folder)
    if not root.is_dir():
        raise EvaluationError("not a folder", path=root)
    corpus = None
    if (root / "sources").is_dir():
        corpus = load_corpus(root)
    codings_path = _codings_file(root)
    codings = read_codings(codings_path) if codings_path is not None else None
    log_files = sorted(root.glob("*_log.csv")) + sorted((root / "logs").glob("*.csv"))
    logs = {path.stem: read_log(path) for path in log_files}
    surveys = sorted(root.glob("survey*.csv"))
    if len(surveys) > 1:
        raise EvaluationError(f"several survey files: {[p.name for p in surveys]}", path=root)
    survey = read_survey(surveys[0]) if surveys else None
    if corpus is None and codings is None and not logs and survey is None:
        raise EvaluationError(
            "no evaluation data: expected sources/, codings, *_log.csv or survey*.csv", path=root
        )
    return EvaluationData(
        corpus=corpus, codings=codings, logs=logs, survey=survey, label=root.name
    )
