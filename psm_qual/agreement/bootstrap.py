"""Bootstrap confidence intervals: Krippendorff's procedure for alpha, unit resampling for kappa.

Both are vectorised: one multinomial draw (alpha) or one batch of contingency tables (kappa)
per replicate, no Python loop over replicates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np

from psm_qual.agreement.data import encode
from psm_qual.agreement.krippendorff import Level, _check_level, alpha_components
from psm_qual.agreement.nominal import Chance, chance_corrected
from psm_qual.errors import AgreementError

__all__ = ["Interval", "alpha_bootstrap", "kappa_bootstrap"]

Seed = int | np.random.Generator | None


@dataclass(frozen=True)
class Interval:
    """A point estimate with a bootstrap percentile interval.

    Attributes
    ----------
    estimate, low, high : float
    confidence : float
        e.g. 0.95.
    n_boot : int
        Replicates drawn.
    """

    estimate: float
    low: float
    high: float
    confidence: float
    n_boot: int


def _check(n_boot: int, confidence: float) -> None:
    if not isinstance(n_boot, int | np.integer) or n_boot < 1:
        raise AgreementError(f"must be a positive integer, got {n_boot!r}", field="n_boot")
    if not 0 < confidence < 1:
        raise AgreementError(
            f"must lie strictly between 0 and 1, got {confidence!r}", field="confidence"
        )


def _percentiles(samples: np.ndarray, confidence: float) -> tuple[float, float]:
    samples = samples[~np.isnan(samples)]
    if samples.size == 0:
        return float("nan"), float("nan")
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(samples, [tail, 1.0 - tail])
    return float(low), float(high)


def alpha_bootstrap(
    reliability_data: Any,
    level_of_measurement: Level = "nominal",
    *,
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: Seed = None,
    value_domain: Sequence[Any] | None = None,
) -> Interval:
    """Bootstrap interval for Krippendorff's alpha by Krippendorff's procedure.

    Pairs of values are drawn from the coincidence matrix (each unordered pair (c, k) with
    probability o_ck / n.., off-diagonal cells counted twice); a replicate of M pairs gives
    alpha* = 1 - mean(delta^2) / D_e with M = min(25 q, (m - 1) n.. / 2), q the number of
    non-empty coincidence cells and m the number of coders. Replicates below -1 are set to -1,
    and, as Krippendorff prescribes, a share of the replicates that show no variation are set
    to 0 (their alpha is undefined, not 1). That share is X * sum_c (o_cc / n..)^P with P the
    number of pairs of values in the data, as in Hayes' KALPHA macro (version 3.0): it is the
    chance that reliability data of the study's own size show one value only, so it matters for
    small data and vanishes for large data. (Using the capped M as the exponent instead would
    zero up to a few percent of the replicates of a rare binary code in a large corpus and put
    the lower limit at 0 while alpha is 0.9.)

    Notes
    -----
    The interval answers "what alpha would M pairs drawn from these coincidences give", with
    M capped at 25 q for practicality. For a rare presence/absence code in many units (a code
    in 20 of 800 segments: q = 4, M = 100 of 800 pairs) the replicates hold only a few pairs
    with the rare value, so the alpha interval is much wider than a unit-resampling interval
    such as :func:`kappa_bootstrap` on the same data. That is the procedure, not an error: read
    a wide alpha interval on a rare code as "too few instances to be sure", and report n.

    Parameters
    ----------
    reliability_data, level_of_measurement, value_domain
        As for :func:`psm_qual.agreement.krippendorff_alpha`.
    n_boot : int
        Replicates.
    confidence : float
        Two-sided coverage of the percentile interval.
    seed : int or numpy.random.Generator, optional
        Seed for reproducible intervals.

    Returns
    -------
    Interval
        ``estimate`` is alpha on the data.

    References
    ----------
    Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a standard reliability
    measure for coding data. Communication Methods and Measures, 1(1), 77-89.
    Krippendorff, K. (2016). Bootstrapping distributions for Krippendorff's alpha
    (https://www.asc.upenn.edu/sites/default/files/2021-03/Algorithm%20for%20Bootstrapping%20a%20Distribution%20of%20Alpha.pdf).

    Examples
    --------
    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    ...         [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]]
    >>> ci = alpha_bootstrap(data, n_boot=2000, seed=1)
    >>> round(ci.estimate, 3), ci.low < ci.estimate < ci.high
    (0.743, True)
    """
    _check(n_boot, confidence)
    _check_level(level_of_measurement)
    comp = alpha_components(reliability_data, level_of_measurement, value_domain=value_domain)
    if np.isnan(comp.alpha):
        return Interval(comp.alpha, float("nan"), float("nan"), confidence, n_boot)
    from psm_qual.agreement.krippendorff import difference_matrix

    delta = difference_matrix(comp.values, comp.value_marginals, level_of_measurement)
    n = comp.coincidences.sum()
    upper = np.triu_indices(len(comp.values))
    weights = np.where(upper[0] == upper[1], 1.0, 2.0) * comp.coincidences[upper] / n
    weights = np.clip(weights, 0.0, None)
    weights /= weights.sum()
    codes = np.asarray(encode(reliability_data).codes)
    n_coders = int(codes.shape[0])
    m_u = (codes >= 0).sum(axis=0)
    m_u = m_u[m_u >= 2]
    n_pairs = float((m_u * (m_u - 1)).sum() / 2.0)  # pairs of values in the data
    q = int((comp.coincidences > 1e-12).sum())
    m_pairs = max(1, int(min(25 * q, (n_coders - 1) * n / 2.0)))
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(m_pairs, weights, size=n_boot)
    replicate = 1.0 - (draws @ delta[upper]) / (m_pairs * comp.expected)
    replicate = np.maximum(replicate, -1.0)
    diagonal = np.diag(comp.coincidences) / n
    if (diagonal > 0).sum() == 1:
        replicate[replicate == 1.0] = 0.0
    else:
        # the chance that data of the study's own size (n_pairs, not the capped M) show one
        # value only: KALPHA 3.0 raises the diagonal shares to the number of pairs in the data
        n_undefined = int(round(n_boot * float((diagonal**n_pairs).sum())))
        ones = np.flatnonzero(replicate == 1.0)[:n_undefined]
        replicate[ones] = 0.0
    low, high = _percentiles(replicate, confidence)
    return Interval(comp.alpha, low, high, confidence, n_boot)


def kappa_bootstrap(
    reliability_data: Any,
    *,
    chance: Chance = "cohen",
    n_boot: int = 1000,
    confidence: float = 0.95,
    seed: Seed = None,
) -> Interval:
    """Bootstrap interval for a two-coder coefficient (mean over coder pairs), resampling units.

    Units are drawn with replacement; for each replicate and each pair of coders the
    contingency table of the units both coded is rebuilt and the coefficient computed; with more
    than two coders the pairwise coefficients are averaged (as in ``agreement_table``).

    Parameters
    ----------
    reliability_data : list of lists, ndarray or DataFrame
        Coders x units; for Cohen's kappa of two label vectors pass ``[a, b]``.
    chance : {"cohen", "scott", "brennan_prediger", "percent"}
        Which coefficient.
    n_boot, confidence, seed
        Replicates, coverage, seed.

    Returns
    -------
    Interval

    References
    ----------
    Efron, B., & Tibshirani, R. J. (1993). An Introduction to the Bootstrap, ch. 13 (percentile
    interval). Cohen, J. (1960).

    Examples
    --------
    >>> a = ["Y"] * 25 + ["N"] * 25
    >>> b = ["Y"] * 20 + ["N"] * 5 + ["Y"] * 10 + ["N"] * 15
    >>> ci = kappa_bootstrap([a, b], n_boot=2000, seed=7)
    >>> round(ci.estimate, 3), 0.1 < ci.low < 0.4 < ci.high < 0.7
    (0.4, True)
    """
    _check(n_boot, confidence)
    enc = encode(reliability_data)
    k = len(enc.domain)
    n_categories = k if chance == "brennan_prediger" else None
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, enc.n_units, size=(n_boot, enc.n_units))
    estimates, replicates = [], []
    for i, j in combinations(range(enc.n_coders), 2):
        both = (enc.codes[i] >= 0) & (enc.codes[j] >= 0)
        if not both.any():
            continue
        cell = np.where(both, enc.codes[i] * k + enc.codes[j], -1)
        table = np.bincount(cell[both], minlength=k * k).reshape(k, k)
        estimates.append(chance_corrected(table, chance, n_categories=n_categories))
        sampled = cell[picks]
        offset = np.arange(n_boot)[:, None] * (k * k)
        flat = (sampled + offset)[sampled >= 0]
        tables = np.bincount(flat, minlength=n_boot * k * k).reshape(n_boot, k, k)
        replicates.append(chance_corrected(tables, chance, n_categories=n_categories))
    if not estimates:
        raise AgreementError(
            "no shared units: no unit was rated by two coders", field="reliability_data"
        )
    with np.errstate(invalid="ignore"):
        estimate = float(np.mean(estimates))
        samples = np.mean(np.vstack(replicates), axis=0)
    low, high = _percentiles(samples, confidence)
    return Interval(estimate, low, high, confidence, n_boot)
