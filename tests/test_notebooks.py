"""Every notebook in notebooks/ is executed here, as CI runs it.

Notebooks are kept in git as jupytext ``py:percent`` files; each is converted in memory and run
with nbclient in a fresh kernel, with the notebook folder as working directory. A notebook that
raises fails its test. The discovery test fails if a notebook file is not one of the executed set.
"""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PAIRS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py"))

jupytext = pytest.importorskip("jupytext")
nbclient = pytest.importorskip("nbclient")


@pytest.fixture(scope="module")
def ipython_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ipython")
    profile = folder / "profile_default"
    profile.mkdir()
    (profile / "ipython_kernel_config.py").write_text('c.InteractiveShell.colors = "nocolor"\n')
    return folder


def test_every_notebook_is_executed() -> None:
    """Every notebook file is a numbered py:percent notebook, so the test below runs it."""
    files = sorted(p for p in NOTEBOOKS.glob("*.py"))
    assert files == PAIRS, "notebooks must be named NN_name.py to be executed by CI"
    committed_ipynb = [p for p in NOTEBOOKS.glob("*.ipynb") if p.with_suffix(".py") not in PAIRS]
    assert not committed_ipynb, f"notebooks without a py:percent pair: {committed_ipynb}"
    assert PAIRS, "no notebooks found"


@pytest.mark.parametrize("path", PAIRS, ids=[p.stem for p in PAIRS])
def test_notebook_runs(path: Path, ipython_dir: Path, tmp_path: Path, monkeypatch) -> None:
    text = path.read_text(encoding="utf-8")
    assert "\ndef " not in text and not text.startswith("def "), "notebooks only import and call psm_qual"
    notebook = jupytext.reads(text, fmt="py:percent")
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    monkeypatch.setenv("IPYTHONDIR", str(ipython_dir))
    monkeypatch.setenv("PSM_QUAL_OUTPUT", str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    client = nbclient.NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    errors = [o for o in outputs if o.get("output_type") == "error"]
    assert not errors
