"""The HTML document of an embed: one chart with its title, units and period, the chart
(Plotly, drawn by assets/embed.js from the figure's JSON with the plotly.js this app
serves: nothing from another site), its text alternative, anything under it (a table,
the key to its values' flags and notes), its source line and quality checks, and a link
to the full page; no header or navigation. And the small helpful page for an embed that
does not exist. No PAGE here: not a Dash page (callbacks/embed.py serves these).

No inline script (the Content-Security-Policy allows none): the figure travels in a
JSON data block, which browsers never run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from plotly.io.json import to_json_plotly

from dashboard.views.embeds import ANATOMY
from layouts.plain_html import to_html

PLOTLY_JS = "/_dash-component-suites/plotly/package_data/plotly.min.js"
SCRIPTS = ("/assets/plotly-config.js", PLOTLY_JS, "/assets/embed.js")
STYLES = ("/assets/placeboard.css", "/assets/explore.css", "/assets/embed.css")


@dataclass(frozen=True)
class EmbedChart:
    """What an embed shows. `figure`: a plain-dict Plotly figure, or None for a table
    (`body` then holds it); `body`: components under the chart; `quality`: the quality
    line (a component) or None."""

    title: str
    details: str
    alt: str
    source: str
    back_href: str
    back_label: str
    figure: dict | None = None
    body: Any = None
    quality: Any = None


def _head(title: str) -> str:
    styles = "".join(f'<link rel="stylesheet" href="{href}">' for href in STYLES)
    return ('<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)} - Placeboard</title>{styles}</head>")


def _figure_json(figure: dict) -> str:
    """The figure as JSON safe inside a script element, sized by its frame (the page's
    fixed height is dropped: the chart fills what the iframe leaves it)."""
    layout = {k: v for k, v in figure.get("layout", {}).items() if k != "height"}
    text = to_json_plotly({**figure, "layout": {**layout, "autosize": True}})
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def embed_document(chart: EmbedChart) -> str:
    """The whole HTML document of one embed."""
    parts = [_head(chart.title), '<body class="embed-body"><main class="embed" id="main">',
             '<h1 class="embed-title" id="embed-title">', escape(chart.title), "</h1>",
             f'<p class="embed-details">{escape(chart.details)}</p>']
    if chart.figure is not None:
        parts += ['<div id="embed-chart" class="embed-chart" role="img" '
                  'aria-labelledby="embed-title" aria-describedby="embed-alt"></div>',
                  f'<p id="embed-alt" class="visually-hidden">{escape(chart.alt)}</p>']
    else:
        parts.append(f'<p id="embed-alt" class="visually-hidden">{escape(chart.alt)}</p>')
    parts.append(to_html(chart.body, new_tab=True))
    if chart.source:
        parts.append(f'<p class="source-line">{escape(chart.source)}</p>')
    parts += [to_html(chart.quality, new_tab=True),
              f'<p class="embed-link"><a href="{escape(chart.back_href, quote=True)}" '
              f'target="_blank" rel="noopener">{escape(chart.back_label)} on Placeboard '
              "(opens in a new tab)</a></p></main>"]
    if chart.figure is not None:
        parts.append('<script type="application/json" id="embed-figure">'
                     f"{_figure_json(chart.figure)}</script>")
        parts += [f'<script src="{src}"></script>' for src in SCRIPTS]
    parts.append("</body></html>")
    return "".join(parts)


def problem_document(title: str, message: str,
                     links: Sequence[tuple[str, str]] = ()) -> str:
    """The small helpful page for an embed that does not exist or a bad parameter: what
    was wrong, where to go instead, and what can be embedded."""
    items = "".join(f'<li><a href="{escape(href, quote=True)}" target="_blank" '
                    f'rel="noopener">{escape(label)}</a></li>' for label, href in links)
    anatomy = "".join(f"<li>{escape(what)}: <code>{escape(path)}</code></li>"
                      for what, path in ANATOMY)
    return "".join([
        _head(title), '<body class="embed-body"><main class="embed embed-problem" id="main">',
        f'<h1 class="embed-title">{escape(title)}</h1>',
        f'<p class="lead">{escape(message)}</p>',
        f'<ul class="embed-links">{items}</ul>' if items else "",
        "<p>Charts that can be embedded (each page offers its own under “Embed this "
        f"chart”):</p><ul>{anatomy}</ul>",
        '<p><a href="/" target="_blank" rel="noopener">Placeboard home page '
        "(opens in a new tab)</a></p></main></body></html>"])
