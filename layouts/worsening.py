"""Worse and getting worse: a Fingertips-style finder of indicators where an area is
significantly worse than its benchmark and its recent trend is getting worse, for one area
across indicators (?area=) or one indicator across areas (?indicator=&type=). Benchmark
and confidence level are links (?benchmark=&level=): state lives in the URL, no callbacks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import parse_qs

from dash import dcc, html

from dashboard.common.geography import ENGLAND
from dashboard.store import Store
from dashboard.views import explore, finder
from dashboard.views.finder import AREA, INDICATOR, FinderQuery
from dashboard.web import runtime
from layouts.components import (
    area_suggestions,
    benchmark_switch,
    page_header,
    problem_page,
    unknown_code_text,
)

HEADING = "Worse and getting worse"


class Ids:
    PAGE = "worsening-page"
    SUMMARY = "worsening-summary"
    COVERAGE = "worsening-coverage"
    TREND_NOTE = "worsening-trend-note"
    TABLE = "worsening-table"
    NONE_FOUND = "worsening-none"
    SWITCH = "worsening-switch"
    TYPE_SWITCH = "worsening-type"
    OTHERS = "worsening-others"


def _request_query() -> dict[str, Any]:
    """The query string of the page being shown. Dash calls a page's title function with
    path variables only, so it is read from the routing callback's input (navigation in
    the browser) or from the request (the first load)."""
    from dash import ctx
    from flask import has_request_context, request

    try:
        search = ctx.inputs.get("_pages_location.search")
    except Exception:  # noqa: BLE001 - not inside a callback
        search = None
    if isinstance(search, str):
        return {k: v[0] for k, v in parse_qs(search.lstrip("?")).items()}
    return request.args.to_dict() if has_request_context() else {}


def _title(**_: Any) -> str:
    """The browser tab's title: the area's or indicator's name where it is known."""
    try:
        query = _request_query()
        store = runtime.store()
        area = store.area(str(query.get("area", "")).strip().upper()) \
            if query.get("area") else None
        meta = store.indicator(str(query.get("indicator", "")).strip()) \
            if query.get("indicator") and not area else None
    except Exception:  # noqa: BLE001 - a title must never break the page
        area = meta = None
    if area:
        return f"{area['area_name']}: worse and getting worse - Placeboard"
    if meta:
        return f"{meta['title']}: areas worse and getting worse - Placeboard"
    return f"{HEADING} - Placeboard"


PAGE = {"path": finder.PATH, "title": _title, "order": 6}


def layout(area: Any = None, indicator: Any = None, benchmark: Any = None,
           level: Any = None, type: Any = None, **_query: object) -> html.Div:
    """/worsening?area= or ?indicator= (with benchmark, level and type), or the start page;
    anything not understood gets a page that says what and offers links that work."""
    store = runtime.store()
    query = finder.parse_query(area, indicator, benchmark, level, type)
    if query.problems:
        return bad_parameters(query)
    if query.view == AREA:
        return area_view(store, query)
    if query.view == INDICATOR:
        return indicator_view(store, query)
    return start_page(store)


# -- problems -----------------------------------------------------------------------------

def bad_parameters(query: FinderQuery) -> html.Div:
    """A helpful page for a benchmark, level or type we do not know (or both views)."""
    if query.area and query.indicator:
        links = [("The indicators for this area", finder.href(area=query.area)),
                 ("The areas for this indicator", finder.href(indicator=query.indicator))]
    elif query.area or query.indicator:
        # what was understood is kept; what was not is back to its default
        bench = explore.BENCHMARK_CHOICES[query.benchmark].lower().replace("england",
                                                                            "England")
        links = [(f"This view, compared with {bench} at the {query.level}% level",
                  finder.href(query.area, query.indicator, query.benchmark, query.level,
                              query.area_type))]
    else:
        links = []
    links.append(("Start again", finder.PATH))
    return problem_page("This address is not quite right", " ".join(query.problems),
                        links)


def unknown_area(store: Store, code: str) -> html.Div:
    """A helpful page for an area code we do not know, with codes and names like it."""
    # area_suggestions links to profiles; here each suggestion opens the same finder view
    links = [(label, finder.href(area=link.rsplit("/", 1)[-1]))
             for label, link in area_suggestions(store, code)]
    return problem_page("Area not found", unknown_code_text(code) + "Choose one below, or "
                        "search for the area by name on the home page.", links)


def unknown_indicator(store: Store, indicator_id: str) -> html.Div:
    """A helpful page for an indicator id we do not know (or the viewer may not see)."""
    suggestions = explore.suggest_indicators(indicator_id, store.indicators())
    links = [(title, finder.href(indicator=link.rsplit("/", 1)[-1]))
             for title, link in suggestions]
    return problem_page(
        "Indicator not found",
        f"There is no indicator called “{indicator_id}”. Every indicator is listed on the "
        "Data page.", links + [("All indicators (Data page)", "/data")])


def not_listed_area(area: Mapping[str, Any], query: FinderQuery) -> html.Div | None:
    """England, neighbourhoods and a benchmark the area has no comparison with get a
    page that says why, with links that work; None when the area can be shown."""
    code, name = area["area_code"], area["area_name"]
    if code == ENGLAND:
        return problem_page(
            "England is the benchmark",
            "Every other area is compared with England, so England itself is never worse "
            "than it. Choose a local authority or county.",
            [(n, finder.href(area=c)) for c, n in explore.PARTNERSHIP_AREAS])
    if area.get("area_type") in ("lsoa", "ward"):
        return problem_page(
            f"{name} is a neighbourhood",
            f"{name} ({code}) is a {explore.area_type_label(area['area_type']).lower()}: "
            "indicators are compared with a benchmark for local authorities and larger "
            "areas. Neighbourhood data is on the Neighbourhoods page.",
            [("Neighbourhoods", f"/neighbourhoods?area={code}")])
    choices = finder.benchmark_choices(area.get("area_type"))
    if query.benchmark not in choices:
        return problem_page(
            f"{name} has no {explore.BENCHMARK_CHOICES[query.benchmark].lower()} benchmark",
            f"{name} is a {explore.area_type_label(area.get('area_type')).lower()}, so it "
            f"is not compared with {explore.BENCHMARK_CHOICES[query.benchmark].lower()}. "
            "Choose another benchmark.",
            [(f"Compared with {text}", finder.href(area=code, benchmark=key,
                                                    level=query.level))
             for key, text in choices.items()])
    return None


# -- the area view ------------------------------------------------------------------------

def area_view(store: Store, query: FinderQuery) -> html.Div:
    """Every indicator for one area where it is worse than the benchmark and getting
    worse, with how many are each."""
    code = query.area or ""
    area = store.area(code)
    if area is None:
        return unknown_area(store, code)
    problem = not_listed_area(area, query)
    if problem is not None:
        return problem
    name = area["area_name"]
    rows = finder.finder_rows(store.judged_indicators(code, query.benchmark,
                                                      query.level_value), AREA)
    bench_name = finder.first_name(rows) or store.parents(code).get("region", {}).get("name")
    words = finder.benchmark_words(query.benchmark, AREA, bench_name)
    children: list = [
        page_header(f"{name}: worse and getting worse",
                    f"{code}. Indicators where {name} is significantly worse than "
                    f"{words} and its recent trend is getting worse.",
                    caption=f"{HEADING} · {explore.area_type_label(area['area_type'])}"),
        _area_links(area),
        benchmark_switch(lambda b, lv: finder.href(area=code, benchmark=b, level=lv),
                         query.benchmark, query.level,
                         finder.benchmark_choices(area.get("area_type")), id=Ids.SWITCH),
    ]
    if explore.is_obsolete(area):
        children.append(html.P(f"{name}'s code is no longer in use; the values are the last "
                               "published for it.", className="notice", role="note"))
    if not rows:
        children.append(html.P(f"No indicator values are published for {name}.",
                               className="lead", id=Ids.SUMMARY))
        return _page(children, query)
    counts = finder.count_rows(rows)
    children += _findings(rows, counts, finder.area_sentence(counts, name, words),
                          finder.coverage_sentence(counts, ("indicator", "indicators"),
                                                   words, query.level),
                          ("indicator", "indicators"), query, AREA,
                          f"Indicators where {name} is significantly worse than {words} "
                          f"({query.level}% level) and getting worse", bench_name, name)
    return _page(children, query, code)


def _area_links(area: Mapping[str, Any]) -> html.Nav:
    code = area["area_code"]
    return html.Nav(html.Ul([
        html.Li(dcc.Link(f"{area['area_name']}'s area profile", href=explore.area_href(code))),
        html.Li(dcc.Link("Compare with other areas",
                         href=explore.compare_href([code, ENGLAND]))),
    ], className="action-list"), **{"aria-label": "About this area"})


# -- the indicator view -------------------------------------------------------------------

def indicator_view(store: Store, query: FinderQuery) -> html.Div:
    """Every local authority (or county) where one indicator is worse than the benchmark
    and getting worse, with how many are each."""
    meta = store.indicator(query.indicator or "")
    if meta is None:
        return unknown_indicator(store, query.indicator or "")
    indicator_id, title = meta["indicator_id"], meta["title"]
    one, many = finder.AREA_TYPES[query.area_type]
    rows = finder.finder_rows(store.judged_areas(indicator_id, query.area_type,
                                                 query.benchmark, query.level_value),
                              INDICATOR)
    words = finder.benchmark_words(query.benchmark, INDICATOR)
    children: list = [
        page_header(f"{title}: areas worse and getting worse",
                    f"English {many} where {title} is significantly worse than {words} "
                    "and the recent trend is getting worse.",
                    caption=f"{HEADING} · Indicator"),
        html.Nav(html.Ul([html.Li(dcc.Link(f"About {title}, its trend and ranking",
                                           href=explore.indicator_href(indicator_id)))],
                         className="action-list"), **{"aria-label": "About this indicator"}),
        _type_switch(indicator_id, query),
        benchmark_switch(lambda b, lv: finder.href(indicator=indicator_id, benchmark=b,
                                                   level=lv, area_type=query.area_type),
                         query.benchmark, query.level, explore.BENCHMARK_CHOICES,
                         id=Ids.SWITCH),
    ]
    if not rows:
        children.append(html.P(f"No values of {title} are published for English {many}.",
                               className="lead", id=Ids.SUMMARY))
        return _page(children, query)
    counts = finder.count_rows(rows)
    children += _findings(rows, counts,
                          finder.indicator_sentence(counts, title, words, query.area_type),
                          finder.coverage_sentence(counts, (one, many), words, query.level),
                          (one, many), query, INDICATOR,
                          f"English {many} where {title} is significantly worse than "
                          f"{words} ({query.level}% level) and getting worse")
    return _page(children, query, indicator_id)


def _type_switch(indicator_id: str, query: FinderQuery) -> html.Nav:
    """'Areas: Local authorities · Counties' as links, the current one marked."""
    items = []
    for key, (_, many) in finder.AREA_TYPES.items():
        text = many[:1].upper() + many[1:]
        if key == query.area_type:
            items.append(html.Li(html.Strong(text, **{"aria-current": "true"}),
                                 className="switch-current"))
        else:
            items.append(html.Li(dcc.Link(text, href=finder.href(
                indicator=indicator_id, benchmark=query.benchmark, level=query.level,
                area_type=key))))
    return html.Nav(html.Div([html.Span("Areas:", className="switch-label"),
                              html.Ul(items, className="switch-options")],
                             className="switch"),
                    className="benchmark-switch", id=Ids.TYPE_SWITCH,
                    **{"aria-label": "Type of area"})


# -- shared parts -------------------------------------------------------------------------

def _findings(rows: Sequence[dict], counts: finder.FinderCounts, sentence: str,
              coverage: str, noun: tuple[str, str], query: FinderQuery, view: str,
              caption: str, bench_name: str | None = None,
              area_name: str | None = None) -> list:
    """The counts, the trend note, the table of rows both worse and getting worse, and
    the rows that are only one of the two."""
    children: list = [html.P(sentence, className="lead", id=Ids.SUMMARY),
                      html.P(coverage, id=Ids.COVERAGE)]
    note = finder.trend_note(counts, noun, [r["trend_reason"] for r in rows
                                            if r["trend"] == finder.NOT_CALCULATED])
    if note:
        children.append(html.P(note, className="notice", role="note", id=Ids.TREND_NOTE))
    found = finder.worse_and_worsening(rows)
    if found:
        children.append(findings_table(found, caption, view, query, bench_name, area_name))
    else:
        children.append(html.P(f"No {noun[1]} are both significantly worse and getting "
                               "worse.", className="none-found", id=Ids.NONE_FOUND))
    children.append(_others(rows, noun))
    children.append(_how_to_read(query))
    return children


def findings_table(rows: Sequence[Mapping[str, Any]], caption: str, view: str,
                   query: FinderQuery, bench_name: str | None = None,
                   area_name: str | None = None) -> html.Div:
    """A real table: caption, column and row headers, judgement as word and glyph."""
    headers = ["Indicator" if view == AREA else "Area", "Period",
               area_name if view == AREA and area_name else "Value",
               finder.benchmark_heading(query.benchmark, view, bench_name),
               f"Compared with {finder.benchmark_words(query.benchmark, view, bench_name)} "
               f"({query.level}%)", "Recent trend"]

    def cell(children: Any, index: int, class_name: str | None = None) -> html.Td:
        # data-label: the column name shown before the cell when the table stacks (320px)
        return html.Td(children, className=class_name, **{"data-label": headers[index]})

    body = [html.Tr([
        html.Th(dcc.Link(row["label"], href=row["href"]), scope="row"),
        cell(row["period"], 1),
        cell(row["value_text"], 2, "value"),
        cell(row["benchmark_text"], 3),
        cell([_judgement(row), html.P(row["comparison_reason"], className="reason")], 4,
             "comparison"),
        cell([_trend(row), html.P(row["trend_reason"], className="reason")], 5,
             "trend-cell"),
    ], className="finder-row", **{"data-key": row["key"]}) for row in rows]
    return html.Div(html.Table([
        html.Caption(caption, className="finder-caption"),
        html.Thead(html.Tr([html.Th(h, scope="col") for h in headers])),
        html.Tbody(body),
    ], className="table finder-table", id=Ids.TABLE), className="table-wrap")


def _judgement(row: Mapping[str, Any]) -> html.Span:
    return html.Span([html.Span(row["comparison_glyph"], **{"aria-hidden": "true"}), " ",
                      row["comparison_word"]], className=f"judgement {row['comparison']}")


def _trend(row: Mapping[str, Any]) -> html.Span:
    return html.Span([html.Span(row["trend_glyph"], **{"aria-hidden": "true"}), " ",
                      row["trend_word"]], className=f"trend {row['trend_class']}")


def _others(rows: Sequence[Mapping[str, Any]], noun: tuple[str, str]) -> html.Div:
    """The rows that are worse but not getting worse, and getting worse but not worse,
    so a short (or empty) table is not the whole story."""
    parts = []
    for flag, other, title in (
            ("is_worse", "trend_word", "Significantly worse, not getting worse"),
            ("is_getting_worse", "comparison_word", "Getting worse, not significantly worse")):
        picked = [r for r in rows if r[flag] and not r["is_both"]]
        if not picked:
            continue
        items = [html.Li([dcc.Link(r["label"], href=r["href"]), f": {r[other]}"])
                 for r in picked]
        parts.append(html.Details([
            html.Summary(f"{title} ({finder.plural(len(picked), *noun)})"),
            html.Ul(items, className="finder-list")], className="more"))
    return html.Div(parts, id=Ids.OTHERS)


def _how_to_read(query: FinderQuery) -> html.Details:
    return html.Details([
        html.Summary("How this is worked out"),
        html.P(f"Significantly worse: the benchmark's value lies outside the value's "
               f"{query.level}% confidence interval, on the worse side (indicators without "
               "intervals use the spread rule: the reason says when). Indicators with no "
               "better or worse direction are never counted as worse."),
        html.P("Getting worse: Fingertips' recent-trend method, over the latest five "
               "consecutive periods with confidence intervals or counts, at the 99.8% level. "
               "Where it cannot be calculated the trend's reason says why."),
        html.P("Each is the latest published period for the area. Deprivation (IoD 2025) "
               "summaries are left out: one release, with no benchmark judgement or trend."),
        html.P(dcc.Link("How Placeboard judges values", href="/about#methods")),
    ], className="key")


def _page(children: list, query: FinderQuery, key: str | None = None) -> html.Div:
    return html.Div(children, className="worsening-page", id=Ids.PAGE,
                    **{"data-view": query.view, "data-key": key or "",
                       "data-benchmark": query.benchmark, "data-level": query.level})


# -- the start page -----------------------------------------------------------------------

def start_page(store: Store) -> html.Div:
    """Neither an area nor an indicator: choose one, and see where a trend can be found."""
    coverage = finder.coverage_rows(store.trend_coverage(finder.DEFAULT_AREA_TYPE))
    with_trend = [r for r in coverage if r["n_trends"] > 0]
    areas = html.Ul([html.Li(dcc.Link(name, href=finder.href(area=code)))
                     for code, name in explore.PARTNERSHIP_AREAS], className="finder-list")
    indicators = html.Ul([html.Li([
        dcc.Link(r["title"], href=finder.href(indicator=r["indicator_id"])),
        f": trend calculated for {r['n_trends']} of {r['n_areas']} local authorities"])
        for r in with_trend], className="finder-list")
    return html.Div([
        page_header(HEADING, "Find indicators where an area is significantly worse than "
                    "England, its region or its statistical neighbours, and its recent "
                    "trend is getting worse.", caption="Finder"),
        html.H2("For an area"),
        html.P("Open one of the partnership areas, or any area from its profile."),
        areas,
        html.H2("For an indicator, across local authorities"),
        html.P(f"The recent trend can be calculated for {len(with_trend)} of the "
               f"{len(coverage)} indicators published for local authorities; the others "
               "lack the five consecutive periods with confidence intervals or counts it "
               "needs.", id=Ids.SUMMARY),
        indicators,
    ], className="worsening-page", id=Ids.PAGE, **{"data-view": "start"})
