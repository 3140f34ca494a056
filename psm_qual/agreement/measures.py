"""The registry of agreement measures and their application to two or more coders.

``MEASURES`` is a plain dict from a measure's name to its function; ``agreement_table`` looks
every measure up here. Two-coder measures (percent, Cohen, Scott, Brennan & Prediger) are
averaged over all pairs of coders when there are more than two; Fleiss' kappa gets the
subjects x categories table of the units every coder rated; alpha takes the data as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations
from typing import Any

import numpy as np

from psm_qual.agreement.data import category_counts, encode
from psm_qual.agreement.krippendorff import krippendorff_alpha
from psm_qual.agreement.nominal import (
    brennan_prediger_kappa,
    cohen_kappa,
    fleiss_kappa,
    percent_agreement,
    scott_pi,
)
from psm_qual.errors import AgreementError

__all__ = ["MEASURES", "PAIRWISE", "measure"]

MEASURES: dict[str, Callable[..., float]] = {
    "percent": percent_agreement,
    "cohen_kappa": cohen_kappa,
    "scott_pi": scott_pi,
    "brennan_prediger": brennan_prediger_kappa,
    "fleiss_kappa": fleiss_kappa,
    "krippendorff_alpha": krippendorff_alpha,
}

# Measures defined for two coders: averaged over coder pairs when there are more.
PAIRWISE: frozenset[str] = frozenset({"percent", "cohen_kappa", "scott_pi", "brennan_prediger"})


def measure(name: str, reliability_data: Any, *, n_categories: int | None = None) -> float:
    """Apply the registered measure ``name`` to coders x units data (two or more coders).

    Parameters
    ----------
    name : str
        A key of :data:`MEASURES`.
    reliability_data : list of lists, ndarray or DataFrame
        Coders x units, missing as ``None``/``NaN``.
    n_categories : int, optional
        For ``"brennan_prediger"``: the number of categories available.

    Returns
    -------
    float
        Pairwise measures: the mean over coder pairs that share at least one unit.

    Examples
    --------
    >>> data = [[1, 1, 2, 2], [1, 2, 2, 2], [1, 1, 2, 2]]
    >>> round(measure("percent", data), 4)
    0.8333
    >>> measure("gwet", data)
    Traceback (most recent call last):
    ...
    psm_qual.errors.AgreementError: measures: unknown measure 'gwet'; choose from percent, cohen_kappa, scott_pi, brennan_prediger, fleiss_kappa, krippendorff_alpha
    """
    try:
        function = MEASURES[name]
    except KeyError:
        raise AgreementError(
            f"unknown measure {name!r}; choose from {', '.join(MEASURES)}", field="measures"
        ) from None
    if name == "krippendorff_alpha":
        return function(reliability_data, "nominal")
    if name == "fleiss_kappa":
        counts = category_counts(reliability_data)
        if counts.empty:
            raise AgreementError("no unit was rated by every coder", field="reliability_data")
        return function(counts)
    if name not in PAIRWISE:
        return function(reliability_data)
    enc = encode(reliability_data)
    values = np.where(enc.codes >= 0, enc.codes, np.nan)
    results = []
    for i, j in combinations(range(enc.n_coders), 2):
        if not ((enc.codes[i] >= 0) & (enc.codes[j] >= 0)).any():
            continue
        args = (values[i].tolist(), values[j].tolist())
        if name == "brennan_prediger":
            q = n_categories if n_categories is not None else len(enc.domain)
            results.append(function(*args, n_categories=q))
        else:
            results.append(function(*args))
    if not results:
        raise AgreementError(
            "no shared units: no unit was rated by two coders", field="reliability_data"
        )
    with np.errstate(invalid="ignore"):
        return float(np.mean(results))
