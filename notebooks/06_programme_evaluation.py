# %% [markdown]
# # 06 — Programme evaluation: the three success indicators (SIMULATED follow-up)
#
# Reproduces the evaluation design of the programme proposed by the Pasteur study ("Peningkatan
# Kapasitas Pekerja Sosial Masyarakat", Rehsos 5(2), 2023): its three success indicators —
# (1) PSM record and report their activities, (2) PSM hold routine meetings, (3) PSM collaborate
# with partners on funding — measured at baseline and follow-up, with the evidence behind each
# number.
#
# **The baseline corpus is reconstructed** (written for this project, not the original
# transcripts) and **the follow-up data are SIMULATED** (`scripts/simulate_followup.py`, fixed
# seed): they show how an evaluator would measure the programme, not what the programme did.

# %%
from psm_qual.datasets import output_dir, pasteur_path
from psm_qual.evaluation import (
    PASTEUR_WHATSAPP_MEMBERS,
    indicator_table,
    plot_indicator_progress,
    plot_reporting_timeline,
    reporting_by_member,
    survey_comparison,
    whatsapp_summary,
)
from psm_qual.io.atomic import write_text_atomic
from psm_qual.io.logs import read_evaluation_data
from psm_qual.io.programme import read_programme

programme = read_programme(pasteur_path() / "programme.yaml")
baseline = read_evaluation_data(pasteur_path())
followup = read_evaluation_data(pasteur_path() / "followup")
print((pasteur_path() / "followup" / "README.md").read_text(encoding="utf-8").splitlines()[0])

# %% [markdown]
# ## The indicator table
# Baseline from the study corpus and its consensus coding (or the baseline declared in the
# programme file where the study holds no such data); follow-up from the simulated data.

# %%
table = indicator_table(programme, baseline=baseline, followup=followup)
table[["indicator", "unit", "baseline", "followup", "change", "target", "attainment", "met",
       "baseline_basis", "followup_evidence_count"]]

# %% [markdown]
# Every value is traceable: the evidence references (segment ids, `log.csv:line`).

# %%
table[["indicator", "baseline_evidence", "followup_evidence"]]

# %%
plot_indicator_progress(table, title="Success indicators: baseline vs follow-up (SIMULATED)")

# %% [markdown]
# ## Reporting in the PSM WhatsApp group: study period vs follow-up (SIMULATED)

# %%
{
    "baseline (2023)": whatsapp_summary(baseline.whatsapp, members=PASTEUR_WHATSAPP_MEMBERS),
    "follow-up (2024, simulated)": whatsapp_summary(followup.whatsapp,
                                                     members=PASTEUR_WHATSAPP_MEMBERS),
}

# %%
reporting_by_member(followup.whatsapp, members=PASTEUR_WHATSAPP_MEMBERS).pivot(
    index="member", columns="month", values="reports")

# %%
plot_reporting_timeline(baseline.whatsapp, members=PASTEUR_WHATSAPP_MEMBERS,
                        title="Reports per PSM, study period 2023 (reconstructed)")

# %%
plot_reporting_timeline(followup.whatsapp, members=PASTEUR_WHATSAPP_MEMBERS,
                        title="Reports per PSM, follow-up 2024 (SIMULATED)")

# %% [markdown]
# ## Pre/post survey of the six PSM (SIMULATED)
# Six pairs are fewer than ten: the comparison reports descriptives only ("too small to test").

# %%
comparison = survey_comparison(followup.survey)
comparison[["item", "n", "status", "pre_mean", "post_mean", "mean_diff", "median_diff"]]

# %%
out = output_dir()
write_text_atomic(out / "evaluation_indicators.csv", table.to_csv(index=False))
write_text_atomic(out / "evaluation_survey.csv", comparison.to_csv(index=False))
sorted(p.name for p in out.glob("evaluation_*.csv"))
