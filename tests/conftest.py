"""Shared fixtures: the small test corpus (tests/data/corpus_small) and a source writer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from psm_qual.corpus import Corpus, load_corpus

CORPUS_SMALL = Path(__file__).parent / "data" / "corpus_small"


@pytest.fixture(scope="session")
def corpus_small_dir() -> Path:
    """Folder of the small fictional test corpus (4 sources, 2 informants)."""
    return CORPUS_SMALL


@pytest.fixture(scope="session")
def corpus_small() -> Corpus:
    """The small test corpus, loaded once per session (do not mutate its frames)."""
    return load_corpus(CORPUS_SMALL)


@pytest.fixture
def write_source(tmp_path: Path) -> Callable[..., Path]:
    """``write_source(name, text, encoding="utf-8")`` writes a file in ``tmp_path``."""

    def write(name: str, text: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
        return path

    return write
