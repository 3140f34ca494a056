"""Reliability data: coders x units, checked and encoded once for every measure.

Reliability data follow the convention of Krippendorff (2011) and of the ``krippendorff``
package: one row per coder (observer), one column per unit, missing values as ``None`` or
``NaN``. Lists of lists, numpy arrays and DataFrames (rows = coders) are accepted.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from psm_qual.errors import AgreementError

__all__ = ["Encoded", "encode", "pairs_from_table", "category_counts", "is_missing"]


@dataclass(frozen=True)
class Encoded:
    """Reliability data encoded as category indices.

    Attributes
    ----------
    codes : ndarray of int, shape (coders, units)
        Index into ``domain`` of each value; ``-1`` where the value is missing.
    domain : ndarray
        The distinct values, sorted (or in the order of ``value_domain`` when given).
    """

    codes: np.ndarray
    domain: np.ndarray

    @property
    def n_coders(self) -> int:
        return int(self.codes.shape[0])

    @property
    def n_units(self) -> int:
        return int(self.codes.shape[1])

    def value_counts(self) -> np.ndarray:
        """Units x values matrix: how many coders gave value ``c`` to unit ``u``."""
        n_values = len(self.domain)
        unit = np.broadcast_to(np.arange(self.n_units), self.codes.shape)
        valid = self.codes >= 0
        flat = unit[valid] * n_values + self.codes[valid]
        counts = np.bincount(flat, minlength=self.n_units * n_values)
        return counts.reshape(self.n_units, n_values)


def is_missing(value: Any) -> bool:
    """Whether a single value counts as missing (``None``, ``NaN``, ``pd.NA``, ``NaT``).

    Examples
    --------
    >>> [is_missing(v) for v in (None, float("nan"), 0, "", "a")]
    [True, True, False, False, False]
    """
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _as_2d(data: Any, name: str) -> np.ndarray:
    if isinstance(data, pd.DataFrame):
        data = data.to_numpy()
    if isinstance(data, np.ndarray):
        array = data
    else:
        if isinstance(data, str | bytes) or not isinstance(data, Sequence | np.ndarray):
            try:
                data = list(data)
            except TypeError:
                raise AgreementError(
                    "must be coders x units (list of lists, array or DataFrame)", field=name
                ) from None
        rows = [list(row) if not isinstance(row, str | bytes) else None for row in data]
        if any(row is None for row in rows):
            raise AgreementError("must be coders x units: each coder a sequence", field=name)
        lengths = {len(row) for row in rows}
        if len(lengths) > 1:
            raise AgreementError(
                f"ragged matrix: coders have {sorted(lengths)} units; give every coder the same "
                "units (missing values as None)",
                field=name,
            )
        try:
            array = np.array(rows, dtype=float)
        except (TypeError, ValueError):
            array = np.empty((len(rows), lengths.pop() if lengths else 0), dtype=object)
            for i, row in enumerate(rows):
                array[i, :] = row
    if array.ndim != 2:
        raise AgreementError(
            f"must be two-dimensional (coders x units), got {array.ndim} dimension(s)", field=name
        )
    return array


def encode(
    data: Any,
    *,
    name: str = "reliability_data",
    value_domain: Sequence[Any] | None = None,
    min_coders: int = 2,
) -> Encoded:
    """Check reliability data and encode its values as category indices.

    Parameters
    ----------
    data : list of lists, ndarray or DataFrame
        Coders x units; missing values as ``None`` or ``NaN``.
    name : str
        The argument's name, used in error messages.
    value_domain : sequence, optional
        The possible values in order (needed for the ordinal level of non-numeric values).
    min_coders : int
        Fewest coders accepted.

    Returns
    -------
    Encoded

    Raises
    ------
    AgreementError
        Ragged or non-2D data, fewer than ``min_coders`` coders, no value at all, or a value
        outside ``value_domain``.

    Examples
    --------
    >>> enc = encode([[1, 2, None], [1, 3, 2]])
    >>> enc.codes.tolist(), enc.domain.tolist()
    ([[0, 1, -1], [0, 2, 1]], [1.0, 2.0, 3.0])
    >>> encode([[1, 2]])
    Traceback (most recent call last):
    ...
    psm_qual.errors.AgreementError: reliability_data: needs at least 2 coders, got 1
    """
    array = _as_2d(data, name)
    if array.shape[0] < min_coders:
        raise AgreementError(
            f"needs at least {min_coders} coders, got {array.shape[0]}", field=name
        )
    if array.dtype.kind in "fiub":
        values = array.astype(float, copy=False)
        valid = ~np.isnan(values)
        present = values[valid]
        if present.size == 0:
            raise AgreementError("all values are missing", field=name)
        codes = np.full(values.shape, -1, dtype=np.int64)
        if value_domain is None:
            low, high = present.min(), present.max()
            integral = high - low < 1_000_000 and np.array_equal(present, np.round(present))
            if integral:
                shifted = (present - low).astype(np.int64)
                seen = np.bincount(shifted, minlength=int(high - low) + 1) > 0
                lookup = np.cumsum(seen) - 1
                domain = np.flatnonzero(seen) + low
                codes[valid] = lookup[shifted]
                return Encoded(codes, domain.astype(float))
            domain = np.unique(present)
            codes[valid] = np.searchsorted(domain, present)
            return Encoded(codes, domain)
        domain_list = list(value_domain)
        domain = np.asarray(domain_list, dtype=float)
        order = np.argsort(domain, kind="stable")
        position = np.searchsorted(domain[order], present)
        position = np.clip(position, 0, len(domain) - 1)
        if not np.array_equal(domain[order][position], present):
            raise AgreementError("a value is not in value_domain", field=name)
        codes[valid] = order[position]
        return Encoded(codes, domain)
    flat = array.ravel()
    valid_flat = np.fromiter((not is_missing(v) for v in flat), dtype=bool, count=flat.size)
    present_list = flat[valid_flat].tolist()
    if not present_list:
        raise AgreementError("all values are missing", field=name)
    if value_domain is None:
        try:
            domain_list = sorted(set(present_list))
        except TypeError:
            domain_list = sorted(set(present_list), key=repr)
    else:
        domain_list = list(value_domain)
    index = {value: i for i, value in enumerate(domain_list)}
    try:
        coded = [index[v] for v in present_list]
    except KeyError as error:
        raise AgreementError(
            f"value {error.args[0]!r} is not in value_domain", field=name
        ) from None
    codes = np.full(flat.size, -1, dtype=np.int64)
    codes[valid_flat] = coded
    domain = np.empty(len(domain_list), dtype=object)
    domain[:] = domain_list
    return Encoded(codes.reshape(array.shape), domain)


def pairs_from_table(
    table: Any, categories: Sequence[Any] | None = None
) -> tuple[list[Any], list[Any]]:
    """Expand a two-coder contingency table into two label vectors.

    Parameters
    ----------
    table : square array-like of non-negative integers
        Rows = first coder, columns = second coder.
    categories : sequence, optional
        Category labels in table order (default ``0, 1, ...``).

    Returns
    -------
    (list, list)
        The first and the second coder's label per unit.

    Examples
    --------
    >>> pairs_from_table([[1, 2], [0, 1]], ["y", "n"])
    (['y', 'y', 'y', 'n'], ['y', 'n', 'n', 'n'])
    """
    counts = np.asarray(table)
    if counts.ndim != 2 or counts.shape[0] != counts.shape[1]:
        raise AgreementError(f"must be a square table, got shape {counts.shape}", field="table")
    if (counts < 0).any() or not np.array_equal(counts, np.round(counts)):
        raise AgreementError("cells must be non-negative integers", field="table")
    labels = list(range(counts.shape[0])) if categories is None else list(categories)
    if len(labels) != counts.shape[0]:
        raise AgreementError(
            f"{len(labels)} categories for a {counts.shape[0]}x{counts.shape[0]} table",
            field="categories",
        )
    first: list[Any] = []
    second: list[Any] = []
    for i, row in enumerate(counts):
        for j, n in enumerate(row):
            first.extend([labels[i]] * int(n))
            second.extend([labels[j]] * int(n))
    return first, second


def category_counts(reliability_data: Any, *, complete: bool = True) -> pd.DataFrame:
    """Subjects x categories count table (Fleiss' layout) from coders x units data.

    Parameters
    ----------
    reliability_data : list of lists, ndarray or DataFrame
        Coders x units, missing values as ``None``/``NaN``.
    complete : bool
        Keep only units rated by every coder (Fleiss' kappa needs the same number of raters per
        subject).

    Returns
    -------
    DataFrame
        One row per unit (index = unit position), one column per category.

    Examples
    --------
    >>> category_counts([["a", "a", "b"], ["a", "b", "b"]]).to_numpy().tolist()
    [[2, 0], [1, 1], [0, 2]]
    """
    enc = encode(reliability_data)
    counts = enc.value_counts()
    keep = np.arange(enc.n_units)
    if complete:
        keep = np.flatnonzero((enc.codes >= 0).all(axis=0))
    return pd.DataFrame(counts[keep], index=keep, columns=list(enc.domain))
