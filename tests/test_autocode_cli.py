"""``psm-qual autocode`` on the fixture corpus."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from psm_qual.cli import main

DATA = Path(__file__).parent / "data" / "autocode"


def test_autocode_writes_codings(tmp_path, capsys):
    out = tmp_path / "auto.csv"
    status = main(
        [
            "autocode",
            str(DATA / "corpus"),
            "--codebook",
            str(DATA / "mini_roles.yaml"),
            "--out",
            str(out),
            "--json",
        ]
    )
    assert status == 0
    codings = pd.read_csv(out, keep_default_na=False)
    assert list(codings.columns)[:5] == ["source_id", "start", "end", "code", "coder"]
    assert set(codings["coder"]) == {"auto:rules"}
    assert '"codings"' in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--method", "model"], "--method model needs --model FILE"),
        (["--method", "model", "--model", "missing.model"], "missing.model"),
    ],
)
def test_autocode_errors_write_nothing(tmp_path, capsys, extra, message):
    out = tmp_path / "auto.csv"
    status = main(
        [
            "autocode",
            str(DATA / "corpus"),
            "--codebook",
            str(DATA / "mini_roles.yaml"),
            "--out",
            str(out),
            *extra,
        ]
    )
    assert status == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_model_method_through_the_cli(tmp_path):
    from psm_qual.autocode.learned import train_coder
    from psm_qual.autocode.suggestions import autocode
    from psm_qual.codebook.load import load_codebook
    from psm_qual.corpus import load_corpus
    from psm_qual.io.models import save_model

    corpus = load_corpus(DATA / "corpus")
    codebook = load_codebook(DATA / "mini_roles.yaml")
    teacher = autocode(corpus, codebook, coder="teacher")
    save_model(train_coder(teacher, corpus, codebook=codebook), tmp_path / "m.model")
    out = tmp_path / "auto.csv"
    status = main(
        [
            "autocode",
            str(DATA / "corpus"),
            "--codebook",
            str(DATA / "mini_roles.yaml"),
            "--out",
            str(out),
            "--method",
            "model",
            "--model",
            str(tmp_path / "m.model"),
        ]
    )
    assert status == 0
    assert set(pd.read_csv(out)["coder"]) == {"auto:model"}
