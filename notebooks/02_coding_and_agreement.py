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
# # 02 — Coding and intercoder agreement
#
# Two coders coded the whole Pasteur corpus independently against the codebook (each informant
# segment bearing on a role: one role or sub-code, one assessment, any barriers); a third pass
# resolved their disagreements with a memo on each decision. This notebook measures their
# agreement per code and per dimension (the four roles; the assessment; each barrier) with every
# standard measure and bootstrap confidence intervals, shows the disagreements, and compares the
# assisted (rule-based) coder with the consensus like any other coder.
#
# **The corpus is reconstructed** from the paper's published findings (see
# `data/pasteur/README.md`); it is not the original data, and names are fictional. The two
# codings were made by separate AI-assisted coding passes (see `data/pasteur/codings/README.md`).

# %%
import pandas as pd

from psm_qual.agreement import agreement_table, default_dimensions, disagreements, overlap_agreement
from psm_qual.codebook import load_codebook
from psm_qual.coding import code_by, code_frequencies
from psm_qual.corpus import load_corpus
from psm_qual.datasets import codebook_path, codings_path, pasteur_path
from psm_qual.io.codings import read_codings

corpus = load_corpus(pasteur_path())
codebook = load_codebook(codebook_path())
coders = pd.concat([read_codings(codings_path("coder_a")), read_codings(codings_path("coder_b"))])
consensus = read_codings(codings_path("consensus"))

# %% [markdown]
# ## What each coder coded

# %%
code_frequencies(coders, corpus).pivot_table(index="code", columns="coder", values="segments", fill_value=0)

# %%
code_by(consensus, corpus, by="group", wide=True)

# %% [markdown]
# ## Agreement per dimension
# Percent agreement, Cohen's kappa, Scott's pi, Brennan–Prediger, Fleiss' kappa and
# Krippendorff's alpha, with bootstrap 95% intervals and interpretation bands.

# %%
dimensions = default_dimensions(codebook, top_level="roles")
agreement_table(coders, segments=corpus, by="dimension", dimensions=dimensions, n_boot=500, seed=0)

# %% [markdown]
# ## Agreement per code (presence / absence per segment)

# %%
agreement_table(coders, segments=corpus, n_boot=200, seed=0)

# %% [markdown]
# ## Segment-overlap agreement (MAXQDA style)
# A coder's coded segment agrees when the other coder's same-code segment overlaps it by at least
# the threshold share.

# %%
overlap_agreement(coders, threshold=0.9)

# %% [markdown]
# ## Where the coders disagreed
# The review table the adjudicator worked from; the consensus file keeps a memo on every decision.

# %%
review = disagreements(coders, segments=corpus, coders=["coder_a", "coder_b"])
print(len(review), "segments with a disagreement")
review.head(10)

# %% [markdown]
# ## Assisted coding, measured like a coder
# The rule-based coder matches the codebook's patterns on Sastrawi stems of normalised
# (colloquial → standard) Indonesian and English; every suggestion carries its evidence. Its
# output is a codings table with coder `auto:rules`, compared with the consensus per code and per
# dimension exactly as a human coder would be.

# %%
from psm_qual.autocode import autocode, evaluate_coder, suggest

suggestions = suggest(corpus, codebook)
suggestions[["segment_id", "code", "score", "evidence"]].head(10)

# %%
auto = autocode(corpus, codebook)
evaluation = evaluate_coder(auto, consensus, segments=corpus, codebook=codebook)
evaluation.per_dimension

# %%
evaluation.per_code

# %%
agreement_table(pd.concat([auto, consensus]), segments=corpus, by="dimension",
                dimensions=dimensions, n_boot=200, seed=0)
