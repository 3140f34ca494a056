"""Rolling codes up the codebook: each code replaced by its highest codable ancestor.

Counting a sub-code for its parent is a step of its own between coding and counting
(:mod:`psm_qual.coding.tables`); it works on codings tables (contract 4, see
:mod:`psm_qual.coding.frame`) and returns a new one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from psm_qual.columns import CODE, CODER, END, SOURCE_ID, START
from psm_qual.errors import CodingsError

if TYPE_CHECKING:
    from psm_qual.codebook.model import Codebook

__all__ = ["roll_up"]


def _roll_up_map(codes: Sequence[str], codebook: Codebook | None) -> Mapping[str, str]:
    mapping: dict[str, str] = {}
    for code in codes:
        if codebook is None:
            mapping[code] = code.split("/", 1)[0]
            continue
        if code not in codebook:
            raise CodingsError(
                f"code {code!r} is not in codebook {codebook.id!r}", path=codebook.path, field=CODE
            )
        parts = code.split("/")
        target = code
        for depth in range(1, len(parts) + 1):
            ancestor = "/".join(parts[:depth])
            if ancestor in codebook and codebook[ancestor].codable:
                target = ancestor
                break
        mapping[code] = target
    return mapping


def roll_up(codings: pd.DataFrame, codebook: Codebook | None = None) -> pd.DataFrame:
    """Replace each code by its highest codable ancestor, so sub-codes count for their parent.

    With the study's codebook, ``initiator/case-handling`` becomes ``initiator`` while
    ``assessment/gap`` stays as it is, because the grouping code ``assessment`` is not codable.
    Without a codebook every code becomes its top-level id. Rows that become identical (same span,
    code and coder) are kept once, with the first row's memo.

    Parameters
    ----------
    codings : DataFrame
        A codings table.
    codebook : Codebook, optional
        Decides which ancestors are codable.

    Returns
    -------
    DataFrame
        A new codings table.

    Raises
    ------
    CodingsError
        A code is not in the codebook.

    Examples
    --------
    >>> import pandas as pd
    >>> from psm_qual.codebook import Code, Codebook
    >>> book = Codebook("b", {}, "1", (Code("initiator"), Code("initiator/referral"),
    ...                    Code("assessment", codable=False), Code("assessment/gap")))
    >>> codings = pd.DataFrame({"source_id": "S", "start": 0, "end": 5, "coder": "A",
    ...                         "code": ["initiator/referral", "initiator", "assessment/gap"]})
    >>> roll_up(codings, book)["code"].tolist()
    ['initiator', 'assessment/gap']
    """
    # Imported here, not at the top: coding.frame imports this module to re-export roll_up.
    from psm_qual.coding.frame import as_codings

    frame = as_codings(codings)
    mapping = _roll_up_map(sorted(set(frame[CODE])), codebook)
    frame[CODE] = [mapping[c] for c in frame[CODE]]
    frame = frame.drop_duplicates([SOURCE_ID, START, END, CODE, CODER], keep="first")
    return frame.reset_index(drop=True)
