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
# # 04 — Findings: how well do the PSM of Pasteur perform their four roles?
#
# Reproduces the study's findings table: for each role of Permensos No. 10/2019 art. 6, the
# share of coded evidence showing the role performed rather than a gap, the informant groups and
# techniques the evidence comes from, and a rating by an explicit rubric (good / fair / partial /
# not performed). Everything is computed from the consensus coding; change the codings and the
# ratings change.
#
# **The corpus is reconstructed** from the paper's published findings (see
# `data/pasteur/README.md`); it is not the original data, and names are fictional.

# %%
from IPython.display import display

from psm_qual.codebook import load_codebook
from psm_qual.corpus import load_corpus
from psm_qual.datasets import codebook_path, codings_path, pasteur_path
from psm_qual.findings import DEFAULT_RUBRIC, role_assessment, subcode_assessment
from psm_qual.io.codings import read_codings
from psm_qual.triangulation import triangulate

corpus = load_corpus(pasteur_path())
codebook = load_codebook(codebook_path())
consensus = read_codings(codings_path("consensus"))

# %% [markdown]
# ## The rubric
# A role is *good* (baik) at a score of at least 0.75 with evidence from at least two informant
# groups; *fair* (cukup baik) at 0.50; *partial* (belum optimal) at 0.25; else *not performed*.

# %%
DEFAULT_RUBRIC

# %% [markdown]
# ## Role assessment
# The convergence column is Sugiyono's source-triangulation label for the role.

# %%
labels = triangulate(consensus, corpus, by="group", codebook=codebook).labels
convergence = dict(zip(labels["theme"], labels["label"], strict=True))
roles = role_assessment(consensus, corpus, codebook=codebook, convergence=convergence)
roles.drop(columns=["quotes"])

# %% [markdown]
# ## Representative quotes per role

# %%
for row in roles.itertuples():
    print(f"== {row.role} ({row.rating}, {row.label_id})")
    for quote in row.quotes:
        print("  -", quote)

# %% [markdown]
# ## Within each role: the sub-codes
# Which functions are carried out and which are missing.

# %%
for role in roles["role"]:
    display(subcode_assessment(consensus, corpus, role=role).drop(columns=["quotes", "convergence"]))
