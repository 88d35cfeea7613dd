"""Each downloadable view, rebuilt from its query through the request's store: the same
functions the page calls make the rows (so a download is what the page shows to the
person asking, with access rules and disclosure control applied by the store), and
dashboard/exports shapes them into a table.

`VIEWS` maps a download's name (/download/<name>.csv) to its builder: the query string's
values in (a repeated key as a list), a `tables.Table` out, or None for a view that does
not exist (an unknown area, indicator or partnership): the route answers 404.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from dashboard.common.geography import ENGLAND
from dashboard.exports import page_tables, public_tables
from dashboard.exports.tables import Table
from dashboard.methods import targets as model
from dashboard.views import (
    area_profile,
    explore,
    public,
    public_charts,
    public_headlines,
    public_places,
    public_scorecard,
)
from dashboard.views import maps as mapping
from dashboard.web import runtime
from layouts import area as area_page
from layouts import compare as compare_page
from layouts import indicator as indicator_page
from layouts import map as map_page
from layouts import neighbourhoods as nb_page
from layouts import public_area
from layouts import scorecard as scorecard_page

Query = Mapping[str, Any]


def _one(query: Query, key: str) -> str | None:
    """One value of a query-string key (the first of a repeated one), stripped."""
    value = query.get(key)
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    return value.strip() if isinstance(value, str) and value.strip() else None


# -- the analysts' pages ---------------------------------------------------------------------

def area_profile_view(query: Query) -> Table | None:
    """/area/<code>?benchmark=&level=: its theme tables (one with `theme`)."""
    store = runtime.store()
    code = (_one(query, "area") or "").upper()
    area = store.area(code) if code else None
    if area is None or area["area_type"] in ("lsoa", "ward"):
        return None
    benchmark = explore.benchmark_choice(query.get("benchmark"))
    level = explore.level_choice(query.get("level"))
    groups = area_profile.group_by_theme(area_page.profile_rows(store, area, benchmark, level))
    theme = _one(query, "theme")
    if theme and theme not in {key for key, _ in groups}:
        return None
    parents = store.parents(code)
    catalogue = store.catalogue_records()
    shown = {row["indicator_id"] for key, rows in groups for row in rows
             if not theme or key == theme}
    sources = sorted({str(catalogue[i]["source_org"]) for i in shown
                      if catalogue.get(i, {}).get("source_org")})
    url = area_page.profile_href(code, benchmark, level) + \
        (f"#theme-{area_page.theme_slug(theme)}" if theme else "")
    return page_tables.area_profile_table(
        groups, area, benchmark=benchmark, level=level,
        bench_name=area_page.benchmark_name(benchmark, parents),
        region_name=parents.get("region", {}).get("name"),
        sources=[f"Source: {s}, Open Government Licence v3.0" for s in sources], url=url,
        theme=theme)


def indicator_view(query: Query) -> Table | None:
    """/indicator/<id>?area=&compare=&period=: the data in its charts."""
    store = runtime.store()
    indicator_id = _one(query, "indicator")
    meta = store.indicator_meta(indicator_id) if indicator_id else None
    if meta is None:
        return None
    selection = indicator_page.resolve(store, indicator_id, query.get("area"),
                                       query.get("compare"), query.get("period"))
    names, rows, _name = indicator_page.download(store, selection)
    area = (store.area(selection.area) or {}).get("area_name", selection.area)
    ranking = selection.period or "the latest period"
    return page_tables.indicator_table(
        names, rows, meta, title=f"{meta['title']}: {area} and the areas compared with it, "
        f"and the ranking of {ranking}", source=indicator_page.source_line(meta),
        url=f"/indicator/{indicator_id}" + explore.query_string(
            indicator_page.download_query(selection) | {"indicator": None}),
        name_parts=(indicator_id, selection.area, selection.period or "latest"))


def compare_view(query: Query) -> Table | None:
    """/compare?areas=&indicators=&sort=&order=&benchmark=&level=: the matrix."""
    store = runtime.store()
    selection = compare_page.resolve(store, query.get("areas"), query.get("indicators"),
                                     query.get("sort"), query.get("order"),
                                     query.get("benchmark"), query.get("level"))
    if not selection.areas or not selection.indicators:
        return None
    latest, rows, columns, _areas = compare_page.matrix_data(store, selection)
    return page_tables.compare_table(
        latest, rows, columns, benchmark_words=selection.benchmark_words,
        level=selection.level,
        sources=[f"Source: {s}, Open Government Licence v3.0"
                 for s in compare_page.source_orgs(latest)],
        url="/compare" + selection.query())


def map_view(query: Query) -> Table | None:
    """/map?indicator=&period=&level=&extent=&scheme=&benchmark=&confidence=: the table
    of the mapped data."""
    store = runtime.store()
    known = {row["indicator_id"] for row in store.map_indicator_list()}
    indicator = _one(query, "indicator") or map_page.DEFAULT_INDICATOR
    if indicator not in known:
        return None
    periods = map_page.period_options(store.map_periods(indicator))
    period = map_page.choose_period(periods, _one(query, "period"))
    choices = map_page.choices(*[_one(query, key) for key in (
        "level", "extent", "scheme", "benchmark", "confidence")])
    view = map_page.la_map_view(store, indicator, period, *choices, with_rows=True)
    level, extent, scheme, benchmark, confidence = view["choices"]
    fmt = view["format"]
    url = "/map" + explore.query_string({
        "indicator": indicator, "period": period, "level": level, "extent": extent,
        "scheme": scheme, "benchmark": benchmark, "confidence": confidence})
    return page_tables.map_table(
        view["title"], view["rows"], scale=fmt.get("scale", 1),
        unit="%" if fmt.get("scale", 1) != 1 else mapping.unit_words(view["meta"]) or None,
        period=view["period_label"],
        comparison_title=map_page.comparison_title(benchmark, confidence),
        source=view["source"], url=url,
        name_parts=(indicator, period or "latest", level, extent))


def neighbourhoods_view(query: Query) -> Table | None:
    """/neighbourhoods?area=&measure=&geography=&scheme=: every row of the table of the
    mapped data."""
    store = runtime.store()
    area = (_one(query, "area") or ENGLAND).upper()
    if area not in {p["value"] for p in nb_page.place_options(store)}:
        return None
    measure = _one(query, "measure") or mapping.DEFAULT_MEASURE
    if measure not in {m["value"] for m in nb_page.measure_options(store)}:
        return None
    geography = _one(query, "geography")
    geography = geography if geography in nb_page.GEOGRAPHIES else "lsoa"
    view = nb_page.neighbourhood_view(store, area, measure, geography, _one(query, "scheme"),
                                      with_rows=True)
    fmt = view["format"]
    rows = view["rows"] if geography == "ward" else [
        (code, name, ward, value, shown, nb_page.decile_number(decile))
        for code, name, ward, value, shown, decile in view["rows"]]
    url = "/neighbourhoods" + explore.query_string({
        "area": area, "measure": measure, "geography": geography,
        "scheme": view["choices"][3]})
    return page_tables.neighbourhood_table(
        view["title"], geography, rows, scale=fmt.get("scale", 1),
        unit="%" if fmt.get("scale", 1) != 1 else mapping.unit_words(view["meta"]) or None,
        decile_title=f"National {view['decile_words'].lower()}", source=view["source"],
        url=url, name_parts=(area, measure, geography))


def scorecard_view(query: Query) -> Table | None:
    """/scorecard/<partnership>?status=&theme=: the grid's rows, filtered as shown."""
    store = runtime.store()
    partnership_id = _one(query, "partnership")
    info = store.partnership(partnership_id) if partnership_id else None
    if info is None:  # unknown, or not for this viewer: the same answer
        return None
    card = store.scorecard_records(partnership_id)
    statuses = [s for s in model.as_list(query.get("status")) if s in model.STATUSES]
    themes = model.as_list(query.get("theme"))
    shown = model.filter_records(card, statuses, themes)
    filters = "; ".join(part for part in (
        "status: " + ", ".join(model.STATUS_WORDS[s].lower() for s in statuses)
        if statuses else "", "theme: " + ", ".join(themes) if themes else "") if part)
    illustrative = any(bool(row["illustrative"]) for row in card)
    return page_tables.scorecard_table(
        info, shown, scorecard_page.grid_rows(shown, partnership_id), filters=filters,
        url=f"/scorecard/{partnership_id}" + scorecard_page.filter_search(statuses, themes),
        illustrative_note=model.ILLUSTRATIVE_NOTE_PLURAL + ": the data values are real "
        "published statistics" if illustrative else None)


# -- the residents' area page (always as the public sees it) --------------------------------

def _public_area(query: Query) -> tuple[Any, dict] | None:
    store = runtime.public_store()
    area = public_area.page_area(store, _one(query, "area"))
    return (store, area) if area is not None else None


def public_headlines_view(query: Query) -> Table | None:
    found = _public_area(query)
    if found is None:
        return None
    store, area = found
    metas, _values, records = public_area.page_values(store, area)
    shown = [r for r in records if r["state"] != "missing"]
    return public_tables.headlines_table(area, public_headlines.by_theme(shown), metas,
                                         f"/public/area/{area['area_code']}")


def public_trend_view(query: Query) -> Table | None:
    found = _public_area(query)
    indicator = _one(query, "indicator")
    if found is None or indicator not in public_charts.TREND_CHART_IDS:
        return None
    store, area = found
    metas, values, _records = public_area.page_values(store, area)
    code = area["area_code"]
    codes = (code,) if code == ENGLAND else (code, ENGLAND)
    series = public_charts.series_rows(values, indicator, codes)
    points = public_charts.trend_points(series, code)
    if metas.get(indicator) is None or not points:
        return None  # the page draws no chart
    title = public_area.trend_title(indicator, code,
                                    public.place_phrase(area["area_name"], area["area_type"]),
                                    points)
    return public_tables.trend_table(area, indicator, title, series, metas[indicator],
                                     f"/public/area/{code}")


def public_deciles_view(query: Query) -> Table | None:
    found = _public_area(query)
    if found is None:
        return None
    store, area = found
    counts = store.area_deciles(area["area_code"], public_places.EMPLOYMENT_DECILE)
    if not counts:
        return None
    meta = store.indicator_words(public_area.PAGE_INDICATORS).get(
        public_places.EMPLOYMENT_DECILE) or {}
    return public_tables.deciles_table(area, counts, public_area.deciles_title(area["area_name"]),
                                       public.source_text(meta),
                                       f"/public/area/{area['area_code']}")


def public_targets_view(query: Query) -> Table | None:
    found = _public_area(query)
    if found is None:
        return None
    store, area = found
    codes = [area["area_code"], area.get("upper_tier_code"), area.get("ca_code")]
    wanted = _one(query, "partnership")
    partnership = next((p for p in store.partnerships_of(tuple(c for c in codes if c))
                        if public_scorecard.is_public(p) and p["partnership_id"] == wanted),
                       None)
    if partnership is None:
        return None
    scorecard = store.public_scorecard(wanted)
    illustrative = public_scorecard.is_illustrative(partnership, scorecard)
    return public_tables.targets_table(
        area, partnership, public_scorecard.scorecard_items(scorecard),
        public_scorecard.ILLUSTRATIVE_LABEL if illustrative else None,
        f"/public/area/{area['area_code']}")


VIEWS: dict[str, Callable[[Query], Table | None]] = {
    "area-profile": area_profile_view,
    "indicator": indicator_view,
    "compare": compare_view,
    "map": map_view,
    "neighbourhoods": neighbourhoods_view,
    "scorecard": scorecard_view,
    "public-area-headlines": public_headlines_view,
    "public-area-trend": public_trend_view,
    "public-area-neighbourhoods": public_deciles_view,
    "public-area-targets": public_targets_view,
}
