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
# # 03 — Source and technique triangulation
#
# Reproduces the credibility checks of the Pasteur study: **source triangulation** (the same
# questions put to PSM, the Puskesos operator, the TKSK and PPKS) and **technique triangulation**
# (interview vs observation vs documentation), on the consensus coding. Each theme gets
# Sugiyono's label (*same*, *different*, *specific*) and, per pair of data sets, Farmer et al.'s
# (2006) convergence code.
#
# **The corpus is reconstructed** from the paper's published findings (see
# `data/pasteur/README.md`); it is not the original data, and names are fictional.

# %%
from psm_qual.codebook import load_codebook
from psm_qual.corpus import load_corpus
from psm_qual.datasets import codebook_path, codings_path, output_dir, pasteur_path
from psm_qual.io.codings import read_codings
from psm_qual.io.framework import write_framework
from psm_qual.triangulation import (
    convergence_heatmap,
    framework_matrix,
    heatmap,
    mixed_methods_matrix,
    triangulate_both,
)

corpus = load_corpus(pasteur_path())
codebook = load_codebook(codebook_path())
consensus = read_codings(codings_path("consensus"))
results = triangulate_both(consensus, corpus, by="group", codebook=codebook, unassigned="drop")
source, technique = results["source"], results["technique"]

# %% [markdown]
# ## Source triangulation (by informant group)
# Each cell: coded segments, informants, and the dominant stance (performed / gap / mixed).

# %%
source.labels

# %%
heatmap(source)

# %%
convergence_heatmap(source)

# %%
source.summary

# %% [markdown]
# ## Technique triangulation (interview, observation, documentation)
# The administrator and dynamizer gaps should be corroborated by observation notes and documents,
# not only by what informants said.

# %%
technique.labels

# %%
heatmap(technique)

# %%
technique.convergence[technique.convergence["theme"].isin(["dynamizer", "administrator"])]

# %%
technique.completeness

# %% [markdown]
# ## Mixed-methods matrix and framework matrix
# Informant × technique (O'Cathain et al. 2010), and the framework matrix of Gale et al. (2013):
# cases × codes, each cell a short summary with references to quotes (also saved as Excel).

# %%
mixed_methods_matrix(consensus, corpus, codebook=codebook).query("segments > 0").head(20)

# %%
framework = framework_matrix(consensus, corpus, codebook=codebook)
write_framework(framework, output_dir() / "framework_matrix.xlsx")
framework.head(12)
