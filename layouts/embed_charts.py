"""The charts another site may frame (/embed/...: dashboard/views/embeds.py lists them),
each built as its page builds it, from the store as the public sees it: the same figure
builders, page models, titles, text alternatives and source lines. A signed-in viewer's
restricted data never reaches an embed, and a withheld value reads the one label.

`build(store, parts, args)` gives an EmbedChart (layouts/embed_html.py draws it), or a
Problem (an unknown chart, area, indicator or theme, or a parameter that names nothing)
for the helpful 404 page. No PAGE here: not a Dash page (callbacks/embed.py serves
these).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dash import html

from dashboard.common.geography import ENGLAND
from dashboard.figures import explore as explore_figures
from dashboard.figures import public as public_figures
from dashboard.store import Store
from dashboard.store.public import PUBLIC_PAGE_TYPES
from dashboard.views import (
    area_profile,
    explore,
    indicator,
    public,
    public_charts,
    public_places,
)
from dashboard.views.embeds import PUBLIC_NEIGHBOURHOODS, query_value, theme_slug
from layouts import area as area_page
from layouts import indicator as indicator_page
from layouts import public_area
from layouts.embed_html import EmbedChart
from layouts.value_marks import quality_line


@dataclass(frozen=True)
class Problem:
    """Why there is no chart to embed, and where to go instead."""

    title: str
    message: str
    links: tuple[tuple[str, str], ...] = ()


NO_CHART = "There is no chart to embed here"


def build(store: Store, parts: list[str], args: Mapping[str, Any]) -> EmbedChart | Problem:
    """The embed at /embed/<parts...>?<args>, from `store` (the public's)."""
    match parts:
        case ["indicator", indicator_id]:
            return indicator_trend(store, indicator_id, args)
        case ["indicator", indicator_id, "ranking"]:
            return indicator_ranking(store, indicator_id, args)
        case ["area", code, "theme", slug]:
            return area_theme(store, code, slug, args)
        case ["public", "area", code, chart]:
            return public_chart(store, code, chart)
    return Problem(NO_CHART, f"Placeboard has no embed at /embed/{'/'.join(parts)}.")


# -- an indicator's trend and ranking ------------------------------------------------------

def _selection(store: Store, indicator_id: str, args: Mapping[str, Any]
               ) -> tuple[dict, indicator_page.Selection, dict] | Problem:
    """The indicator's metadata, the chosen view and its data (the indicator page's), or
    why there is no chart."""
    meta = store.indicator_meta(indicator_id)
    if meta is None:
        return Problem(NO_CHART, f"There is no public indicator called “{indicator_id}”. "
                       "Every indicator is listed on the Data page.",
                       (("All indicators (Data page)", "/data"),))
    area = query_value(args, "area")
    selection = indicator_page.resolve(store, meta["indicator_id"], area,
                                       args.get("compare"), query_value(args, "period"))
    page = (f"{meta['title']} (the full page)",
            explore.indicator_href(meta["indicator_id"], area=area))
    if selection.problems:
        return Problem(NO_CHART, " ".join(p.replace(", so England is shown", "")
                                          .replace(": the latest is shown", "")
                                          .replace(": left out", "")
                                          for p in selection.problems), (page,))
    if area and not selection.area_chosen:
        return Problem(NO_CHART, f"There are no values of {meta['title']} for the area "
                       f"code {area}.", (page,))
    return meta, selection, indicator_page.view_data(store, selection)


def indicator_trend(store: Store, indicator_id: str, args: Mapping[str, Any]
                    ) -> EmbedChart | Problem:
    found = _selection(store, indicator_id, args)
    if isinstance(found, Problem):
        return found
    meta, selection, data = found
    long = data["long"]
    periods = indicator.period_order(long)
    title = indicator.trend_chart_title(meta, data["area_name"], periods)
    span = f"{periods[0]} to {periods[-1]}" if periods else "none"
    area = selection.area if selection.area_chosen else None
    return EmbedChart(
        title=title,
        details=f"Unit: {explore_figures.axis_title(meta)}. Periods: {span}.",
        alt=indicator.trend_sentence(long, meta),
        source=indicator_page.source_sentence(meta),
        back_href=explore.indicator_href(meta["indicator_id"], area, selection.compare),
        back_label=f"{meta['title']}: the full page",
        figure=_fitted(explore_figures.trend_figure(long, meta, periods)),
        body=html.Details([html.Summary("Show the figures as a table"),
                           *indicator_page.trend_data_table(long, meta, title,
                                                            "embed-table", data["revised"])],
                          className="embed-table"),
        quality=_quality(store, meta.get("dataset_id")))


def indicator_ranking(store: Store, indicator_id: str, args: Mapping[str, Any]
                      ) -> EmbedChart | Problem:
    found = _selection(store, indicator_id, args)
    if isinstance(found, Problem):
        return found
    meta, selection, data = found
    ranked, group = data["ranked"], data["group"]
    withheld = indicator_page.withheld_areas(data["period_rows"], selection.area, ranked)
    details = f"Unit: {explore_figures.axis_title(meta)}. Period: {selection.period}."
    if withheld:
        details += (f" {len(withheld)} more {'area' if len(withheld) == 1 else 'areas'} "
                    "withheld to protect small numbers, not shown.")
    area = selection.area if selection.area_chosen else None
    return EmbedChart(
        title=indicator.ranking_chart_title(meta, len(ranked), group, selection.period),
        details=details,
        alt=indicator.ranking_sentence(ranked, meta, data["area_name"], group,
                                       str(selection.period)),
        source=indicator_page.source_sentence(meta),
        back_href=explore.indicator_href(meta["indicator_id"], area,
                                         period=selection.period),
        back_label=f"{meta['title']}: the full page",
        figure=explore_figures.ranking_figure(ranked, meta, data["england_value"],
                                              data["area_name"]),
        quality=_quality(store, meta.get("dataset_id")))


def _fitted(figure: dict) -> dict:
    """The trend as a frame shows it: an embed is often narrower and shorter than the
    page, so at most ten period labels (every label of a long series would overlap) and
    the legend above the plot (below, it met the axis title in a short frame)."""
    layout = figure["layout"]
    return {**figure, "layout": {
        **layout, "xaxis": {**layout.get("xaxis", {}), "nticks": 10},
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0,
                   "xanchor": "left"},
        "margin": {**layout.get("margin", {}), "t": 40}}}


def _quality(store: Store, dataset_id: str | None) -> dict | None:
    return quality_line(store.dataset_quality((dataset_id or "",)), dataset_id)


# -- a theme table of an area profile -----------------------------------------------------

def area_theme(store: Store, code: str, slug: str, args: Mapping[str, Any]
               ) -> EmbedChart | Problem:
    code = code.strip().upper()
    area = store.area(code)
    if area is None or area["area_type"] in ("lsoa", "ward"):
        return Problem(NO_CHART, f"There is no area profile for the code {code}. Area "
                       "profiles cover local authorities and larger areas.")
    page = (f"{area['area_name']}: the area profile", explore.area_href(code))
    benchmark = query_value(args, "benchmark") or explore.DEFAULT_BENCHMARK
    level = (query_value(args, "level") or explore.DEFAULT_LEVEL).rstrip("%")
    if benchmark not in area_page.benchmark_choices(area) or \
            level not in explore.LEVEL_CHOICES:
        choices = list(area_page.benchmark_choices(area))
        return Problem(NO_CHART, f"{area['area_name']}'s profile is compared with "
                       f"benchmark={', '.join(choices[:-1])} or {choices[-1]}, at level=95 "
                       "or 99.8.", (page,))
    rows = area_page.profile_rows(store, area, benchmark, level)
    themes = {theme_slug(theme): (theme, theme_rows)
              for theme, theme_rows in area_profile.group_by_theme(rows)}
    if slug not in themes:
        return Problem(NO_CHART, f"{area['area_name']}'s profile has no theme “{slug}”; "
                       "it has " + ", ".join(themes) + ".", (page,))
    theme, theme_rows = themes[slug]
    context = area_page.ThemeContext.of(store, area, rows, store.parents(code), benchmark,
                                        level, embed=False)
    return EmbedChart(
        title=area_page.theme_title(theme, context),
        details="The latest period of each indicator."
        if code == ENGLAND or theme == explore.DEPRIVATION else
        f"The latest period of each indicator, compared with {context.bench_name} at the "
        f"{level}% level.",
        alt=f"A table of {len(theme_rows)} indicators for {area['area_name']}.",
        source="", back_href=area_page.profile_href(code, benchmark, level)
        + f"#theme-{slug}", back_label=f"{area['area_name']}: the area profile",
        body=area_page.theme_content(theme, theme_rows, context))


# -- a residents' page chart --------------------------------------------------------------

def public_chart(store: Store, code: str, chart: str) -> EmbedChart | Problem:
    code = code.strip().upper()
    area = store.public_place(code) if explore.is_code(code) else None
    if area is None or area["area_type"] not in PUBLIC_PAGE_TYPES or \
            not area["area_code"].startswith("E"):
        return Problem(NO_CHART, f"There is no residents' page for the code {code}. These "
                       "pages cover English council areas, counties, combined authorities, "
                       "regions and England.", (("Search for an area", "/public"),))
    if chart == PUBLIC_NEIGHBOURHOODS:
        return _public_deciles(store, area)
    if chart not in public_charts.TREND_CHART_IDS:
        return Problem(NO_CHART, f"The residents' page has no chart called “{chart}”; it "
                       "has " + ", ".join((*public_charts.TREND_CHART_IDS,
                                           PUBLIC_NEIGHBOURHOODS)) + ".",
                       ((f"{area['area_name']}: the residents' page",
                         public_places.area_href(code)),))
    return _public_trend(store, area, chart)


def _public_trend(store: Store, area: Mapping[str, Any], chart: str) -> EmbedChart | Problem:
    code, name = area["area_code"], area["area_name"]
    meta = store.indicator_words(public_area.PAGE_INDICATORS).get(chart)
    values = store.area_values(code, tuple(dict.fromkeys(public.HEADLINE_IDS
                                                         + public_charts.TREND_CHART_IDS)))
    series = public_charts.series_rows(values, chart, (code,) if code == ENGLAND
                                       else (code, ENGLAND))
    points = public_charts.trend_points(series, code)
    page = (f"{name}: the residents' page", public_places.area_href(code))
    if meta is None or not points:
        return Problem(NO_CHART, f"No figures of this chart are published for {name}.",
                       (page,))
    place = public.place_phrase(name, area["area_type"])
    topic = public_charts.CHART_TOPICS.get(chart, public.PHRASES[chart].topic)
    return EmbedChart(
        title=public_area.trend_title(chart, code, place, points),
        details=f"Periods: {public.period_words(str(points[0]['period_label']))} to "
                f"{public.period_words(str(points[-1]['period_label']))}.",
        alt=public_charts.trend_description(series, code, place, meta, topic),
        source=public.source_text(meta), back_href=page[1], back_label=page[0],
        figure=public_figures.trend(series, code, name, meta),
        body=public_area.trend_table(series, code, name, meta),
        quality=_quality(store, meta.get("dataset_id")))


def _public_deciles(store: Store, area: Mapping[str, Any]) -> EmbedChart | Problem:
    code, name = area["area_code"], area["area_name"]
    counts = store.area_deciles(code, public_places.EMPLOYMENT_DECILE)
    page = (f"{name}: the residents' page", public_places.area_href(code))
    if not counts:
        return Problem(NO_CHART, f"No neighbourhood figures are published for {name}.",
                       (page,))
    meta = store.indicator_words(public_area.PAGE_INDICATORS).get(
        public_places.EMPLOYMENT_DECILE) or {}
    return EmbedChart(
        title=public_area.deciles_title(name),
        details="Number of neighbourhoods (LSOAs) in each tenth of England, from 1 (the "
                "most deprived) to 10 (the least deprived).",
        alt=public_charts.decile_description(name, counts),
        source=public.source_text(meta), back_href=page[1] + "#public-area-neighbourhoods",
        back_label=page[0], figure=public_figures.deciles(counts, name),
        quality=_quality(store, meta.get("dataset_id")))
