"""Every example of the study's codebook against its code's own rules (the `patterns` cues).

Patterns are matched case-insensitively as whole words on Sastrawi stems: pattern and example are
both stemmed with PySastrawi, and a pattern matches when its stems occur as consecutive words of
the example's stems. An example that also matches another role's patterns is reported (printed
with ``pytest -s``), not failed: roles share words and the coder's rules decide.
"""

from __future__ import annotations

from functools import lru_cache

import pytest
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

from psm_qual.codebook import load_codebook
from psm_qual.datasets import codebook_path

ROLES = ("initiator", "motivator", "dynamizer", "administrator")
CODEBOOK = load_codebook(codebook_path())
WITH_PATTERNS = [code.id for code in CODEBOOK if any(code.patterns.values())]


@lru_cache(maxsize=1)
def _stemmer():
    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=4096)
def stems(text: str) -> str:
    """Sastrawi stems of ``text`` (lower case, punctuation dropped), space-separated."""
    return _stemmer().stem(text)


def matching(patterns, text: str) -> list[str]:
    padded = f" {stems(text)} "
    return [p for p in patterns if stems(p) and f" {stems(p)} " in padded]


@pytest.mark.parametrize(
    ("patterns", "text", "expected"),
    [
        (["catat"], "Saya tidak pernah mencatat kegiatan.", ["catat"]),
        (["laporan"], "Pelaporannya lewat grup.", ["laporan"]),  # both sides stemmed
        (["rapat rutin"], "Belum ada rapat yang rutin.", []),  # a phrase is consecutive words
        (["rapat rutin"], "Belum ada RAPAT RUTIN.", ["rapat rutin"]),
        (["wa"], "Kirim foto ke grup WA.", ["wa"]),
        (["wa"], "Warga datang.", []),  # whole words only
    ],
)
def test_matcher(patterns, text, expected):
    assert matching(patterns, text) == expected


@pytest.mark.parametrize("code_id", WITH_PATTERNS)
def test_every_example_matches_its_own_patterns(code_id):
    code = CODEBOOK[code_id]
    assert code.examples, code_id
    for example in code.examples:
        own = code.patterns.get(example.language, ())
        assert matching(own, example.text), (
            f"{code_id} example does not match its own {example.language} patterns: "
            f"{example.text!r} -> {stems(example.text)!r}"
        )


@pytest.mark.parametrize("code_id", [c for c in WITH_PATTERNS if c.split("/")[0] in ROLES])
def test_report_examples_matching_other_roles(code_id):
    code = CODEBOOK[code_id]
    others = [c for c in CODEBOOK if c.root in ROLES and c.root != code.root and c.patterns]
    for example in code.examples:
        hits = {
            other.id: matching(other.patterns.get(example.language, ()), example.text)
            for other in others
        }
        hits = {k: v for k, v in hits.items() if v}
        if hits:
            print(f"\n[also matches other roles] {code_id}: {example.text!r} -> {hits}")
