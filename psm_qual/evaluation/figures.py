"""Plots for evaluators: indicator progress against target, per-PSM reporting timeline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from psm_qual.evaluation.sources import member_map, whatsapp_reports

__all__ = ["plot_indicator_progress", "plot_reporting_timeline"]


def plot_indicator_progress(table: pd.DataFrame, *, title: str = "Indicator progress"):
    """One panel per indicator: baseline, follow-up and target on the indicator's own scale.

    ``table`` is :func:`psm_qual.evaluation.indicator_table`. Returns the matplotlib Figure.

    Examples
    --------
    >>> table = pd.DataFrame({"indicator": ["I1"], "unit": ["proportion"], "baseline": [0.0],
    ...     "followup": [0.5], "target": [0.8], "met": [False], "baseline_basis": ["computed"]})
    >>> len(plot_indicator_progress(table).axes)
    1
    """
    import matplotlib.pyplot as plt

    count = max(len(table), 1)
    figure, axes = plt.subplots(1, count, figsize=(3.2 * count, 3.4), squeeze=False)
    for ax, row in zip(axes[0], table.itertuples(), strict=False):
        values = [row.baseline, row.followup]
        colors = ["#9e9e9e", "#2e7d32" if row.met else "#ef6c00"]
        bars = ax.bar(["baseline", "follow-up"], values, color=colors)
        for bar, value in zip(bars, values, strict=True):
            ax.annotate(f"{value:.2f}", (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                        ha="center", va="bottom", fontsize=8)
        if pd.notna(row.target):
            ax.axhline(row.target, color="#1565c0", linestyle="--", label=f"target {row.target:g}")
            ax.legend(loc="upper left", fontsize=7, frameon=False)
        top = max([v for v in (*values, row.target) if pd.notna(v)] + [1e-9])
        if row.unit in ("proportion", "yes_no"):
            ax.set_ylim(0, 1.1)
        else:
            ax.set_ylim(0, top * 1.25)
        basis = " (declared)" if getattr(row, "baseline_basis", "") == "declared" else ""
        ax.set_title(f"{row.indicator}: {row.unit}{basis}", fontsize=9)
    figure.suptitle(title, fontsize=10)
    figure.tight_layout()
    return figure


def plot_reporting_timeline(
    messages: pd.DataFrame,
    *,
    members: Sequence[str] | Mapping[str, str],
    window_minutes: float = 10,
    min_words: int = 8,
    title: str = "Reports in the WhatsApp group per PSM",
):
    """Each member's photo reports over time (filled: with a written explanation; hollow: not).

    Members without any report still get their row, so silence is visible.
    """
    import matplotlib.pyplot as plt

    reports = whatsapp_reports(messages, members=members, window_minutes=window_minutes,
                               min_words=min_words)
    ids = list(dict.fromkeys(member_map(members).values()))
    figure, ax = plt.subplots(figsize=(8, 0.45 * len(ids) + 1.4))
    for y, member in enumerate(ids):
        part = reports[reports["member"] == member]
        flags = part["explained"].astype(bool)
        explained, short = part[flags], part[~flags]
        ax.scatter(explained["timestamp"], [y] * len(explained), color="#2e7d32", s=30,
                   label="explained" if y == 0 else None)
        ax.scatter(short["timestamp"], [y] * len(short), facecolors="none", edgecolors="#ef6c00",
                   s=30, label="photo / short caption" if y == 0 else None)
    ax.set_yticks(range(len(ids)), ids)
    ax.set_xlim(min(messages["timestamp"]), max(messages["timestamp"]))
    ax.invert_yaxis()
    ax.set_title(title, fontsize=10)
    handles = [
        plt.Line2D([], [], marker="o", color="#2e7d32", linestyle="", label="with explanation"),
        plt.Line2D([], [], marker="o", markerfacecolor="none", markeredgecolor="#ef6c00",
                   linestyle="", label="photo / short caption"),
    ]
    ax.legend(handles=handles, fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2,
              frameon=False)
    figure.autofmt_xdate()
    figure.tight_layout()
    return figure
