# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 05 — Problems, needs and the capacity-building programme
#
# Reproduces the study's problem analysis, needs analysis and programme proposal
# ("Peningkatan Kapasitas Pekerja Sosial Masyarakat"). Problems are computed from the coded
# evidence by explicit rules; the programme design (needs, objectives, activities, indicators)
# is the study's file `data/pasteur/programme.yaml`, and its logic model is checked against the
# computed problems: every problem answered by a need, every need by an objective, every objective
# measured by an indicator.
#
# **The corpus is reconstructed** from the paper's published findings (see
# `data/pasteur/README.md`); it is not the original data, and names are fictional.

# %%
from psm_qual.codebook import load_codebook
from psm_qual.corpus import load_corpus
from psm_qual.datasets import codebook_path, codings_path, pasteur_path
from psm_qual.io.codings import read_codings
from psm_qual.io.programme import read_programme
from psm_qual.needs import check_logic_model, logic_model, problem_analysis, problems_frame

corpus = load_corpus(pasteur_path())
codebook = load_codebook(codebook_path())
consensus = read_codings(codings_path("consensus"))

# %% [markdown]
# ## Problem analysis
# A role rated below *fair* is a problem, split by the rating band of its gap sub-codes; a barrier
# evidenced by at least two informant groups is a problem unless most of its segments are gaps of
# one role problem (then it is listed as that problem's cause).

# %%
problems = problem_analysis(consensus, corpus, codebook=codebook)
problems_frame(problems).drop(columns=["quotes"])

# %%
for problem in problems:
    print(f"== {problem.id}: {problem.title_id} / {problem.title_en}")
    for quote in problem.quotes:
        print("  -", quote)

# %% [markdown]
# ## The programme and its logic model

# %%
programme = read_programme(pasteur_path() / "programme.yaml")
print(programme.title["id"], "—", programme.title["en"])
print("General objective:", programme.general_objective["en"])
print("Method:", programme.method["en"], "| techniques:", ", ".join(t["en"] for t in programme.techniques))

# %%
check_logic_model(programme, problems)
logic_model(programme, problems)
