"""The learned coder, its grouped cross-validation, evaluation, and model files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from psm_qual.autocode.evaluate import evaluate_coder, segment_labels
from psm_qual.autocode.learned import cross_validate_coder, train_coder
from psm_qual.codebook.load import load_codebook
from psm_qual.corpus import load_corpus
from psm_qual.errors import AutocodeError
from psm_qual.io.models import load_model, model_info, save_model

DATA = Path(__file__).parent / "data" / "autocode"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(DATA / "corpus")


@pytest.fixture(scope="module")
def codebook():
    return load_codebook(DATA / "mini_roles.yaml")


@pytest.fixture(scope="module")
def human(corpus):
    """The fixture's hand coding as contract-4 codings of coder "human"."""
    labels = pd.read_csv(DATA / "fixture_labels.csv", keep_default_na=False)
    segments = corpus.coded_segments.set_index("segment_id")
    rows = []
    for row in labels.itertuples(index=False):
        seg = segments.loc[row.segment_id]
        assert seg["text"] == row.text  # the fixture and the corpus agree
        for code in (row.role, row.assessment, *row.barriers.split("+")):
            if code:
                rows.append((seg["source_id"], seg["start"], seg["end"], code, "human"))
    return pd.DataFrame(rows, columns=["source_id", "start", "end", "code", "coder"])


@pytest.fixture(scope="module")
def model(human, corpus, codebook):
    return train_coder(human, corpus, codebook=codebook)


def test_probabilities_are_calibrated_and_bounded(model, corpus):
    table = model.suggest(corpus.coded_segments)
    assert table["score"].between(0, 1).all()
    role = model.models["role"]
    probabilities = role.predict_proba(["saya antar warga ke puskesmas"])
    assert np.isclose(probabilities.sum(), 1.0)
    assert type(role.steps[-1][1]).__name__ == "CalibratedClassifierCV"


def test_model_learns_its_training_data(model, human, corpus, codebook):
    predicted = __import__("psm_qual.autocode.suggestions", fromlist=["accept"]).accept(
        model.suggest(corpus.coded_segments), coder="auto:model"
    )
    evaluation = evaluate_coder(predicted, human, segments=corpus, codebook=codebook)
    assert evaluation.kappa("role") > 0.8


def test_cross_validation_is_grouped_by_source(human, corpus, codebook):
    result = cross_validate_coder(human, corpus, codebook=codebook, n_splits=3)
    assert result.folds == 3
    kappa = result.evaluation.kappa("role")
    assert -1 <= kappa <= 1
    print(f"fixture grouped-CV role kappa: {kappa:.3f}")  # reported, not tuned


def test_cross_validation_needs_two_sources(human, corpus, codebook):
    one = corpus.coded_segments[corpus.coded_segments["source_id"] == "F-A"]
    with pytest.raises(AutocodeError, match="at least two sources"):
        cross_validate_coder(human, one, codebook=codebook)


def test_training_needs_role_codings(corpus):
    empty = pd.DataFrame(columns=["source_id", "start", "end", "code", "coder"])
    with pytest.raises(AutocodeError, match="need at least 4 segments and some role"):
        train_coder(empty, corpus)


def test_model_file_round_trip(model, corpus, tmp_path):
    path = save_model(model, tmp_path / "coder.model")
    assert model_info(path)["class"] == "TrainedCoder"
    again = load_model(path)
    a = model.suggest(corpus.coded_segments)
    b = again.suggest(corpus.coded_segments)
    pd.testing.assert_frame_equal(a, b)


def test_foreign_files_are_refused(tmp_path):
    path = tmp_path / "x.pkl"
    path.write_bytes(b"\x80\x04not ours")
    with pytest.raises(AutocodeError, match="not a psm_qual model file"):
        load_model(path)
    with pytest.raises(AutocodeError, match="only a TrainedCoder"):
        save_model({"a": 1}, tmp_path / "y.model")


# --- evaluate_coder -------------------------------------------------------------------------


def test_a_coder_agrees_perfectly_with_itself(human, corpus, codebook):
    evaluation = evaluate_coder(
        human, human.assign(coder="copy"), segments=corpus, codebook=codebook
    )
    assert (evaluation.per_dimension["kappa"] == 1).all()
    assert (evaluation.per_code["f1"] == 1).all()


def test_per_code_counts_add_up(human, corpus, codebook):
    from psm_qual.autocode import autocode

    auto = autocode(corpus, codebook)
    evaluation = evaluate_coder(auto, human, segments=corpus, codebook=codebook)
    roles = evaluation.per_code[evaluation.per_code["dimension"] == "role"]
    reference = segment_labels(human, corpus, codebook=codebook)
    assert roles["support"].sum() == (reference["role"] != "none").sum()
    assert set(evaluation.units["dimension"]) == {"role", "assessment", "barrier"}


def test_evaluation_refuses_two_coders(human, corpus):
    both = pd.concat([human, human.assign(coder="other")])
    with pytest.raises(AutocodeError, match="one coder per codings table"):
        evaluate_coder(both, human, segments=corpus)
