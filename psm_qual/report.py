"""A self-contained HTML report: sections of text, tables and embedded figures.

The report has no external resources (figures are inline PNG data URIs, styles inline), so it
opens offline from a ``file://`` URL and can be mailed as one file.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from psm_qual.io.atomic import write_text_atomic

__all__ = ["Report", "figure_html", "table_html"]

_STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}
h1{border-bottom:2px solid #444}h2{margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:1em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#f2f2f2}.match{background:#e3f5e1}.mismatch{background:#fbe3e3}
.note{background:#fff8e1;border-left:4px solid #f0b400;padding:.6em 1em}
.simulated{background:#eef3ff;border:2px dashed #4a6fd1;padding:.5em 1em;margin:1em 0}
figure{margin:1em 0}img{max-width:100%}
"""


def table_html(frame: pd.DataFrame, *, index: bool = False, classes: str = "") -> str:
    """An escaped HTML table for ``frame`` (floats to 3 decimals)."""
    return frame.to_html(
        index=index, escape=True, na_rep="", float_format=lambda v: f"{v:.3f}",
        classes=classes or None, border=0,
    )


def figure_html(figure, *, alt: str, dpi: int = 110) -> str:
    """A matplotlib figure as an inline PNG ``<img>`` (the figure is closed afterwards)."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(figure)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<figure><img alt="{html.escape(alt)}" src="data:image/png;base64,{data}"></figure>'


@dataclass
class Report:
    """An HTML report built section by section.

    Examples
    --------
    >>> report = Report("Demo")
    >>> report.section("Numbers", table=pd.DataFrame({"a": [1.23456]}))
    >>> "<td>1.235</td>" in report.to_html()
    True
    """

    title: str
    intro: str = ""
    parts: list[str] = field(default_factory=list)

    def section(
        self,
        heading: str,
        *,
        text: str = "",
        table: pd.DataFrame | None = None,
        html_body: str = "",
        css_class: str = "",
        level: int = 2,
    ) -> None:
        """Add a heading with optional paragraph text (escaped), a table and raw HTML."""
        body = [f"<h{level}>{html.escape(heading)}</h{level}>"]
        for paragraph in filter(None, text.split("\n\n")):
            body.append(f"<p>{html.escape(paragraph)}</p>")
        if table is not None:
            body.append(table_html(table))
        if html_body:
            body.append(html_body)
        block = "\n".join(body)
        self.parts.append(f'<section class="{css_class}">{block}</section>' if css_class else block)

    def to_html(self) -> str:
        """The whole page."""
        intro = "".join(f"<p>{html.escape(p)}</p>" for p in filter(None, self.intro.split("\n\n")))
        return (
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(self.title)}</title><style>{_STYLE}</style></head><body>"
            f"<h1>{html.escape(self.title)}</h1>{intro}" + "\n".join(self.parts) + "</body></html>\n"
        )

    def write(self, path: str | Path) -> Path:
        """Write the page atomically (UTF-8)."""
        return write_text_atomic(path, self.to_html())
