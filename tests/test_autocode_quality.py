"""Quality of the rule-based auto-coder, measured like any other coder.

Two measurements, each with a floor set a little below the last measurement (rules tuned on the
codebook and on tests/data/autocode/dev_statements.csv only; neither file below was read):

- ``tests/data/autocode_heldout.csv``: Indonesian and English statements about PSM work that the
  auto-coder never saw (written by another helper); role-dimension Cohen's kappa.
- ``data/pasteur/codings/consensus.csv``: the Pasteur consensus coding; role kappa and per-role F1.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from psm_qual.autocode import autocode
from psm_qual.autocode.evaluate import evaluate_coder
from psm_qual.codebook.load import load_codebook
from psm_qual.datasets import codebook_path, codings_path, pasteur_path

HELDOUT = Path(__file__).parent / "data" / "autocode_heldout.csv"
HELDOUT_ROLE_KAPPA_FLOOR = 0.65  # measured 0.681 with codebook 1.1.1 patterns (was 0.616); aim 0.70
HELDOUT_ASSESSMENT_KAPPA_FLOOR = 0.68  # measured 0.712 (was 0.632)
PASTEUR_ROLE_KAPPA_FLOOR = 0.34  # measured 0.364 (was 0.328)
PASTEUR_ROLE_F1_FLOOR = 0.41  # measured minimum 0.441 (motivator)


def heldout_evaluation():
    """The heldout statements as segments and reference codings, and the evaluation."""
    table = pd.read_csv(HELDOUT, keep_default_na=False, dtype=str)
    segments = pd.DataFrame(
        {
            "segment_id": table["id"],
            "source_id": table["id"],
            "start": 0,
            "end": table["text"].str.len(),
            "text": table["text"],
            "language": table["language"],
        }
    )
    rows = []
    for row, seg in zip(
        table.itertuples(index=False), segments.itertuples(index=False), strict=True
    ):
        codes = [row.role, f"assessment/{row.assessment}" if row.assessment else ""]
        codes += [f"barrier/{b.strip()}" for b in row.barriers.split(";") if b.strip()]
        rows += [(seg.source_id, 0, seg.end, code, "reference") for code in codes if code]
    reference = pd.DataFrame(rows, columns=["source_id", "start", "end", "code", "coder"])
    codebook = load_codebook(codebook_path())
    predicted = autocode(segments, codebook)
    return evaluate_coder(predicted, reference, segments=segments, codebook=codebook)


@pytest.mark.skipif(not HELDOUT.exists(), reason="held-out statements not written yet")
def test_heldout_role_kappa():
    evaluation = heldout_evaluation()
    kappa = evaluation.kappa("role")
    print(f"held-out role kappa {kappa:.3f}; assessment kappa {evaluation.kappa('assessment'):.3f}")
    assert kappa >= HELDOUT_ROLE_KAPPA_FLOOR
    assert evaluation.kappa("assessment") >= HELDOUT_ASSESSMENT_KAPPA_FLOOR


def pasteur_evaluation():
    from psm_qual.corpus import load_corpus
    from psm_qual.io.codings import read_codings

    codebook = load_codebook(codebook_path())
    corpus = load_corpus(pasteur_path())
    predicted = autocode(corpus, codebook)
    return evaluate_coder(
        predicted, read_codings(codings_path("consensus")), segments=corpus, codebook=codebook
    )


@pytest.mark.skipif(
    not codings_path("consensus").exists(), reason="Pasteur consensus coding not written yet"
)
def test_pasteur_consensus_role_agreement():
    evaluation = pasteur_evaluation()
    kappa = evaluation.kappa("role")
    roles = evaluation.per_code[evaluation.per_code["dimension"] == "role"]
    print(f"Pasteur role kappa {kappa:.3f}")
    print(roles[["code", "precision", "recall", "f1", "support"]].round(3).to_string())
    assert kappa >= PASTEUR_ROLE_KAPPA_FLOOR
    assert (roles["f1"].fillna(0) >= PASTEUR_ROLE_F1_FLOOR).all()
