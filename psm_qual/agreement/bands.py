"""Interpretation bands for agreement coefficients, kept apart from the coefficients.

Bands are conventions, not properties of the data: they are applied explicitly, on request.
"""

from __future__ import annotations

import math
from typing import Literal

from psm_qual.errors import AgreementError

__all__ = ["interpret", "SCALES", "UNDEFINED"]

Scale = Literal["landis_koch", "krippendorff"]
SCALES: tuple[str, ...] = ("landis_koch", "krippendorff")
UNDEFINED = "undefined"

# (upper bound inclusive, label), in order; values above the last bound are out of range.
_LANDIS_KOCH = (
    (0.20, "slight"),
    (0.40, "fair"),
    (0.60, "moderate"),
    (0.80, "substantial"),
    (1.0, "almost perfect"),
)


def interpret(value: float, *, scale: Scale = "landis_koch") -> str:
    """The verbal band of an agreement coefficient.

    Parameters
    ----------
    value : float
        A kappa-type coefficient or alpha. ``NaN``/``None`` gives ``"undefined"``.
    scale : {"landis_koch", "krippendorff"}
        ``"landis_koch"``: below 0 poor; 0-.20 slight; (.20-.40] fair; (.40-.60] moderate;
        (.60-.80] substantial; (.80-1] almost perfect (lower bounds exclusive, a project
        convention for the published 0.00-0.20, 0.21-0.40, ... table).
        ``"krippendorff"``: >= .800 reliable; >= .667 tentative (tentative conclusions only);
        below unreliable.

    Returns
    -------
    str

    References
    ----------
    Landis, J. R., & Koch, G. G. (1977). The measurement of observer agreement for categorical
    data. Biometrics, 33(1), 159-174. Krippendorff, K. (2004). Content Analysis (2nd ed.),
    p. 241. Sage.

    Examples
    --------
    >>> interpret(0.41), interpret(0.4), interpret(-0.1)
    ('moderate', 'fair', 'poor')
    >>> interpret(0.8, scale="krippendorff"), interpret(0.7, scale="krippendorff")
    ('reliable', 'tentative')
    >>> interpret(float("nan"))
    'undefined'
    """
    if scale not in SCALES:
        raise AgreementError(
            f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}", field="scale"
        )
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return UNDEFINED
    value = float(value)
    if math.isnan(value):
        return UNDEFINED
    if value > 1.0 + 1e-9:
        raise AgreementError(f"{value} is not an agreement coefficient (above 1)", field="value")
    if scale == "krippendorff":
        if value >= 0.800:
            return "reliable"
        if value >= 0.667:
            return "tentative"
        return "unreliable"
    if value < 0:
        return "poor"
    for upper, label in _LANDIS_KOCH:
        if value <= upper + 1e-12:
            return label
    return _LANDIS_KOCH[-1][1]
