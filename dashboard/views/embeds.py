"""Embeds in words and addresses: the /embed/... path of each chart another site may
frame, the full page each comes from, and the iframe snippet a page offers to copy.

The charts that can be embedded (each the chart its page draws, with its title, units,
period, source line and text alternative, as the public sees it):

- /embed/indicator/<id>?area=&compare=            an indicator's trend for an area
- /embed/indicator/<id>/ranking?area=&period=     the indicator's ranking of areas
- /embed/area/<code>/theme/<theme>?benchmark=&level=   a theme table of an area profile,
                                                  with its spine charts
- /embed/public/area/<code>/<indicator id>        a residents' page trend chart
- /embed/public/area/<code>/neighbourhoods        its neighbourhoods by deprivation

Pure: no Dash, no store, no request (the origin is given).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from dashboard.views.explore import query_string

EMBED_HEIGHT = 420
ANATOMY = (
    ("An indicator's trend for an area", "/embed/indicator/<id>?area=<code>"),
    ("An indicator's ranking of areas", "/embed/indicator/<id>/ranking?area=<code>"),
    ("A theme table of an area profile", "/embed/area/<code>/theme/<theme>"),
    ("A chart from a residents' area page",
     "/embed/public/area/<code>/claimant-count"),
)
PUBLIC_NEIGHBOURHOODS = "neighbourhoods"


def indicator_trend_path(indicator_id: str, area: str | None = None,
                         compare: Sequence[str] = ()) -> str:
    return f"/embed/indicator/{indicator_id}" + query_string(
        {"area": area, "compare": list(compare)})


def indicator_ranking_path(indicator_id: str, area: str | None = None,
                           period: str | None = None) -> str:
    return f"/embed/indicator/{indicator_id}/ranking" + query_string(
        {"area": area, "period": period})


def area_theme_path(code: str, theme_slug: str, benchmark: str | None = None,
                    level: str | None = None) -> str:
    """A theme table's embed; the default benchmark (England) and level (95%) are left
    out of the address."""
    return f"/embed/area/{code}/theme/{theme_slug}" + query_string(
        {"benchmark": None if benchmark in (None, "england") else benchmark,
         "level": None if level in (None, "95") else level})


def public_chart_path(code: str, chart: str) -> str:
    """A residents' page chart: an indicator id, or 'neighbourhoods'."""
    return f"/embed/public/area/{code}/{chart}"


def theme_slug(theme: str) -> str:
    """A theme as it reads in an address and an element id ('work-and-worklessness')."""
    return "-".join(str(theme).lower().replace("&", "and").split())


def snippet(origin: str, path: str, title: str) -> str:
    """The HTML another site pastes to show an embed: an iframe of `path` on this app's
    `origin`, named by the chart's title (its accessible name), lazy loaded."""
    src = f"{origin}{path}"
    return (f'<iframe src="{escape(src, quote=True)}" title="{escape(title, quote=True)}" '
            f'width="100%" height="{EMBED_HEIGHT}" loading="lazy"></iframe>')


def query_value(args: Mapping[str, Any], name: str) -> str | None:
    """One query-string value (the first of a repeated one), or None when absent/blank."""
    value = args.get(name)
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    text = str(value).strip() if value is not None else ""
    return text or None
