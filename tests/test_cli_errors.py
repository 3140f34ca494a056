"""Bad input on the command line: one stderr line naming the file, exit 2, nothing written."""

from __future__ import annotations

import pandas as pd
import pytest

from psm_qual.cli import main
from psm_qual.datasets import codebook_path, codings_path, pasteur_path


@pytest.fixture(scope="module")
def two_coders(tmp_path_factory):
    path = tmp_path_factory.mktemp("codings") / "two.csv"
    frames = [pd.read_csv(codings_path(name), dtype=str) for name in ("coder_a", "coder_b")]
    pd.concat(frames).to_csv(path, index=False)
    return path


def _one_error_line(capsys) -> str:
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err
    return lines[0]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            lambda two: ["agreement", str(codings_path("consensus")), "--n-boot", "0"],
            "consensus.csv: coders: needs at least 2 coders, found only ['consensus']",
        ),
        (
            lambda two: ["agreement", str(two), "--coders", "coder_a", "zed", "--n-boot", "0"],
            "two.csv: coders: no codings by ['zed']",
        ),
        (
            lambda two: ["findings", str(pasteur_path()), "--codings", str(two)],
            "two.csv: holds several coders ['coder_a', 'coder_b']",
        ),
        (
            lambda two: ["findings", str(pasteur_path()), "--codings", str(two), "--coder", "zed"],
            "two.csv: coder: no codings by coder 'zed'",
        ),
        (
            lambda two: [
                "triangulate",
                str(pasteur_path()),
                "--codings",
                str(two),
                "--coder",
                "zed",
            ],
            "two.csv: coder: no codings by coder 'zed'",
        ),
    ],
)
def test_errors_name_the_codings_file(two_coders, capsys, argv, expected):
    assert main(argv(two_coders)) == 2
    assert expected in _one_error_line(capsys)


def test_export_refi_refuses_unknown_extension(tmp_path, capsys):
    out = tmp_path / "project.txt"
    argv = [
        "export-refi",
        str(pasteur_path()),
        "--codebook",
        str(codebook_path()),
        "--out",
        str(out),
    ]
    assert main(argv) == 2
    assert "--out: the output must end in .qdpx" in _one_error_line(capsys)
    assert not out.exists()


def test_replicate_refuses_a_folder_that_is_not_a_report(tmp_path, capsys):
    precious = tmp_path / "my_study"
    precious.mkdir()
    (precious / "thesis.docx").write_text("keep", encoding="utf-8")
    assert main(["replicate", "--out", str(precious), "--n-boot", "0"]) == 2
    assert "is not an earlier replication report" in _one_error_line(capsys)
    assert sorted(p.name for p in precious.iterdir()) == ["thesis.docx"]
