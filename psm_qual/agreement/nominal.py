"""Agreement measures for nominal data: percent agreement, Cohen's kappa, Scott's pi,
Brennan & Prediger's kappa (two coders) and Fleiss' kappa (many raters).

The two-coder measures share one computation on the contingency table (rows = first coder,
columns = second): observed agreement p_o = trace / n and a chance term p_e that differs by
measure. Chance terms are *sums* over categories, never products.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from psm_qual.agreement.data import encode
from psm_qual.errors import AgreementError

__all__ = [
    "percent_agreement",
    "cohen_kappa",
    "scott_pi",
    "brennan_prediger_kappa",
    "fleiss_kappa",
    "contingency_table",
    "chance_corrected",
]

Chance = Literal["percent", "cohen", "scott", "brennan_prediger"]


def contingency_table(a: Any, b: Any, *, name: str = "a") -> tuple[np.ndarray, np.ndarray]:
    """Two coders' labels as a categories x categories count table.

    Units where either coder has no value (``None``/``NaN``) are left out.

    Returns
    -------
    (ndarray, ndarray)
        The table (rows = ``a``, columns = ``b``) and the categories in table order.

    Examples
    --------
    >>> table, categories = contingency_table(["y", "y", "n", None], ["y", "n", "n", "n"])
    >>> table.tolist(), categories.tolist()
    ([[1, 0], [1, 1]], ['n', 'y'])
    """
    try:
        n_a, n_b = len(a), len(b)
    except TypeError:
        raise AgreementError("must be a sequence of labels, one per unit", field=name) from None
    if n_a != n_b:
        raise AgreementError(
            f"the two coders rated different numbers of units ({n_a} and {n_b})", field="b"
        )
    enc = encode([list(a), list(b)], name=f"{name}, b")
    both = (enc.codes >= 0).all(axis=0)
    if not both.any():
        raise AgreementError("no shared units: no unit was rated by both coders", field="b")
    k = len(enc.domain)
    first, second = enc.codes[:, both]
    table = np.bincount(first * k + second, minlength=k * k).reshape(k, k)
    return table, enc.domain


def chance_corrected(
    tables: np.ndarray, kind: Chance, *, n_categories: int | None = None
) -> np.ndarray:
    """(p_o - p_e) / (1 - p_e) for one table or a stack of tables (last two axes).

    ``kind`` picks p_e: ``"cohen"`` sum_c p_c. p_.c (each coder's marginals), ``"scott"``
    sum_c ((p_c. + p_.c) / 2)^2 (pooled marginals), ``"brennan_prediger"`` 1 / q, and
    ``"percent"`` returns p_o itself. NaN where p_e = 1.

    Examples
    --------
    >>> round(float(chance_corrected(np.array([[20, 5], [10, 15]]), "cohen")), 12)
    0.4
    """
    tables = np.asarray(tables, dtype=float)
    n = tables.sum(axis=(-2, -1))
    with np.errstate(invalid="ignore", divide="ignore"):
        p_o = np.trace(tables, axis1=-2, axis2=-1) / n
        if kind == "percent":
            return p_o
        rows = tables.sum(axis=-1) / n[..., None]
        cols = tables.sum(axis=-2) / n[..., None]
        if kind == "cohen":
            p_e = (rows * cols).sum(axis=-1)
        elif kind == "scott":
            p_e = (((rows + cols) / 2.0) ** 2).sum(axis=-1)
        elif kind == "brennan_prediger":
            q = tables.shape[-1] if n_categories is None else n_categories
            p_e = np.full_like(p_o, 1.0 / q)
        else:
            raise AgreementError(f"unknown chance term {kind!r}", field="kind")
        p_e = np.where(np.isclose(p_e, 1.0), np.nan, p_e)
        return (p_o - p_e) / (1.0 - p_e)


def percent_agreement(a: Any, b: Any) -> float:
    """Share of units on which two coders gave the same value.

    Parameters
    ----------
    a, b : sequence
        Each coder's value per unit (same length); units with a missing value are skipped.

    Returns
    -------
    float
        p_o, in [0, 1].

    References
    ----------
    Artstein, R., & Poesio, M. (2008). Inter-coder agreement for computational linguistics.
    Computational Linguistics, 34(4), 555-596 (observed agreement A_o).

    Examples
    --------
    >>> percent_agreement([1, 1, 2, 2], [1, 2, 2, 2])
    0.75
    """
    table, _ = contingency_table(a, b)
    return float(chance_corrected(table, "percent"))


def cohen_kappa(a: Any, b: Any) -> float:
    """Cohen's kappa for two coders.

    kappa = (p_o - p_e) / (1 - p_e) with p_e = sum_c p_c. p_.c, the sum over categories of the
    product of the two coders' own marginal proportions.

    Parameters
    ----------
    a, b : sequence
        Each coder's value per unit (same length); units with a missing value are skipped.

    Returns
    -------
    float
        Kappa; ``NaN`` when p_e = 1 (both coders used a single, identical category).

    Raises
    ------
    AgreementError
        Lengths differ, or no unit was rated by both coders.

    References
    ----------
    Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and
    Psychological Measurement, 20(1), 37-46.

    Examples
    --------
    Wikipedia's 50 grant proposals (Yes/No table [[20, 5], [10, 15]]):

    >>> a = ["Y"] * 25 + ["N"] * 25
    >>> b = ["Y"] * 20 + ["N"] * 5 + ["Y"] * 10 + ["N"] * 15
    >>> round(cohen_kappa(a, b), 6)
    0.4
    """
    table, _ = contingency_table(a, b)
    return float(chance_corrected(table, "cohen"))


def scott_pi(a: Any, b: Any) -> float:
    """Scott's pi for two coders.

    pi = (p_o - p_e) / (1 - p_e) with p_e = sum_c ((p_c. + p_.c) / 2)^2, the chance term from
    the two coders' pooled category proportions.

    References
    ----------
    Scott, W. A. (1955). Reliability of content analysis: the case of nominal scale coding.
    Public Opinion Quarterly, 19(3), 321-325.

    Examples
    --------
    >>> round(scott_pi(["Y"] * 25 + ["N"] * 25,
    ...                ["Y"] * 20 + ["N"] * 5 + ["Y"] * 10 + ["N"] * 15), 6)
    0.393939
    """
    table, _ = contingency_table(a, b)
    return float(chance_corrected(table, "scott"))


def brennan_prediger_kappa(a: Any, b: Any, n_categories: int | None = None) -> float:
    """Brennan & Prediger's kappa (Bennett's S) for two coders: chance is 1 / q.

    Parameters
    ----------
    a, b : sequence
        Each coder's value per unit.
    n_categories : int, optional
        q, the number of categories available to the coders (default: the number used by
        either coder). Must be at least the number used.

    References
    ----------
    Brennan, R. L., & Prediger, D. J. (1981). Coefficient kappa: some uses, misuses, and
    alternatives. Educational and Psychological Measurement, 41(3), 687-699.

    Examples
    --------
    >>> brennan_prediger_kappa([1, 1, 2, 2], [1, 2, 2, 2])
    0.5
    >>> round(brennan_prediger_kappa([1, 1, 2, 2], [1, 2, 2, 2], n_categories=4), 4)
    0.6667
    """
    table, categories = contingency_table(a, b)
    if n_categories is not None and n_categories < len(categories):
        raise AgreementError(
            f"{n_categories} categories given but the coders used {len(categories)}",
            field="n_categories",
        )
    return float(chance_corrected(table, "brennan_prediger", n_categories=n_categories))


def fleiss_kappa(counts: Any) -> float:
    """Fleiss' kappa for many raters, from a subjects x categories count table.

    P_i = (sum_j n_ij^2 - n) / (n (n - 1)); P = mean P_i; p_j = sum_i n_ij / (N n);
    P_e = sum_j p_j^2; kappa = (P - P_e) / (1 - P_e).

    Parameters
    ----------
    counts : 2-D array-like or DataFrame
        ``counts[i][j]`` raters who put subject i in category j; every row must sum to the same
        number of raters n >= 2 (use :func:`psm_qual.agreement.data.category_counts` to build it
        from coders x units data).

    Returns
    -------
    float
        Kappa; ``NaN`` when every rating falls in one category.

    Raises
    ------
    AgreementError
        Not a 2-D table, negative or fractional cells, unequal row sums, fewer than 2 raters.

    References
    ----------
    Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological
    Bulletin, 76(5), 378-382.

    Examples
    --------
    >>> fleiss_kappa([[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0],
    ...               [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2],
    ...               [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]])  # doctest: +ELLIPSIS
    0.2099...
    """
    try:
        table = np.asarray(counts, dtype=float)
    except (TypeError, ValueError):
        raise AgreementError(
            "must be a subjects x categories table of counts (ragged or non-numeric)",
            field="counts",
        ) from None
    if table.ndim != 2 or table.shape[0] == 0 or table.shape[1] == 0:
        raise AgreementError(
            f"must be a non-empty subjects x categories table, got shape {table.shape}",
            field="counts",
        )
    if np.isnan(table).any() or (table < 0).any() or not np.array_equal(table, np.round(table)):
        raise AgreementError("cells must be non-negative integer counts", field="counts")
    raters = table.sum(axis=1)
    if not np.all(raters == raters[0]):
        raise AgreementError(
            "every subject needs the same number of raters; row sums are "
            f"{sorted(set(raters.astype(int).tolist()))}",
            field="counts",
        )
    n = raters[0]
    if n < 2:
        raise AgreementError(f"needs at least 2 raters per subject, got {int(n)}", field="counts")
    p_i = ((table**2).sum(axis=1) - n) / (n * (n - 1.0))
    p_bar = p_i.mean()
    p_j = table.sum(axis=0) / table.sum()
    p_e = float((p_j**2).sum())
    if np.isclose(p_e, 1.0):
        return float("nan")
    return float((p_bar - p_e) / (1.0 - p_e))
