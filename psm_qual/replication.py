"""The Pasteur replication, end to end: corpus → codings → agreement → triangulation → findings →
needs → programme → evaluation, written as one HTML report plus the tables behind it.

Everything shown is computed here from the files of a study folder (``data/pasteur`` by default);
only the replication table's "paper" column comes from the study's ``paper.yaml``.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from psm_qual.errors import PsmQualError

__all__ = [
    "StudyFiles", "study_files", "replicate", "replication_table", "read_paper", "is_report_folder",
]

CODERS = ("coder_a", "coder_b")  # the two independent coders of data/<study>/codings/


@dataclass(frozen=True)
class StudyFiles:
    """Where a study folder keeps its inputs."""

    root: Path
    codebook: Path
    coders: tuple[Path, ...]
    consensus: Path
    programme: Path
    paper: Path
    followup: Path


def study_files(root: str | Path | None = None, *, codebook: str | Path | None = None) -> StudyFiles:
    """The inputs of a study folder (default: the reconstructed Pasteur study).

    Raises
    ------
    PsmQualError
        Naming the first missing file.
    """
    from psm_qual.datasets import codebook_path, pasteur_path

    root = Path(root) if root is not None else pasteur_path()
    if not root.is_dir():
        raise PsmQualError(
            "not a study folder (expected sources/, codings/coder_a.csv, codings/coder_b.csv, "
            "codings/consensus.csv and programme.yaml)",
            path=root,
        )
    files = StudyFiles(
        root=root,
        codebook=Path(codebook) if codebook is not None else codebook_path(),
        coders=tuple(root / "codings" / f"{name}.csv" for name in CODERS),
        consensus=root / "codings" / "consensus.csv",
        programme=root / "programme.yaml",
        paper=root / "paper.yaml",
        followup=root / "followup",
    )
    for path in (files.codebook, *files.coders, files.consensus, files.programme):
        if not path.exists():
            raise PsmQualError("missing input of the replication", path=path)
    return files


def read_paper(path: str | Path) -> dict[str, Any]:
    """The published results (``paper.yaml``) as a plain dict."""
    from psm_qual.io.yaml_lines import load_yaml

    data = load_yaml(path)
    if not isinstance(data, dict) or "roles" not in data:
        raise PsmQualError("a paper file needs 'roles' (and 'problems', 'needs')", path=path)
    return data


def replication_table(
    paper: dict[str, Any], *, roles: pd.DataFrame, problems, programme, logic_ok: bool
) -> pd.DataFrame:
    """Each published result next to the reproduced one.

    Returns
    -------
    DataFrame
        ``item, paper, reproduced, match`` — one row per role rating, per problem, per need and
        for the programme's title, number of specific objectives and of success indicators.
    """
    rows: list[dict[str, Any]] = []
    rated = dict(zip(roles["role"], roles["rating"], strict=True))
    for role, spec in paper.get("roles", {}).items():
        got = rated.get(role, "(not assessed)")
        rows.append({"item": f"role: {role}", "paper": f"{spec['rating']} — {spec.get('paper', '')}",
                     "reproduced": got, "match": got == spec["rating"]})
    found = {p.id: p for p in problems}
    expected = [p["id"] for p in paper.get("problems", [])]
    for spec in paper.get("problems", []):
        hit = found.get(spec["id"])
        rows.append({"item": f"problem: {spec['id']}", "paper": spec.get("paper", ""),
                     "reproduced": hit.title_en if hit else "(not found)", "match": hit is not None})
    for pid, problem in found.items():
        if pid not in expected:
            rows.append({"item": f"problem: {pid}", "paper": "(not in the paper)",
                         "reproduced": problem.title_en, "match": False})
    needs = {n.id: n for n in programme.needs}
    for spec in paper.get("needs", []):
        need = needs.get(spec["id"])
        ok = (need is not None and set(need.problems) == set(spec.get("problems", []))
              and all(p in found for p in spec.get("problems", [])))
        rows.append({"item": f"need: {spec['id']}", "paper": spec.get("paper", ""),
                     "reproduced": need.statement.get("en", "") if need else "(missing)",
                     "match": bool(ok and logic_ok)})
    spec = paper.get("programme", {})
    checks = [
        ("programme title", spec.get("title"), programme.title.get("id")),
        ("specific objectives", spec.get("specific_objectives"), len(programme.objectives)),
        ("success indicators", spec.get("success_indicators"), len(programme.indicators)),
    ]
    for item, want, got in checks:
        if want is not None:
            rows.append({"item": item, "paper": str(want), "reproduced": str(got), "match": want == got})
    return pd.DataFrame(rows, columns=["item", "paper", "reproduced", "match"])


REPORT_SUFFIXES = (".csv", ".json", ".html")


def is_report_folder(out: str | Path) -> bool:
    """Whether ``out`` is absent, empty, or holds only what an earlier :func:`replicate` wrote."""
    out = Path(out)
    if not out.exists():
        return True
    if not out.is_dir():
        return False
    entries = list(out.iterdir())
    return not entries or (
        (out / "report.html").is_file()
        and all(e.is_file() and e.suffix in REPORT_SUFFIXES for e in entries)
    )


def replicate(
    out: str | Path = "reports/pasteur",
    *,
    root: str | Path | None = None,
    codebook: str | Path | None = None,
    n_boot: int = 1000,
    seed: int = 0,
    log: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Run the whole replication and write its report and tables into ``out``.

    The outputs are built in a temporary folder beside ``out`` and moved into place only when
    everything succeeded, so a failed run leaves an earlier report untouched.

    Returns
    -------
    dict
        ``report`` (path of report.html), ``matches`` / ``items`` of the replication table, and
        the role ratings.
    """
    from psm_qual import agreement, findings, needs, triangulation
    from psm_qual.codebook import load_codebook
    from psm_qual.corpus import corpus_summary, load_corpus
    from psm_qual.io.atomic import write_text_atomic
    from psm_qual.io.codings import read_codings
    from psm_qual.io.outputs import write_csv, write_json
    from psm_qual.io.programme import read_programme
    from psm_qual.report import Report, figure_html

    say = log or (lambda message: None)
    out = Path(out)
    if not is_report_folder(out):
        raise PsmQualError(
            "exists and is not an earlier replication report (the whole folder would be "
            "replaced); give a new or empty folder",
            path=out,
        )
    files = study_files(root, codebook=codebook)
    say(f"loading {files.root}")
    corpus = load_corpus(files.root)
    book = load_codebook(files.codebook)
    coders = pd.concat([read_codings(path) for path in files.coders], ignore_index=True)
    consensus = read_codings(files.consensus)
    programme = read_programme(files.programme)
    paper = read_paper(files.paper) if files.paper.exists() else {}

    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        report = Report(
            "Replication: the roles of community social workers (PSM) in Kelurahan Pasteur",
            intro="Computed by psm_qual from the reconstructed Pasteur corpus (data/pasteur): the "
            "transcripts, notes and documents were written for this project from the paper's "
            "published findings; they are not the original data, and names are fictional.",
        )
        summary = corpus_summary(corpus)
        write_json(work / "corpus_summary.json", summary)
        report.section("Corpus", table=pd.DataFrame(
            [{"what": k, "value": json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else v}
             for k, v in summary.items()]))

        say("agreement")
        dims = agreement.default_dimensions(book, top_level="roles")
        by_dim = agreement.agreement_table(coders, segments=corpus, coders=list(CODERS),
                                           by="dimension", dimensions=dims, n_boot=n_boot, seed=seed)
        by_code = agreement.agreement_table(coders, segments=corpus, coders=list(CODERS),
                                            n_boot=n_boot, seed=seed)
        write_csv(by_dim, work / "agreement_by_dimension.csv")
        write_csv(by_code, work / "agreement_by_code.csv")
        report.section("Intercoder agreement (coder A vs coder B)",
                       text="Per dimension: the four roles (sub-codes rolled up), the assessment, "
                       "and each barrier. Confidence intervals by bootstrap.", table=by_dim)
        report.section("Agreement per code", table=by_code, level=3)

        say("assisted coding")
        from psm_qual.autocode import autocode, evaluate_coder
        from psm_qual.io.codings import write_codings

        auto = autocode(corpus, book)
        write_codings(auto, work / "autocode_rules.csv")
        auto_eval = evaluate_coder(auto, consensus, segments=corpus, codebook=book)
        write_csv(auto_eval.per_dimension, work / "autocode_evaluation.csv")
        write_csv(auto_eval.per_code, work / "autocode_per_code.csv")
        report.section("Assisted coding against the consensus",
                       text="The rule-based coder (coder auto:rules) measured like any coder: "
                       "precision, recall, F1 per code and Cohen's kappa per dimension.",
                       table=auto_eval.per_dimension)

        say("triangulation")
        tri = triangulation.triangulate_both(consensus, corpus, by="group", codebook=book, unassigned="drop")
        for kind, result in tri.items():
            write_text_atomic(work / f"triangulation_{kind}.json", result.to_json() + "\n")
            write_csv(result.matrix, work / f"triangulation_{kind}_matrix.csv")
            figures = figure_html(triangulation.heatmap(result), alt=f"{kind} triangulation heatmap")
            figures += figure_html(triangulation.convergence_heatmap(result),
                                   alt=f"{kind} triangulation convergence (Farmer et al. 2006)")
            report.section(f"{kind.capitalize()} triangulation", table=result.labels,
                           html_body=figures)
        source_labels = tri["source"].labels.set_index("theme")["label"]
        technique_labels = tri["technique"].labels.set_index("theme")["label"]
        convergence = {
            theme: f"source: {label}; technique: {technique_labels.get(theme, '')}"
            for theme, label in source_labels.items()
        }

        say("findings")
        roles = findings.role_assessment(consensus, corpus, codebook=book, convergence=convergence)
        write_csv(roles, work / "findings.csv")
        report.section("Findings: role assessment", table=roles.drop(columns=["quotes"]))
        problems = needs.problem_analysis(consensus, corpus, codebook=book)
        problem_table = needs.problems_frame(problems)
        write_csv(problem_table, work / "problems.csv")
        report.section("Problems", table=problem_table.drop(columns=["quotes"]))
        try:
            needs.check_logic_model(programme, problems)
            logic_ok, logic_note = True, "Every problem is answered by a need, every need by an objective, every objective by an indicator."
        except PsmQualError as error:
            logic_ok, logic_note = False, f"Logic model incomplete: {error}"
        chain = needs.logic_model(programme, problems)
        write_csv(chain, work / "logic_model.csv")
        report.section(f"Programme: {programme.title.get('id', '')}", text=logic_note, table=chain)

        if files.followup.exists():
            say("evaluation (simulated follow-up)")
            from psm_qual.evaluation import (
                PASTEUR_WHATSAPP_MEMBERS,
                EvaluationData,
                evaluation_section,
            )
            from psm_qual.io.logs import read_evaluation_data

            indicators = evaluation_section(
                report, programme, baseline=EvaluationData(corpus=corpus, codings=consensus),
                followup=read_evaluation_data(files.followup), simulated=True,
                members=PASTEUR_WHATSAPP_MEMBERS,
            )
            write_csv(indicators, work / "evaluation_indicators.csv")

        table = replication_table(paper, roles=roles, problems=problems, programme=programme,
                                  logic_ok=logic_ok) if paper else pd.DataFrame()
        write_csv(table, work / "replication.csv")
        report.section("Replication table", text="Each result published in the paper next to the "
                       "one reproduced here.", table=table)
        report.write(work / "report.html")
        if out.exists():
            shutil.rmtree(out)
        work.rename(out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return {
        "report": str(out / "report.html"),
        "items": int(len(table)),
        "matches": int(table["match"].sum()) if len(table) else 0,
        "ratings": dict(zip(roles["role"], roles["rating"], strict=True)),
    }
