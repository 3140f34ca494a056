"""Figures: the theme x data set heatmap and the Farmer convergence heatmap (matplotlib).

Both return a :class:`matplotlib.figure.Figure` built without pyplot (no global state, no
backend selection); a notebook shows it, ``fig.savefig(path)`` saves it for the report. Long
labels are wrapped.
"""

from __future__ import annotations

import textwrap
from typing import Literal

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from psm_qual.triangulation import columns as tc

__all__ = [
    "STANCE_COLORS",
    "CONVERGENCE_COLORS",
    "CONVERGENCE_ABBREVIATIONS",
    "heatmap",
    "convergence_heatmap",
]

STANCE_COLORS = {
    "performed": "#4daf4a",
    "gap": "#e41a1c",
    "mixed": "#ffbf00",
    "none": "#b3cde3",
    "silent": "#ffffff",
}
CONVERGENCE_COLORS = {
    tc.AGREEMENT: "#1b9e77",
    tc.PARTIAL_AGREEMENT: "#a6d854",
    tc.SILENCE: "#d9d9d9",
    tc.DISSONANCE: "#d95f02",
    tc.NOT_APPLICABLE: "#ffffff",
}
CONVERGENCE_ABBREVIATIONS = {
    tc.AGREEMENT: "A",
    tc.PARTIAL_AGREEMENT: "PA",
    tc.SILENCE: "S",
    tc.DISSONANCE: "D",
    tc.NOT_APPLICABLE: "n/a",
}


def _wrap(label: str, width: int) -> str:
    return "\n".join(textwrap.wrap(str(label), width, break_on_hyphens=False)) or str(label)


def _legend(fig: Figure, colors: dict[str, str]) -> None:
    handles = [Patch(facecolor=c, edgecolor="#666666", label=k) for k, c in colors.items()]
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncols=min(len(handles), 5),
        fontsize=8,
        frameon=False,
    )


def _size(n_rows: int, n_cols: int) -> tuple[float, float]:
    return (max(5.0, 1.5 + 1.25 * n_cols), max(2.5, 1.0 + 0.8 * n_rows))


def heatmap(
    triangulation,
    *,
    value: Literal["segments", "stance"] = "stance",
    wrap: int = 16,
    title: str | None = None,
) -> Figure:
    """Themes x data sets, coloured by segment count or stance, each cell annotated.

    Each cell shows its segment count and stance (``silent`` when it has no evidence); a last
    column shows each theme's Sugiyono label.

    Parameters
    ----------
    triangulation : Triangulation
        From :func:`~psm_qual.triangulation.triangulate`.
    value : {"segments", "stance"}
        Colour by the number of segments (sequential) or by the dominant stance.
    wrap : int
        Wrap labels at this many characters.
    title : str, optional
        Default: ``"Triangulation by <by>"``.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from psm_qual.triangulation import triangulate
    >>> from psm_qual.triangulation.demo import toy_study
    >>> codings, corpus = toy_study()
    >>> fig = heatmap(triangulate(codings, corpus))
    >>> sorted(t.get_text() for t in fig.axes[0].texts)[:3]
    ['1\\ngap', '2\\ngap', '2\\nperformed']
    """
    from psm_qual.triangulation.evidence import check_choice

    check_choice(value, ("segments", "stance"), "value")
    matrix = triangulation.matrix
    themes, datasets = list(triangulation.themes), list(triangulation.datasets)
    cells = matrix.set_index([tc.THEME, tc.DATASET])
    counts = np.array(
        [[cells.loc[(t, d), tc.SEGMENTS] for d in datasets] for t in themes], dtype=float
    )
    stances = [
        [cells.loc[(t, d), tc.STANCE] if counts[i, j] else "silent" for j, d in enumerate(datasets)]
        for i, t in enumerate(themes)
    ]
    fig = Figure(figsize=_size(len(themes), len(datasets) + 1), layout="constrained")
    ax = fig.add_subplot()
    if value == "stance":
        order = list(STANCE_COLORS)
        grid = np.array([[order.index(s) for s in row] for row in stances], dtype=float)
        ax.imshow(
            grid,
            cmap=ListedColormap(list(STANCE_COLORS.values())),
            vmin=-0.5,
            vmax=len(order) - 0.5,
            aspect="auto",
        )
    else:
        image = ax.imshow(counts, cmap="Blues", vmin=0, vmax=max(counts.max(), 1), aspect="auto")
        fig.colorbar(image, ax=ax, label="segments", shrink=0.8)
    for i in range(len(themes)):
        for j in range(len(datasets)):
            n = int(counts[i, j])
            text = f"{n}\n{stances[i][j]}" if n else "silent"
            dark = value == "segments" and counts[i, j] > 0.6 * counts.max()
            ax.text(
                j, i, text, ha="center", va="center", fontsize=8, color="white" if dark else "black"
            )
    labels = dict(zip(triangulation.labels[tc.THEME], triangulation.labels[tc.LABEL], strict=True))
    for i, theme in enumerate(themes):
        ax.text(
            len(datasets),
            i,
            labels.get(theme, ""),
            ha="center",
            va="center",
            fontsize=9,
            fontweight="bold",
        )
    ax.set_xlim(-0.5, len(datasets) + 0.5)
    ax.set_xticks(range(len(datasets) + 1))
    ax.set_xticklabels([_wrap(d, wrap) for d in datasets] + ["Sugiyono"], fontsize=8)
    ax.set_yticks(range(len(themes)))
    ax.set_yticklabels([_wrap(t, wrap) for t in themes], fontsize=8)
    ax.tick_params(length=0)
    ax.set_xlabel(triangulation.params.get("by", "data set"))
    if value == "stance":
        _legend(fig, STANCE_COLORS)
    ax.set_title(title or f"Triangulation by {triangulation.params.get('by', 'data set')}")
    return fig


def convergence_heatmap(triangulation, *, wrap: int = 16, title: str | None = None) -> Figure:
    """Themes x pairs of data sets, coloured and annotated with the final Farmer code.

    Abbreviations: A agreement, PA partial agreement, S silence, D dissonance, n/a not
    applicable; ``*`` marks an analyst's override.

    Examples
    --------
    >>> from psm_qual.triangulation import triangulate
    >>> from psm_qual.triangulation.demo import toy_study
    >>> codings, corpus = toy_study()
    >>> fig = convergence_heatmap(triangulate(codings, corpus))
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['PA', 'S']
    """
    table = triangulation.convergence
    themes = list(triangulation.themes)
    pairs = list(dict.fromkeys(zip(table[tc.A], table[tc.B], strict=True)))
    order = list(CONVERGENCE_COLORS)
    grid = np.full((len(themes), max(len(pairs), 1)), order.index(tc.NOT_APPLICABLE), dtype=float)
    fig = Figure(figsize=_size(len(themes), len(pairs)), layout="constrained")
    ax = fig.add_subplot()
    notes = []
    for row in table.to_dict("records"):
        i, j = themes.index(row[tc.THEME]), pairs.index((row[tc.A], row[tc.B]))
        grid[i, j] = order.index(row[tc.FINAL])
        mark = "*" if row[tc.OVERRIDE] else ""
        notes.append((i, j, CONVERGENCE_ABBREVIATIONS[row[tc.FINAL]] + mark))
    ax.imshow(
        grid,
        cmap=ListedColormap(list(CONVERGENCE_COLORS.values())),
        vmin=-0.5,
        vmax=len(order) - 0.5,
        aspect="auto",
    )
    for i, j, text in notes:
        ax.text(j, i, text, ha="center", va="center", fontsize=9)
    ax.set_xticks(range(len(pairs)))
    ax.set_xticklabels(
        [_wrap(f"{a} – {b}", wrap) for a, b in pairs],
        fontsize=8,
        rotation=45 if len(pairs) > 6 else 0,
        ha="right" if len(pairs) > 6 else "center",
    )
    ax.set_yticks(range(len(themes)))
    ax.set_yticklabels([_wrap(t, wrap) for t in themes], fontsize=8)
    ax.tick_params(length=0)
    _legend(fig, {CONVERGENCE_ABBREVIATIONS[c] + " " + c: v for c, v in CONVERGENCE_COLORS.items()})
    ax.set_title(title or f"Farmer convergence by {triangulation.params.get('by', 'data set')}")
    return fig
