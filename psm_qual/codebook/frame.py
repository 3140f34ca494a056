"""A codebook as a table: a DataFrame (one row per code) and an HTML table for Jupyter."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import pandas as pd

from psm_qual.codebook.validate import TEXT_FIELDS

if TYPE_CHECKING:
    from psm_qual.codebook.model import Codebook

__all__ = [
    "CODE_ID",
    "PARENT",
    "DEPTH",
    "CODABLE",
    "COLOR",
    "N_EXAMPLES",
    "N_PATTERNS",
    "LINE",
    "bilingual_column",
    "codebook_frame",
    "codebook_html",
]

# Columns of :func:`codebook_frame` (besides the bilingual ones named by bilingual_column).
CODE_ID = "code"
PARENT = "parent"
DEPTH = "depth"
CODABLE = "codable"
COLOR = "color"
N_EXAMPLES = "n_examples"
N_PATTERNS = "n_patterns"
LINE = "line"


def bilingual_column(field: str, language: str) -> str:
    """The column holding ``field`` in ``language``: ``"label_id"``, ``"examples_en"``..."""
    return f"{field}_{language}"


def codebook_frame(codebook: Codebook, *, languages: tuple[str, ...] | None = None) -> pd.DataFrame:
    """One row per code, in codebook order.

    Parameters
    ----------
    codebook : Codebook
    languages : tuple of str, optional
        Languages to give columns to (default: the codebook's ``languages``).

    Returns
    -------
    DataFrame
        Columns ``code, parent, depth, codable, color`` (the colour inherited from the nearest
        ancestor that has one), then for each text field (``label``, ``definition``,
        ``full_definition``, ``when_to_use``, ``when_not_to_use``) and each language a column
        ``<field>_<language>`` ("" when missing), ``examples_<language>`` (the examples in that
        language joined by ``" | "``), ``n_examples``, ``n_patterns`` (all languages) and
        ``line`` (in the YAML file; <NA> when unknown).

    Examples
    --------
    >>> from psm_qual.codebook import load_codebook
    >>> from psm_qual.datasets import codebook_path
    >>> frame = load_codebook(codebook_path()).to_frame()
    >>> frame.set_index("code").loc["dynamizer/participation", ["parent", "label_en"]].tolist()
    ['dynamizer', 'Participation in others’ activities']
    """
    languages = tuple(languages or codebook.languages)
    rows = []
    for code in codebook:
        row: dict[str, object] = {
            CODE_ID: code.id,
            PARENT: code.parent or "",
            DEPTH: code.depth,
            CODABLE: code.codable,
            COLOR: codebook.color_of(code.id) or "",
        }
        for name in TEXT_FIELDS:
            value = getattr(code, name)
            for language in languages:
                row[bilingual_column(name, language)] = value.get(language, "")
        for language in languages:
            row[bilingual_column("examples", language)] = " | ".join(
                example.text for example in code.examples_in(language)
            )
        row[N_EXAMPLES] = len(code.examples)
        row[N_PATTERNS] = sum(len(words) for words in code.patterns.values())
        row[LINE] = code.line
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame[LINE] = frame[LINE].astype("Int64")
    return frame


def codebook_html(codebook: Codebook, *, language: str | None = None) -> str:
    """An HTML table of the codebook (every text escaped), for Jupyter's ``_repr_html_``.

    Examples
    --------
    >>> from psm_qual.codebook.validate import build_codebook
    >>> cb = build_codebook({"id": "x", "version": "1.0.0",
    ...                      "codes": [{"id": "a", "label": {"en": "<b>A</b>"}}]})
    >>> "&lt;b&gt;A&lt;/b&gt;" in codebook_html(cb), "<b>A</b>" in codebook_html(cb)
    (True, False)
    """
    languages = (language,) if language else tuple(codebook.languages)
    esc = html.escape
    title = " / ".join(
        codebook.title.get(lang, "") for lang in languages if codebook.title.get(lang)
    )
    head = "".join(f"<th>label ({esc(lang)})</th>" for lang in languages)
    head += "".join(f"<th>definition ({esc(lang)})</th>" for lang in languages)
    parts = [
        '<div class="psm-qual-codebook">',
        f"<p><strong>{esc(codebook.id)}</strong> v{esc(codebook.version)}"
        + (f" — {esc(title)}" if title else "")
        + f" · {len(codebook)} codes</p>",
        '<table><thead><tr><th style="text-align:left">code</th>'
        f"{head}<th>codable</th><th>examples</th></tr></thead><tbody>",
    ]
    for code in codebook:
        color = codebook.color_of(code.id)
        swatch = (
            f'<span style="display:inline-block;width:0.8em;height:0.8em;'
            f'background:{esc(color)};margin-right:0.3em"></span>'
            if color
            else ""
        )
        indent = f"padding-left:{0.3 + 1.2 * code.depth:.1f}em;text-align:left"
        name = esc(code.id)
        cells = "".join(
            f'<td style="text-align:left">{esc(code.label.get(lang, ""))}</td>'
            for lang in languages
        )
        cells += "".join(
            f'<td style="text-align:left">{esc(code.definition.get(lang, ""))}</td>'
            for lang in languages
        )
        parts.append(
            f'<tr><td style="{indent}">{swatch}<code>{name}</code></td>{cells}'
            f"<td>{'yes' if code.codable else 'no'}</td><td>{len(code.examples)}</td></tr>"
        )
    parts.append("</tbody></table></div>")
    return "\n".join(parts)
