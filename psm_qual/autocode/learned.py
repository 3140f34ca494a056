"""A learned coder: TF-IDF over stems and character n-grams, a linear model, calibrated.

:func:`train_coder` fits one classifier per dimension on a human-coded corpus: the role
(single label, with ``"none"`` for segments given no role), the assessment (on role-coded
segments) and each barrier (present/absent). Features are TF-IDF over the normalised stems
(words and word pairs, via :func:`psm_qual.autocode.normalise.stems`) plus TF-IDF over character
2-5-grams of the lower-cased text; the model is a logistic regression wrapped in
:class:`sklearn.calibration.CalibratedClassifierCV` so scores are calibrated probabilities.
:func:`cross_validate_coder` measures it with folds grouped by source (GroupKFold), so no
transcript is ever in its own test fold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from psm_qual.autocode.evaluate import (
    DIMENSIONS,
    NONE,
    CoderEvaluation,
    evaluate_coder,
    segment_labels,
)
from psm_qual.autocode.normalise import stems
from psm_qual.autocode.suggestions import SCORE, SUGGESTION_COLUMNS, accept, coded_units
from psm_qual.codebook.model import Codebook
from psm_qual.columns import END, LANGUAGE, SEGMENT_ID, SOURCE_ID, START, TEXT
from psm_qual.corpus import Corpus
from psm_qual.errors import AutocodeError

__all__ = ["TrainedCoder", "train_coder", "cross_validate_coder", "CrossValidation"]


def _stem_text(frame: pd.DataFrame) -> list[str]:
    languages = frame[LANGUAGE].fillna("id").astype(str) if LANGUAGE in frame else None
    out = []
    for i, text in enumerate(frame[TEXT].astype(str)):
        language = languages.iloc[i] if languages is not None else "id"
        out.append(" ".join(stems(text, language="en" if language == "en" else "id")))
    return out


def _features():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    return FeatureUnion(
        [
            (
                "stems",
                TfidfVectorizer(
                    analyzer="word",
                    token_pattern=r"\S+",
                    ngram_range=(1, 2),
                    sublinear_tf=True,
                    min_df=1,
                ),
            ),
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    sublinear_tf=True,
                    min_df=1,
                    lowercase=True,
                ),
            ),
        ]
    )


def _classifier(labels: list[str], *, c: float, folds: int, seed: int):
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    counts = pd.Series(labels).value_counts()
    if len(counts) < 2:
        return None  # a constant: nothing to learn
    cv = int(min(folds, counts.min()))
    base = LogisticRegression(C=c, max_iter=2000, class_weight="balanced", random_state=seed)
    model = (
        CalibratedClassifierCV(base, cv=cv, method="sigmoid", ensemble=False)
        if cv >= 2
        else base  # too few examples of a class to calibrate: plain logistic probabilities
    )
    return make_pipeline(_features(), model)


@dataclass(frozen=True)
class TrainedCoder:
    """A fitted learned coder (see :func:`train_coder`).

    Attributes
    ----------
    models : dict
        Dimension name (``"role"``, ``"assessment"``, ``"barrier/<code>"``) -> a fitted
        scikit-learn pipeline, or the constant label when training data had one class.
    codebook_id : str
    min_probability : float
        A barrier is suggested when its probability reaches this.
    info : dict
        Training facts: segments, labels per dimension, options.
    """

    models: dict[str, Any]
    codebook_id: str
    min_probability: float = 0.5
    info: dict[str, Any] = field(default_factory=dict)

    def _predict(self, name: str, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        model = self.models[name]
        if isinstance(model, str):
            return np.array([model] * len(texts), dtype=object), np.ones(len(texts))
        probabilities = model.predict_proba(texts)
        classes = model.classes_
        best = probabilities.argmax(axis=1)
        return classes[best], probabilities[np.arange(len(texts)), best]

    def suggest(
        self, segments: pd.DataFrame, *, progress: Callable[[int], object] | None = None
    ) -> pd.DataFrame:
        """Suggestions (columns :data:`~psm_qual.autocode.suggestions.SUGGESTION_COLUMNS`);
        ``score`` is the calibrated probability, ``evidence`` names the model."""
        segments = coded_units(segments)
        texts = _stem_text(segments)
        rows = []
        role, role_p = self._predict("role", texts)
        coded = role != NONE
        assess, assess_p = (
            self._predict("assessment", texts)
            if "assessment" in self.models
            else (np.array([NONE] * len(texts), dtype=object), np.zeros(len(texts)))
        )
        barrier_names = [n for n in self.models if n.startswith("barrier/")]
        barrier_p = {}
        for name in barrier_names:
            model = self.models[name]
            if isinstance(model, str):
                barrier_p[name] = np.full(len(texts), 1.0 if model == "yes" else 0.0)
            else:
                column = list(model.classes_).index("yes")
                barrier_p[name] = model.predict_proba(texts)[:, column]
        for i, seg in enumerate(segments.itertuples(index=False)):
            found = []
            if coded[i]:
                found.append(("role", role[i], role_p[i]))
                if assess[i] != NONE:
                    found.append(("assessment", assess[i], assess_p[i]))
            for name in barrier_names:
                if barrier_p[name][i] >= self.min_probability:
                    found.append(("barrier", name, barrier_p[name][i]))
            sid = getattr(seg, SEGMENT_ID)
            for dimension, code, p in found:
                rows.append(
                    (
                        f"{sid}#{code}",
                        sid,
                        getattr(seg, SOURCE_ID),
                        getattr(seg, START),
                        getattr(seg, END),
                        dimension,
                        code,
                        round(float(p), 4),
                        f"model probability {float(p):.2f}",
                        (),
                        getattr(seg, TEXT),
                    )
                )
        if progress is not None:
            progress(len(segments))
        frame = pd.DataFrame(rows, columns=list(SUGGESTION_COLUMNS))
        frame[SCORE] = frame[SCORE].astype(float)
        return frame


def _training_table(codings, corpus, codebook, level) -> pd.DataFrame:
    units = coded_units(corpus)
    labels = segment_labels(codings, units, codebook=codebook, level=level)
    # the segments' own "role" column is the turn role (informant/interviewer): replace it
    units = units.drop(columns=[c for c in DIMENSIONS if c in units.columns])
    table = units.merge(labels, on=SEGMENT_ID, how="left")
    table["stemmed"] = _stem_text(table)
    return table


def _fit(
    table: pd.DataFrame,
    *,
    c: float,
    folds: int,
    seed: int,
    min_probability: float,
    codebook_id: str,
    barrier_codes: list[str],
) -> TrainedCoder:
    texts = table["stemmed"].tolist()
    models: dict[str, Any] = {}
    targets = {"role": table["role"].tolist()}
    with_role = table["role"] != NONE
    if (table.loc[with_role, "assessment"] != NONE).any():
        targets["assessment"] = table["assessment"].tolist()
    for code in barrier_codes:
        targets[code] = ["yes" if code in str(v).split("+") else "no" for v in table["barrier"]]
    for name, labels in targets.items():
        if name == "assessment":
            keep = [i for i, v in enumerate(labels) if v != NONE]
            x, y = [texts[i] for i in keep], [labels[i] for i in keep]
        else:
            x, y = texts, labels
        model = _classifier(y, c=c, folds=folds, seed=seed)
        models[name] = y[0] if model is None else model.fit(x, y)
    info = {
        "segments": len(table),
        "labels": {k: pd.Series(v).value_counts().to_dict() for k, v in targets.items()},
        "C": c,
    }
    return TrainedCoder(models, codebook_id, min_probability, info)


def train_coder(
    codings: pd.DataFrame,
    corpus: Corpus | pd.DataFrame,
    *,
    codebook: Codebook | None = None,
    level: str = "code",
    c: float = 4.0,
    calibration_folds: int = 3,
    min_probability: float = 0.5,
    seed: int = 0,
) -> TrainedCoder:
    """Fit a learned coder on one coder's codings of ``corpus``.

    Parameters
    ----------
    codings : DataFrame
        Codings (contract 4) of one coder (e.g. the consensus).
    corpus : Corpus or DataFrame
        The coded corpus (its informant segments are the training units; uncoded segments
        teach the role ``"none"``).
    codebook : Codebook, optional
        Gives the role codes (default: top-level codes other than assessment and barrier).
    level : {"code", "root"}
        Learn roles as coded (sub-codes) or as top-level roles.
    c : float
        Inverse regularisation strength of the logistic regression.
    calibration_folds : int
        Folds of :class:`~sklearn.calibration.CalibratedClassifierCV` (sigmoid); reduced to the
        smallest class's count; below 2 the plain logistic probabilities are used.
    min_probability : float
        Barrier threshold.
    seed : int

    Returns
    -------
    TrainedCoder

    Raises
    ------
    AutocodeError
        Fewer than 4 segments, or no role coded at all.
    """
    table = _training_table(codings, corpus, codebook, level)
    if len(table) < 4 or (table["role"] == NONE).all():
        raise AutocodeError(
            f"need at least 4 segments and some role codings to train, got {len(table)} "
            f"segments and {(table['role'] != NONE).sum()} role-coded",
            field="codings",
        )
    barrier_codes = sorted({b for v in table["barrier"] for b in str(v).split("+") if b != NONE})
    return _fit(
        table,
        c=c,
        folds=calibration_folds,
        seed=seed,
        min_probability=min_probability,
        codebook_id=codebook.id if codebook is not None else "",
        barrier_codes=barrier_codes,
    )


@dataclass(frozen=True)
class CrossValidation:
    """Out-of-fold predictions and their evaluation against the training codings."""

    predicted: pd.DataFrame  # codings of coder "auto:model" from out-of-fold models
    evaluation: CoderEvaluation
    folds: int


def cross_validate_coder(
    codings: pd.DataFrame,
    corpus: Corpus | pd.DataFrame,
    *,
    codebook: Codebook | None = None,
    n_splits: int = 5,
    level: str = "code",
    c: float = 4.0,
    seed: int = 0,
) -> CrossValidation:
    """Cross-validate :func:`train_coder` with folds grouped by source (GroupKFold).

    Every segment is predicted by a model that never saw its source; the out-of-fold codings
    are evaluated with :func:`~psm_qual.autocode.evaluate.evaluate_coder` (roles at the top
    level).

    Raises
    ------
    AutocodeError
        Fewer than two sources.
    """
    from sklearn.model_selection import GroupKFold

    table = _training_table(codings, corpus, codebook, level)
    groups = table[SOURCE_ID].astype(str).to_numpy()
    n_groups = len(set(groups))
    if n_groups < 2:
        raise AutocodeError("cross-validation by source needs at least two sources", field="corpus")
    folds = min(n_splits, n_groups)
    barrier_codes = sorted({b for v in table["barrier"] for b in str(v).split("+") if b != NONE})
    parts = []
    for train, test in GroupKFold(n_splits=folds).split(table, groups=groups):
        part = table.iloc[train]
        if (part["role"] == NONE).all():
            continue
        model = _fit(
            part,
            c=c,
            folds=3,
            seed=seed,
            min_probability=0.5,
            codebook_id="",
            barrier_codes=barrier_codes,
        )
        parts.append(model.suggest(table.iloc[test]))
    suggested = (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(columns=list(SUGGESTION_COLUMNS))
    )
    predicted = accept(suggested, coder="auto:model")
    evaluation = evaluate_coder(
        predicted, codings, segments=coded_units(corpus), codebook=codebook, level="root"
    )
    return CrossValidation(predicted, evaluation, folds)
