"""A resident's page for one area: headline facts in plain English against England, a
few simple charts with text alternatives, the partnership's targets in plain words where
they are public, and what a ward or neighbourhood searched for is.

Wards and neighbourhoods (LSOAs) have no page of their own: their code, or
`?place=<code>` on their local authority's page, shows that authority's page saying
where the place is."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dash import dcc, html

from dashboard.common.geography import ENGLAND
from dashboard.figures import public as figures
from dashboard.store import Store
from dashboard.store.public import PUBLIC_PAGE_TYPES
from dashboard.views import (
    explore,
    public,
    public_charts,
    public_headlines,
    public_places,
    public_scorecard,
)
from dashboard.views.embeds import PUBLIC_NEIGHBOURHOODS, public_chart_path
from dashboard.web import runtime
from layouts.components import (
    chart_figure,
    ended,
    page_header,
    problem_page,
    successor_links,
    tab_title,
)
from layouts.download_links import download_links
from layouts.embed_panel import embed_panel
from layouts.plain import h
from layouts.public import RESIDENT_HOME, glossary, search_panel
from layouts.public_sections import fold, glance, theme_hint

# Residents' charts are not zoomed or panned: their mode bar has only "Download as PNG"
# and "Download as SVG" (assets/plotly-config.js adds them to every chart).
GRAPH_CONFIG = {"responsive": True, "modeBarButtonsToRemove": [
    "toImage", "zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d",
    "autoScale2d", "resetScale2d", "hoverClosestCartesian", "hoverCompareCartesian",
    "toggleSpikelines"]}
# Every indicator the page reads: headlines, trend charts, neighbourhood deciles' source.
PAGE_INDICATORS = tuple(dict.fromkeys(public.HEADLINE_IDS + public_charts.TREND_CHART_IDS
                                      + (public_places.EMPLOYMENT_DECILE,)))


def _resolve(store: Store, code: str | None) -> tuple[dict | None, dict | None]:
    """(area with a public page, ward or neighbourhood searched for) for a URL code."""
    code = (code or "").strip().upper()
    if not explore.is_code(code):
        return None, None
    found = store.public_place(code)
    if found is None or found["area_type"] not in ("ward", "lsoa"):
        return found, None
    lad = found.get("lad_code")
    return (store.public_place(lad) if lad else None), found


def _title(code: str | None = None, **_: Any) -> str:
    """The browser tab's title: the area's name where the code is known."""
    return tab_title(lambda: _resolve(runtime.public_store(), code)[0], "area_name",
                     "Your area", ": your area in numbers")


PAGE = {"path_template": "/public/area/<code>", "title": _title, "order": 21}


class Ids:
    PAGE = "public-area"
    PLACE = "public-area-place"
    REPLACED = "public-area-replaced"
    HEADLINES = "public-area-headlines"
    MISSING = "public-area-missing"
    NEIGHBOURHOODS = "public-area-neighbourhoods"
    DECILES = "public-area-deciles"
    TARGETS = "public-area-targets"
    GLOSSARY = "public-area-glossary"

    @staticmethod
    def trend(indicator_id: str) -> str:
        return f"public-area-trend-{indicator_id}"

    @staticmethod
    def status(partnership_id: str) -> str:
        return f"public-area-status-{partnership_id}"


def layout(code: str | None = None, place: Any = None, **_query: object) -> html.Div:
    store = runtime.public_store()
    area, searched = _resolve(store, code)
    if area is None:
        return unknown_area(code)
    if searched is None and place:
        place_code = str(place[0] if isinstance(place, (list, tuple)) else place).upper()
        candidate = store.public_place(place_code) if explore.is_code(place_code) else None
        if candidate and candidate.get("lad_code") == area["area_code"] and \
                candidate["area_type"] in ("ward", "lsoa"):
            searched = candidate
    if area["area_type"] not in PUBLIC_PAGE_TYPES or not area["area_code"].startswith("E"):
        return not_covered(area)
    return area_page(store, area, searched)


# -- helpful pages ---------------------------------------------------------------------------

def unknown_area(code: str | None) -> html.Div:
    shown = (code or "").strip() or "(none)"
    if explore.is_code(shown):
        message = (f"There is no area with the code {shown.upper()}. It may be an old code, "
                   "or mistyped. Search for your area by name instead.")
    else:
        message = (f"“{shown}” is not an area code we recognise. Area codes look like "
                   "E08000004 (Oldham). Search for your area by name instead.")
    return html.Div([problem_page("We could not find that area", message, home=RESIDENT_HOME),
                     html.H2("Search for your area"), search_panel()],
                    className="public-page")


def not_covered(area: Mapping[str, Any]) -> html.Div:
    return html.Div([problem_page(
        f"There is no resident's page for {area['area_name']}",
        "These pages cover English council areas, counties, combined authorities, regions "
        "and England as a whole. Search for the council area you live in.",
        home=RESIDENT_HOME),
        html.H2("Search for your area"), search_panel()], className="public-page")


# -- the page ----------------------------------------------------------------------------------

def page_area(store: Store, code: str | None) -> dict | None:
    """The area a /public/area/<code> page is about, if it has a page (a ward's or
    neighbourhood's code gives its local authority)."""
    area = _resolve(store, code)[0]
    if area is None or area["area_type"] not in PUBLIC_PAGE_TYPES or \
            not area["area_code"].startswith("E"):
        return None
    return area


def page_values(store: Store, area: Mapping[str, Any]) -> tuple[dict, list, list[dict]]:
    """What the page's figures are made from: the indicators' words, the area's (and
    England's) values and the headlines. The page and its downloads both read them."""
    code, name = area["area_code"], area["area_name"]
    metas = store.indicator_words(PAGE_INDICATORS)
    values = store.area_values(code, tuple(dict.fromkeys(public.HEADLINE_IDS
                                                         + public_charts.TREND_CHART_IDS)))
    records = public_headlines.headlines(public_headlines.headline_rows(values, code), metas,
                                         name, area["area_type"])
    return metas, values, records


def area_page(store: Store, area: Mapping[str, Any], searched: Mapping[str, Any] | None,
              ) -> html.Div:
    code, name = area["area_code"], area["area_name"]
    metas, values, records = page_values(store, area)
    children: list = [page_header(
        name, "The latest official figures on work, money, school and health.",
        caption="Your area in numbers")]
    if searched:
        children.append(place_panel(store, searched, name))
    if explore.is_obsolete(area):
        children.append(replaced_notice(store, area))
    shown = [r for r in records if r["state"] != "missing"]
    if not shown:
        children.append(html.P(f"No figures are published for {name} yet.", className="lead"))
    else:  # the numbers first, within a phone's first screen; the words and charts below
        missing = public_headlines.missing_sentence(name, records)
        children.append(glance(shown, name, compared=code != ENGLAND, after=[
            html.P(missing, className="hint", id=Ids.MISSING) if missing else None,
            download_links("public-area-headlines", {"area": code},
                           f"the figures for {name} on this page",
                           lead="Download these figures:",
                           link_id="public-area-headlines-downloads")]))
    children.append(html.Div(headline_sections(name, code, area["area_type"], metas, values,
                                               shown), id=Ids.HEADLINES))
    children.append(neighbourhoods_section(store, area, metas))
    children.append(targets_section(store, area))
    children += [
        html.Section([
            html.H2("Find out more"),
            html.Ul([
                html.Li(dcc.Link("Search for another area", href="/public", className="tap-link")),
                html.Li(dcc.Link("Where the figures come from", href="/about",
                                 className="tap-link")),
            ], className="public-area-list"),
        ]),
        glossary(component_id=Ids.GLOSSARY),
    ]
    return html.Div(children, className="public-page public-area-page", id=Ids.PAGE,
                    **{"data-area": code})


def headline_sections(name: str, code: str, area_type: str | None, metas: Mapping,
                      values: list, shown: list[dict]) -> list:
    """The headlines shown, by theme, each theme folded: its cards' sentences and its
    trend charts."""
    codes = (code,) if code == ENGLAND else (code, ENGLAND)
    charts = {i: trend_chart(metas.get(i), public_charts.series_rows(values, i, codes), i, code,
                             name, area_type)
              for i in public_charts.TREND_CHART_IDS}
    sections: list = []
    for theme, theme_records in public_headlines.by_theme(shown):
        slug = theme.lower().replace(" ", "-")
        cards = [headline_card(r) for r in theme_records]
        extra = [charts[r["indicator_id"]] for r in theme_records
                 if charts.get(r["indicator_id"]) is not None]
        sections.append(fold(theme, f"public-theme-{slug}", theme_hint(theme_records,
                                                                          len(extra)),
                             [html.Div(cards, className="headline-grid"), *extra],
                             class_name="public-theme"))
    return sections


def headline_card(record: Mapping[str, Any]) -> html.Div:
    """One headline: topic, the value, the sentence, the change, and the comparison as a
    word with a shape (never colour alone)."""
    body: list = [
        html.H3(record["topic"], className="headline-topic"),
        html.P(record["value_text"], className=f"headline-value {record['state']}"),
        html.P(record["sentence"], className="headline-sentence"),
    ]
    if record.get("change"):
        body.append(html.P(record["change"], className="headline-change"))
    if record.get("tag"):
        body.append(html.P([html.Span(record["glyph"], **{"aria-hidden": "true"}), " ",
                            record["tag"]],
                           className=f"public-tag {record['comparison']}"))
    body.append(html.P(record["source"], className="source-line"))
    return html.Div(body, className="headline-card",
                    **{"data-indicator": record["indicator_id"], "data-state": record["state"]})


def trend_chart(meta: Mapping[str, Any] | None, series: Sequence[Mapping[str, Any]],
                indicator_id: str, code: str, name: str,
                area_type: str | None = None) -> html.Figure | None:
    """One indicator over time for the area and England (`series`: its rows of
    `Store.area_values`, as `Store.series` gives them), None without an area value."""
    if meta is None:
        return None
    points = public_charts.trend_points(series, code)
    if not points:
        return None
    topic = public_charts.CHART_TOPICS.get(indicator_id, public.PHRASES[indicator_id].topic)
    place = public.place_phrase(name, area_type)
    alt = public_charts.trend_description(series, code, place, meta, topic)
    graph = dcc.Graph(id=Ids.trend(indicator_id), figure=figures.trend(series, code, name, meta),
                      config=GRAPH_CONFIG, className="public-graph")
    title = trend_title(indicator_id, code, place, points)
    topic = public_charts.CHART_TOPICS.get(indicator_id, public.PHRASES[indicator_id].topic)
    return chart_figure(graph, title, alt, public.source_text(meta), [
        trend_table(series, code, name, meta),
        download_links(
            "public-area-trend", {"area": code, "indicator": indicator_id},
            f"the figures in the chart of {topic[:1].lower()}{topic[1:]}",
            lead="Download the figures in this chart:",
            link_id=f"{Ids.trend(indicator_id)}-downloads"),
        embed_panel(public_chart_path(code, indicator_id), title,
                    f"{Ids.trend(indicator_id)}-embed")])


def trend_title(indicator_id: str, code: str, place: str,
                points: Sequence[Mapping[str, Any]]) -> str:
    """A trend chart's title: what, where, from when to when, and its unit."""
    topic = public_charts.CHART_TOPICS.get(indicator_id, public.PHRASES[indicator_id].topic)
    return (f"{topic} in {place}" + ("" if code == ENGLAND else " and England")
            + f", {public.period_words(str(points[0]['period_label']))} to "
            f"{public.period_words(str(points[-1]['period_label']))}"
            + (f" ({public_charts.CHART_UNITS[indicator_id]})"
               if indicator_id in public_charts.CHART_UNITS else ""))


def trend_table(series: Sequence[Mapping[str, Any]], code: str, name: str,
                meta: Mapping[str, Any]) -> html.Details:
    """The figures behind a trend chart, for anyone who cannot see it or wants numbers.
    The table is written as component JSON (layouts/plain.py): the page has one per
    chart, a few hundred cells in all, and building each as a Dash component was a third
    of the page's time."""
    rows = sorted(series, key=lambda r: r["period_start"])
    periods = list(dict.fromkeys(str(r["period_label"]) for r in rows))
    by_area = {(r["area_code"], str(r["period_label"])): r for r in rows}
    columns = [code] if code == ENGLAND else [code, ENGLAND]
    header = h("Tr", [h("Th", "Period", scope="col")] + [
        h("Th", name if c == code else "England", scope="col") for c in columns])
    body = []
    for period in reversed(periods):
        cells = [h("Th", period, scope="row")]
        for column in columns:
            row = by_area.get((column, period))
            cells.append(h("Td", public.cell_words(row.get("value"), meta, row.get("status"),
                                                   row.get("note")) if row else "no data"))
        body.append(h("Tr", cells))
    return html.Details([
        html.Summary("Show the figures as a table"),
        html.Div(h("Table", [h("Thead", header), h("Tbody", body)], className="table"),
                 className="table-wrap"),
    ], className="public-table")


def place_panel(store: Store, searched: Mapping[str, Any], area_name: str) -> html.Div:
    """What the ward or neighbourhood searched for is, and (for a neighbourhood) its
    employment deprivation in plain words."""
    kind = "ward" if searched["area_type"] == "ward" else "neighbourhood"
    lines = [html.P(html.Strong(public_places.place_statement(searched)),
                    className="place-statement")]
    if kind == "neighbourhood":
        values = store.neighbourhood_values(searched["area_code"], public_places.NEIGHBOURHOOD_IDS)
        lines += [html.P(s) for s in
                  public_places.neighbourhood_sentences("This neighbourhood", values)]
    lines.append(html.P(f"Most figures are not published for single {kind}s, so the rest of "
                        f"this page is about {area_name} as a whole."))
    return html.Div(lines, className="public-inset", id=Ids.PLACE, role="note",
                    **{"data-place": searched["area_code"]})


def replaced_notice(store: Store, area: Mapping[str, Any]) -> html.Div:
    """An area that no longer exists says what replaced it."""
    links = successor_links(area, store.public_place, public_places.area_href)
    text: list = [f"{area['area_name']} no longer exists as a council area: it "
                  f"ended{ended(area)}. "]
    if links:
        text += ["It was replaced by ", *links, ". "]
    text.append("The figures below are the last ones published for it.")
    return html.Div(html.P(text), className="public-inset warning", id=Ids.REPLACED,
                    role="note")


def neighbourhoods_section(store: Store, area: Mapping[str, Any],
                           metas: Mapping[str, Mapping[str, Any]]) -> html.Details | None:
    code, name = area["area_code"], area["area_name"]
    counts = store.area_deciles(code, public_places.EMPLOYMENT_DECILE)
    if not counts:
        return None
    graph = dcc.Graph(id=Ids.DECILES, figure=figures.deciles(counts, name), config=GRAPH_CONFIG,
                      className="public-graph")
    meta = metas.get(public_places.EMPLOYMENT_DECILE) or {}
    title = deciles_title(name)
    return fold(f"Neighbourhoods in {name}", "public-neighbourhoods-title",
                "How many are among the most deprived in England for employment, with a "
                "chart", [
        html.P(public_places.decile_summary(name, counts)),
        chart_figure(graph, title, public_charts.decile_description(name, counts),
                     public.source_text(meta),
                     [embed_panel(public_chart_path(code, PUBLIC_NEIGHBOURHOODS), title,
                                  f"{Ids.DECILES}-embed")]),
        download_links("public-area-neighbourhoods", {"area": code},
                       f"the figures in the chart of {name}'s neighbourhoods",
                       lead="Download the figures in this chart:",
                       link_id="public-area-neighbourhoods-downloads"),
        html.P("To read about one neighbourhood, search for its official name, like “"
               f"{name} 001A”: the page then says which ward it is in.", className="hint"),
    ], section_id=Ids.NEIGHBOURHOODS)


def deciles_title(name: str) -> str:
    return (f"{name}'s neighbourhoods by employment deprivation (number of neighbourhoods "
            "in each tenth of England, Indices of Deprivation 2025)")


def targets_section(store: Store, area: Mapping[str, Any]) -> html.Details | None:
    """The partnership's scorecard in plain words, where the partnership has made it
    public."""
    codes = [area["area_code"], area.get("upper_tier_code"), area.get("ca_code")]
    partnerships = [p for p in store.partnerships_of(tuple(c for c in codes if c))
                    if public_scorecard.is_public(p)]
    blocks = [(p["name"], partnership_block(store, p, area["area_code"]))
              for p in partnerships]
    names = [name for name, block in blocks if block is not None]
    if not names:
        return None
    who = " and ".join(names)
    hint = (f"How the {who} partnership is doing against its targets" if len(names) == 1
            else f"How the {who} partnerships are doing against their targets")
    return fold("Local targets", "public-targets-title", hint,
                [block for _, block in blocks if block is not None], section_id=Ids.TARGETS)


def partnership_block(store: Store, partnership: Mapping[str, Any],
                      code: str | None = None) -> html.Div | None:
    partnership_id = partnership["partnership_id"]
    scorecard = store.public_scorecard(partnership_id)
    statuses: Sequence[str] = [row["status"] for row in scorecard]
    illustrative = public_scorecard.is_illustrative(partnership, scorecard)
    items = public_scorecard.scorecard_items(scorecard)
    children: list = [html.H3(f"{partnership['name']} partnership")]
    if illustrative:
        children.append(html.P([html.Strong(public_scorecard.ILLUSTRATIVE_LABEL + "."),
                                (" These targets show how progress would be reported; the "
                                "figures behind them are real official statistics.")],
                               className="public-inset illustrative", role="note"))
    children.append(html.P(
        public_scorecard.scorecard_summary(partnership["name"], statuses, illustrative),
        className="scorecard-summary-line"))
    if items:
        counts = public_scorecard.status_counts(statuses)
        graph = dcc.Graph(id=Ids.status(partnership_id), figure=figures.status_bars(counts),
                          config=GRAPH_CONFIG, className="public-graph status-graph")
        children.append(chart_figure(graph, f"{partnership['name']} partnership's targets by "
                                            "progress (number of targets)",
                                     public_charts.status_description(counts),
                                     "Source: the partnership's targets, checked against the "
                                     "latest published figures."))
        children.append(html.Ul([
            html.Li([html.Span(item["status_text"], className=f"status-tag {item['status']}"),
                     html.P(item["sentence"])],
                    className="target-item", **{"data-indicator": item["indicator_id"],
                                                "data-status": item["status"]})
            for item in items], className="target-list"))
        if code:
            children.append(download_links(
                "public-area-targets", {"area": code, "partnership": partnership_id},
                f"the {partnership['name']} partnership's targets",
                lead="Download these targets:",
                link_id=f"public-area-targets-{partnership_id}-downloads"))
    return html.Div(children, className="partnership-block",
                    **{"data-partnership": partnership_id})
