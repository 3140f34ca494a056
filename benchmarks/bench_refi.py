"""Time REFI-QDA export + import: ~15 sources / 50k words / 3,000 codings, then 100 times larger."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from psm_qual.codebook.model import Code, Codebook
from psm_qual.columns import SEGMENT_COLUMNS, SEGMENT_EXTRA_COLUMNS, SOURCE_COLUMNS
from psm_qual.corpus import Corpus
from psm_qual.io.refi.project import project_from_bytes, project_to_bytes
from psm_qual.project import Project


def generated(scale: int) -> Project:
    rng = np.random.default_rng(0)
    n_sources, words, n_codings = 15 * scale, 50_000 * scale, 3_000 * scale
    per = words // n_sources
    bodies = {f"S{i}": " ".join(["kata"] * (per - 1) + ["\U0001F68C\n"]) for i in range(n_sources)}
    sources = pd.DataFrame([{"source_id": s, "informant": "", "group": "PSM",
                             "technique": "interview", "date": "", "language": "id", "title": s,
                             "path": "", "format": "txt"} for s in bodies], columns=SOURCE_COLUMNS)
    codes = tuple(Code(f"c{i}", label={"en": f"C{i}"}) for i in range(20))
    sid = rng.integers(0, n_sources, n_codings)
    start = rng.integers(0, per * 5 - 100, n_codings)
    codings = pd.DataFrame({"source_id": [f"S{i}" for i in sid], "start": start,
                            "end": start + rng.integers(1, 90, n_codings),
                            "code": [f"c{i}" for i in rng.integers(0, 20, n_codings)],
                            "coder": rng.choice(["coder_a", "coder_b"], n_codings)})
    corpus = Corpus(sources, pd.DataFrame(columns=list(SEGMENT_COLUMNS + SEGMENT_EXTRA_COLUMNS)),
                    bodies)
    return Project(corpus, Codebook("b", {"en": "b"}, "1", codes), codings)


if __name__ == "__main__":
    for scale in (1, 100):
        project = generated(scale)
        t0 = time.perf_counter()
        data = project_to_bytes(project)
        t1 = time.perf_counter()
        back = project_from_bytes(data, warn=lambda m: None)
        t2 = time.perf_counter()
        print(f"scale x{scale}: {len(project.codings)} codings, {len(data) / 1e6:.1f} MB: "
              f"export {t1 - t0:.2f} s, import {t2 - t1:.2f} s, total {t2 - t0:.2f} s "
              f"({len(back.codings)} read back)")
