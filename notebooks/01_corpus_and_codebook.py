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
# # 01 — The Pasteur corpus and the PSM codebook
#
# This notebook reproduces the *data and instrument* of the study "Peran Pekerja Sosial
# Masyarakat (PSM) dalam Penyelenggaraan Usaha Kesejahteraan Sosial di Kelurahan Pasteur"
# (Jurnal Ilmiah Rehabilitasi Sosial 5(2), 2023): six in-depth interviews (2 PSM, the Puskesos
# operator, the TKSK of Sukajadi, 2 PPKS), observation notes and documents, coded against the four
# roles of Permensos No. 10/2019 art. 6.
#
# **The corpus is reconstructed.** The original transcripts are not public; the files in
# `data/pasteur/` were written for psm_qual from the paper's published findings, and every name
# in them is fictional. See `data/pasteur/README.md`.

# %%
from psm_qual.codebook import codebook_summary, load_codebook
from psm_qual.corpus import corpus_summary, format_summary, load_corpus
from psm_qual.datasets import codebook_path, pasteur_path
from psm_qual.explore import collocations, kwic, word_frequencies

corpus = load_corpus(pasteur_path())
print(format_summary(corpus_summary(corpus)))

# %% [markdown]
# ## Sources and informants
# One row per source: informant, informant group and technique (interview, observation,
# documentation) — the two axes of the study's source and technique triangulation.

# %%
corpus.sources[["source_id", "informant", "group", "technique", "date", "title"]]

# %%
corpus.informants

# %% [markdown]
# ## Segments
# Each informant turn (or paragraph of a note or document) split into sentences; offsets are code
# points into the source's body, so `body[start:end] == text` for every segment.

# %%
corpus.segments.head(10)

# %%
corpus.coded_segments.groupby(["technique", "group"], dropna=False).size().rename("segments")

# %% [markdown]
# ## Exploring before coding
# Keyword in context for *laporan* (report), and the most frequent content words per informant
# group (Indonesian and English stop words removed).

# %%
kwic(corpus, "laporan", window=6).head(15)

# %%
word_frequencies(corpus, by="group").groupby("group").head(8)

# %%
collocations(corpus, n=15, min_freq=3)

# %% [markdown]
# ## The codebook
# The four roles with their sub-codes, the assessment codes and the barrier codes, each with
# MacQueen fields in Indonesian and English.

# %%
codebook = load_codebook(codebook_path())
codebook_summary(codebook)

# %%
codebook

# %%
codebook.to_frame()[["code", "label_id", "label_en", "definition_en", "n_examples", "n_patterns"]]

# %% [markdown]
# ## The codebook's history
# The codebook is versioned: 1.0.1 extended the assisted-coding patterns; 1.1.0 clarified coding
# rules after the two coders' disagreements were adjudicated; 1.1.1 refined the patterns again.
# `diff_codebooks` shows what changed since 1.0.1 (every earlier version is in `codebooks/history/`).

# %%
from psm_qual.codebook import diff_codebooks

diff_codebooks(load_codebook(codebook_path().parent / "history" / "psm_roles-1.0.1.yaml"), codebook)
