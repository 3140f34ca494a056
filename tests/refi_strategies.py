"""Hypothesis strategies for REFI-QDA round trips: generated projects with emoji, CRLF, combining
characters in texts, nested codes and memos."""

from __future__ import annotations

import pandas as pd
from hypothesis import strategies as st

from psm_qual.codebook.model import Code, Codebook
from psm_qual.columns import SEGMENT_COLUMNS, SEGMENT_EXTRA_COLUMNS, SOURCE_COLUMNS
from psm_qual.corpus import Corpus
from psm_qual.project import Memo, Project

_ALPHABET = st.sampled_from(list("abcdeéïñ xyz.,\n") + ["\U0001F68C", "e\u0301", "\r\n", "—", "“"])
texts = st.lists(_ALPHABET, min_size=1, max_size=60).map("".join).filter(lambda t: t.strip())
_WORD = st.text("abcdefgh", min_size=1, max_size=6)
_LABEL = st.text(st.sampled_from(list("Ab cé😀&<>“")), min_size=1, max_size=10).filter(str.strip)


@st.composite
def codebooks(draw) -> Codebook:
    roots = draw(st.lists(_WORD, min_size=1, max_size=3, unique=True))
    codes: list[Code] = []
    for root in roots:
        kids = draw(st.lists(_WORD, max_size=3, unique=True))
        codes.append(Code(root, label={"en": draw(_LABEL), "id": draw(_LABEL)},
                          definition={"en": draw(_LABEL)}, codable=not kids or draw(st.booleans()),
                          color=draw(st.sampled_from([None, "#A0B0C0"]))))
        for kid in kids:
            codes.append(Code(f"{root}/{kid}", label={"en": draw(_LABEL)}))
    return Codebook("gen", {"en": "Generated"}, "1.0", tuple(codes))


@st.composite
def projects(draw) -> Project:
    codebook = draw(codebooks())
    n = draw(st.integers(1, 3))
    bodies = {}
    rows = []
    for i in range(n):
        body = draw(texts).replace("\r\n", "\n").replace("\r", "\n")
        sid = f"S{i}"
        bodies[sid] = body
        rows.append({"source_id": sid, "informant": f"I{i % 2}", "group": "PSM",
                     "technique": "interview", "date": "", "language": "id", "title": "t",
                     "path": "", "format": "txt"})
    sources = pd.DataFrame(rows, columns=list(SOURCE_COLUMNS))
    informants = pd.DataFrame({"id": sorted({r["informant"] for r in rows}), "group": "PSM",
                               "label": "x", "description": ""})
    codable = [c.id for c in codebook if c.codable]
    coding_rows = []
    for sid, body in bodies.items():
        for _ in range(draw(st.integers(0, 4))):
            start = draw(st.integers(0, len(body) - 1))
            end = draw(st.integers(start + 1, len(body)))
            coding_rows.append((sid, start, end, draw(st.sampled_from(codable)),
                                draw(st.sampled_from(["alice", "bob"])),
                                draw(st.sampled_from(["", "a memo 😀"])),
                                draw(st.sampled_from(["", "2024-01-02T03:04:05Z"]))))
    codings = pd.DataFrame(coding_rows, columns=["source_id", "start", "end", "code", "coder",
                                                 "memo", "created_at"])
    memos = [Memo("project memo ✓", title="journal", coder="alice")]
    if draw(st.booleans()):
        memos.append(Memo("about S0", source_id="S0", coder="bob"))
    corpus = Corpus(sources, pd.DataFrame(columns=list(SEGMENT_COLUMNS + SEGMENT_EXTRA_COLUMNS)),
                    bodies, informants)
    return Project(corpus, codebook, codings, memos=tuple(memos), name="gen")


def small_project() -> Project:
    """A fixed project: emoji and a combining accent in the text, nested codes, two coders."""
    body = "P: halo\nA: naik bus \U0001F68C ke sana, cafe\u0301 mahal.\n"
    sources = pd.DataFrame([{"source_id": "S0", "informant": "I0", "group": "PSM",
                             "technique": "interview", "date": "", "language": "id",
                             "title": "t", "path": "", "format": "txt"}])
    informants = pd.DataFrame({"id": ["I0"], "group": ["PSM"], "label": ["x"],
                               "description": [""]})
    book = Codebook("cb", {"en": "CB"}, "1.0", (Code("cost", label={"en": "Cost"}, codable=False),
                                                 Code("cost/transport", label={"en": "Bus"})))
    codings = pd.DataFrame([("S0", 11, 21, "cost/transport", "alice", "m", ""),
                            ("S0", 11, 21, "cost/transport", "bob", "", "")],
                           columns=["source_id", "start", "end", "code", "coder", "memo",
                                    "created_at"])
    corpus = Corpus(sources, pd.DataFrame(columns=list(SEGMENT_COLUMNS + SEGMENT_EXTRA_COLUMNS)),
                    {"S0": body}, informants)
    return Project(corpus, book, codings, memos=(Memo("journal", title="j"),))
