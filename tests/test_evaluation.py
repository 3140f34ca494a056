"""Programme evaluation: each data-source kind, each unit, evidence, bad input, CLI, report."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from psm_qual.cli import main
from psm_qual.datasets import pasteur_path, project_root
from psm_qual.errors import EvaluationError, ProgrammeError
from psm_qual.evaluation import (
    PASTEUR_WHATSAPP_MEMBERS,
    EvaluationData,
    compute_indicator,
    evaluation_section,
    indicator_table,
    plot_indicator_progress,
    plot_reporting_timeline,
    reporting_by_member,
    whatsapp_reports,
)
from psm_qual.evaluation._demo import demo_bundle
from psm_qual.evaluation.sources import coded_units
from psm_qual.io.logs import read_evaluation_data, read_log, read_survey
from psm_qual.io.programme import read_programme
from psm_qual.needs.programme import Indicator, Programme
from psm_qual.report import Report

MEMBERS = ["Ani", "Budi"]

# (unit, compute, expected value, expected evidence)
CASES = [
    ("proportion", {"kind": "coded", "codes": "administrator/recording",
                    "with": "assessment/performed", "group": "PSM"}, 0.5, ("W-A:2",)),
    ("proportion", {"kind": "coded", "codes": "administrator/recording",
                    "with": "assessment/performed", "against": "assessment/gap"}, 0.5, ("W-A:2",)),
    ("count", {"kind": "coded", "metric": "count", "codes": "administrator/recording"}, 2.0,
     ("W-A:2", "W-B:2")),
    ("yes_no", {"kind": "coded", "metric": "any", "codes": "administrator/meetings"}, 0.0, ()),
    ("count_per_month", {"kind": "log", "log": "meeting_log", "metric": "per_month",
                         "where": {"type": "routine"}}, 2 / 3,
     ("meeting_log.csv:2", "meeting_log.csv:3")),
    ("count_per_month", {"kind": "log", "log": "meeting_log", "metric": "per_month",
                         "where": {"type": "routine"}, "months": 4}, 0.5,
     ("meeting_log.csv:2", "meeting_log.csv:3")),
    ("count", {"kind": "log", "log": "meeting_log", "where": {"type": ["case", "routine"]}}, 3.0,
     ("meeting_log.csv:2", "meeting_log.csv:3", "meeting_log.csv:4")),
    ("yes_no", {"kind": "log", "log": "meeting_log", "metric": "any", "where": {"type": "case"}},
     1.0, ("meeting_log.csv:4",)),
    ("proportion", {"kind": "log", "log": "meeting_log", "metric": "share",
                    "where": {"type": "routine"}}, 2 / 3, ("meeting_log.csv:2", "meeting_log.csv:3")),
    ("count_per_month", {"kind": "whatsapp", "metric": "reports_per_member_month",
                         "members": MEMBERS}, 0.5, ("C:1", "C:3")),
    ("proportion", {"kind": "whatsapp", "metric": "explained_share", "members": MEMBERS}, 0.5,
     ("C:1",)),
    ("proportion", {"kind": "whatsapp", "metric": "regular_share", "members": {"Ani": "PSM1"}},
     1.0, ("C:1",)),
    ("yes_no", {"kind": "whatsapp", "metric": "any", "members": ["Nobody"]}, 0.0, ()),
    ("likert", {"kind": "survey", "item": "recording_skill"}, 3.5,
     ("survey_pre_post.csv:2", "survey_pre_post.csv:3")),
    ("proportion", {"kind": "survey", "metric": "share_at_least", "item": "recording_skill",
                    "threshold": 4}, 0.5, ("survey_pre_post.csv:2",)),
]


def _indicator(unit: str, compute: dict, **kw) -> Indicator:
    return Indicator("I9", {"en": "test"}, ("O1",), unit=unit, compute=compute, line=3, **kw)


@pytest.mark.parametrize(("unit", "compute", "value", "evidence"), CASES)
def test_each_kind_and_unit(unit, compute, value, evidence) -> None:
    result = compute_indicator(_indicator(unit, compute), demo_bundle())
    assert result.value == pytest.approx(value)
    assert result.evidence == evidence
    assert result.basis == "computed"


def test_survey_reads_pre_at_baseline() -> None:
    indicator = _indicator("likert", {"kind": "survey", "item": "recording_skill"})
    assert compute_indicator(indicator, demo_bundle(), wave="baseline").value == 2.5


def test_wrong_unit_for_metric_is_refused() -> None:
    indicator = _indicator("likert", {"kind": "log", "log": "meeting_log", "metric": "per_month"})
    with pytest.raises(EvaluationError, match="measures count_per_month, not likert"):
        compute_indicator(indicator, demo_bundle())


def _programme(*indicators: Indicator) -> Programme:
    return Programme("p", {"en": "P"}, {}, {"en": "g"}, {}, {}, (), (), (), (), indicators,
                     path="prog.yaml")


def test_table_attainment_and_declared_baseline() -> None:
    meetings = _indicator("count_per_month", {"kind": "log", "log": "meeting_log",
                                              "metric": "per_month", "where": {"type": "routine"}},
                          baseline=0.0, target=1.0)
    table = indicator_table(_programme(meetings), baseline=EvaluationData(), followup=demo_bundle())
    row = table.iloc[0]
    assert row["baseline_basis"] == "declared" and row["baseline_evidence"] == "prog.yaml:3"
    assert row["change"] == pytest.approx(2 / 3) and row["attainment"] == pytest.approx(2 / 3)
    assert not row["met"] and row["followup_evidence_count"] == 2


def test_table_computes_baseline_when_data_exists() -> None:
    share = _indicator("proportion", CASES[0][1], baseline=0.0, target=0.8)
    table = indicator_table(_programme(share), baseline=demo_bundle(), followup=demo_bundle())
    assert table.loc[0, "baseline_basis"] == "computed"  # computed wins over the declared 0.0
    assert table.loc[0, "baseline"] == 0.5 and table.loc[0, "change"] == 0
    assert table.loc[0, "attainment"] == 0 and not table.loc[0, "met"]
    # a target equal to the baseline has no distance to cover
    same = _indicator("proportion", CASES[0][1], target=0.5)
    table = indicator_table(_programme(same), baseline=demo_bundle(), followup=demo_bundle())
    assert math.isnan(table.loc[0, "attainment"]) and bool(table.loc[0, "met"])


def test_unknown_indicator() -> None:
    programme = _programme(_indicator("count", {"kind": "log", "log": "meeting_log"}))
    with pytest.raises(ProgrammeError, match="unknown indicator 'I7'"):
        indicator_table(programme, baseline=demo_bundle(), followup=demo_bundle(),
                        indicators=["I7"])


def test_missing_followup_source_names_indicator() -> None:
    programme = _programme(_indicator("count", {"kind": "log", "log": "activity_log"},
                                      baseline=0.0))
    with pytest.raises(EvaluationError, match=r"prog.yaml:3: indicator I9: needs the log 'activity_log'"):
        indicator_table(programme, baseline=demo_bundle(), followup=demo_bundle())


def test_missing_column_in_where() -> None:
    indicator = _indicator("count", {"kind": "log", "log": "meeting_log", "where": {"kind": "x"}})
    with pytest.raises(EvaluationError, match="meeting_log.csv:1: missing column 'kind'"):
        compute_indicator(indicator, demo_bundle())


def test_whatsapp_reports_group_photos_and_explanations() -> None:
    chat = demo_bundle().whatsapp
    reports = whatsapp_reports(chat, members=MEMBERS)
    assert reports["messages"].tolist() == [("C:1", "C:2"), ("C:3", "C:4")]
    assert reports["explained"].tolist() == [True, False]
    grid = reporting_by_member(chat, members=MEMBERS)
    assert grid["reports"].sum() == 2 and len(grid) == 4  # 2 members x 2 months, zeros kept


# ---- files -----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "text", "reader", "message"),
    [
        ("meeting_log.csv", "date,type\n2024-01-10,routine\n2024-02-30,routine\n", read_log,
         r"meeting_log.csv:3: unparseable date '2024-02-30' in column 'date'"),
        ("activity_log.csv", "day,type\n2024-01-10,funding\n", read_log,
         r"activity_log.csv:1: missing column 'date'"),
        ("survey.csv", "respondent,item,pre\nA,x,1\n", read_survey,
         r"survey.csv:1: missing column 'post'"),
        ("survey.csv", "respondent,item,pre,post\nA,x,1,lots\n", read_survey,
         r"survey.csv:2: post: post answer 'lots' is not a number"),
        ("survey.csv", "respondent,item,pre,post\nA,x,1,2\nA,x,2,3\n", read_survey,
         r"survey.csv:3: respondent 'A' answers item 'x' twice"),
    ],
)
def test_bad_files(tmp_path: Path, name, text, reader, message) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EvaluationError, match=message):
        reader(path)


def test_programme_file_checks_compute(tmp_path: Path) -> None:
    text = (pasteur_path() / "programme.yaml").read_text(encoding="utf-8")
    bad = text.replace("metric: per_month", "metric: per_week")
    path = tmp_path / "programme.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ProgrammeError, match=r"programme.yaml:\d+: .*unknown metric 'per_week'"):
        read_programme(path)


def _bundle(folder: Path, meetings: str, activities: str) -> Path:
    folder.mkdir()
    (folder / "meeting_log.csv").write_text(meetings, encoding="utf-8")
    (folder / "activity_log.csv").write_text(activities, encoding="utf-8")
    return folder


@pytest.fixture()
def folders(tmp_path: Path) -> tuple[Path, Path, Path]:
    programme = tmp_path / "programme.yaml"
    programme.write_text(
        "id: p\ntitle: P\ngeneral_objective: g\nindicators:\n"
        "  - id: M\n    statement: meetings\n    unit: count_per_month\n    baseline: 0\n"
        "    target: 1\n    compute: {kind: log, log: meeting_log, metric: per_month, "
        "where: {type: routine}}\n"
        "  - id: F\n    statement: funding\n    unit: count\n    baseline: 0\n    target: 2\n"
        "    compute: {kind: log, log: activity_log, metric: distinct, column: partner, "
        "where: {type: funding}}\n",
        encoding="utf-8",
    )
    base = _bundle(tmp_path / "base", "date,type\n2023-01-05,case\n2023-03-01,case\n",
                   "date,type,partner\n2023-02-01,activity,\n")
    follow = _bundle(tmp_path / "follow",
                     "date,type\n2024-01-05,routine\n2024-02-01,routine\n2024-03-01,case\n",
                     "date,type,partner\n2024-02-01,funding,LAZ\n2024-03-01,funding,LAZ\n")
    return programme, base, follow


def test_cli_json(folders, capsys) -> None:
    programme, base, follow = folders
    assert main(["evaluate", str(programme), "--baseline", str(base), "--followup", str(follow),
                 "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    rows = {r["indicator"]: r for r in payload["indicators"]}
    assert rows["M"]["baseline"] == 0 and rows["M"]["followup"] == pytest.approx(2 / 3)
    assert rows["M"]["followup_evidence"] == "meeting_log.csv:2; meeting_log.csv:3"
    assert rows["F"]["followup"] == 1 and rows["F"]["attainment"] == 0.5


@pytest.mark.parametrize(
    ("change", "extra", "message"),
    [
        (None, ["--indicator", "X"], "unknown indicator 'X'"),
        ("date,type\n2024-01-05,routine\nlast week,routine\n", [],
         "meeting_log.csv:3: unparseable date 'last week'"),
        ("when,type\n2024-01-05,routine\n", [], "meeting_log.csv:1: missing column 'date'"),
    ],
)
def test_cli_bad_input_one_line_exit_2(folders, capsys, change, extra, message) -> None:
    programme, base, follow = folders
    if change is not None:
        (follow / "meeting_log.csv").write_text(change, encoding="utf-8")
    code = main(["evaluate", str(programme), "--baseline", str(base), "--followup", str(follow),
                 *extra])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and message in err


def test_cli_missing_column_in_where_subprocess(folders) -> None:
    programme, base, follow = folders
    (follow / "activity_log.csv").write_text("date,type\n2024-01-05,funding\n", encoding="utf-8")
    done = subprocess.run(
        [str(Path(sys.executable).parent / "psm-qual"), "evaluate", str(programme), "--baseline", str(base),
         "--followup", str(follow)], capture_output=True, text=True, cwd=project_root(),
    )
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert "missing column 'partner'" in done.stderr


# ---- the Pasteur demo ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pasteur_followup() -> EvaluationData:
    return read_evaluation_data(pasteur_path() / "followup")


def test_followup_is_labelled_simulated() -> None:
    first = (pasteur_path() / "followup" / "README.md").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("SIMULATED")


def test_followup_bundle_has_every_kind(pasteur_followup: EvaluationData) -> None:
    data = pasteur_followup
    assert sorted(data.logs) == ["activity_log", "meeting_log"]
    assert set(data.survey["respondent"]) == {f"PSM{i}" for i in range(1, 7)}
    assert set(data.corpus.sources["informant"].dropna()) >= {f"PSM{i}" for i in range(1, 7)}
    assert data.whatsapp is not None and len(data.whatsapp) > 20


def test_pasteur_indicator_table_is_traceable(pasteur_followup: EvaluationData) -> None:
    programme = read_programme(pasteur_path() / "programme.yaml")
    table = indicator_table(programme, baseline=EvaluationData(), followup=pasteur_followup)
    assert table["indicator"].tolist() == ["I1", "I2", "I3"]
    assert (table["baseline_basis"] == "declared").all()
    for row in table.itertuples():
        refs = [r for r in row.followup_evidence.split("; ") if r]
        assert len(refs) == row.followup_evidence_count > 0
    segments = set(pasteur_followup.corpus.segments["segment_id"])
    assert all(r in segments for r in table.loc[0, "followup_evidence"].split("; "))
    assert table.loc[2, "followup"] == 2  # two funding partners in the simulated activity log


def test_section_and_figures(pasteur_followup: EvaluationData) -> None:
    programme = read_programme(pasteur_path() / "programme.yaml")
    report = Report("Replication")
    table = evaluation_section(report, programme, baseline=EvaluationData(),
                               followup=pasteur_followup, simulated=True,
                               members=PASTEUR_WHATSAPP_MEMBERS)
    page = report.to_html()
    assert "SIMULATED" in page and 'class="simulated"' in page and "too small to test" in page
    assert page.count("<img") == 2
    assert len(plot_indicator_progress(table).axes) == 3
    figure = plot_reporting_timeline(pasteur_followup.whatsapp, members=PASTEUR_WHATSAPP_MEMBERS)
    assert len(figure.axes[0].get_yticklabels()) == 6


def test_simulation_is_reproducible(tmp_path: Path) -> None:
    sys.path.insert(0, str(project_root() / "scripts"))
    try:
        import simulate_followup
    finally:
        sys.path.pop(0)
    simulate_followup.simulate(tmp_path / "f")
    shipped = pasteur_path() / "followup"
    for name in ("meeting_log.csv", "activity_log.csv", "survey_pre_post.csv",
                 "codings/consensus.csv", "sources/d-wa-grup-psm-2024.txt",
                 "sources/w-psm3-fu.txt", "README.md"):
        assert (tmp_path / "f" / name).read_text() == (shipped / name).read_text(), name


def test_survey_frame_columns() -> None:
    survey = read_survey(pasteur_path() / "followup" / "survey_pre_post.csv")
    assert list(survey.columns) == ["respondent", "item", "pre", "post"]
    assert pd.api.types.is_float_dtype(survey["pre"])


def test_coded_interviewer_turns_are_not_evidence():
    """A span coded on the interviewer's question counts neither as evidence nor as informant."""
    data = demo_bundle()
    question = data.corpus.segments.set_index("segment_id").loc["W-B:1"]
    extra = pd.DataFrame(
        [("W-B", question["start"], question["end"], code, "consensus", "", "")
         for code in ("administrator/recording", "assessment/performed")],
        columns=data.codings.columns,
    )
    codings = pd.concat([data.codings, extra], ignore_index=True)
    segments, informants = coded_units(
        data.corpus, codings, codes=["administrator/recording"],
        with_codes=["assessment/performed"], group="PSM",
    )
    assert segments["segment_id"].tolist() == ["W-A:2"]
    assert informants == ["PSM1", "PSM2"]
