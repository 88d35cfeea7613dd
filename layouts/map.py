"""Local authority map (/map?indicator=&period=&level=&extent=&scheme=), and the map pieces
shared with the neighbourhood map and the worklessness explorer (canvas, legend, table,
pickers, and the body of a map page under its pickers)."""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd
from dash import dcc, html

from dashboard.common import attribution
from dashboard.views import geometry
from dashboard.views import maps as mapping
from dashboard.web import runtime
from layouts.components import page_header, problem_page
from layouts.download_links import download_links
from layouts.plain import h, link

PAGE = {"path": "/map", "title": "Map an indicator by local authority - Placeboard",
        "order": 3}

LEVELS = {
    "lad": "Lower tier (districts and unitaries)",
    "ctyua": "Upper tier (counties and unitaries)",
    "region": "Regions",
}
EXTENTS = {"england": "England", "uk": "United Kingdom"}
BENCHMARKS = {"england": "England", "region": "Region"}
CONFIDENCE = {"95": "95%", "99.8": "99.8%"}
EXTENT_CODES = {"england": geometry.ENGLAND, "uk": geometry.UK}
DEFAULT_INDICATOR = "claimant-count"


class Ids:
    INDICATOR = "map-indicator"
    PERIOD = "map-period"
    LEVEL = "map-level"
    EXTENT = "map-extent"
    SCHEME = "map-scheme"
    BENCHMARK = "map-benchmark"
    CONFIDENCE = "map-confidence"
    MAP = "map-canvas"
    DATA = "map-data"
    LEGEND = "map-legend"
    STATUS = "map-status"
    TITLE = "map-title"
    TABLE = "map-table"
    DETAILS = "map-table-details"
    SUMMARY = "map-table-summary"
    SOURCE = "map-source"
    URL_KEYS = "map-url-keys"
    DOWNLOADS = "map-downloads"


# --- shared pieces --------------------------------------------------------------------------

# The text alternative of each page's map: the data table (a <details> opened on demand)
# or the worklessness explorer's grid. Pages may also pass table_id to map_canvas.
MAP_TABLES = {"map-canvas": "map-table-details", "nb-map": "nb-table-details",
              "wk-map": "wk-grid"}
TABLE_LINK_TEXT = "Table of the mapped data"


def map_canvas(map_id: str, label: str, small: bool = False,
               table_id: str | None = None) -> html.Div:
    """The element assets/maps.js draws into (a canvas with an aria-label is added there).

    A canvas cannot be read by a screen reader and is awkward with a keyboard, so a
    visible link, first in the map, takes keyboard users to the same values as a table
    (assets/maps.js opens the table and moves focus to it); the canvas itself also steps
    from area to area with the arrow keys. An optional tile basemap comes from
    Settings.basemap_tiles; without it the map is drawn from the boundaries alone, so it
    works offline."""
    tiles = runtime.settings().basemap_tiles or ""
    table = table_id or MAP_TABLES.get(map_id)
    children = [html.P("Loading the map…", className="pb-map-loading")]
    if table:
        children.insert(0, html.A(TABLE_LINK_TEXT, href=f"#{table}",
                                  className="pb-map-table-link", id=f"{map_id}-table-link",
                                  **{"data-table": table}))
    return html.Div(children, id=map_id,
                    className="pb-map pb-map--small" if small else "pb-map",
                    **{"data-label": label, "data-tiles": tiles})


def legend(title: str, entries: list[dict], direction: str, scheme: str,
           note: str | None = None) -> html.Div:
    """Legend: one row per class (swatch, range with units, count), then no data and
    suppressed areas, named."""
    items = []
    for entry in entries:
        kind = entry["kind"]
        swatch_class = "pb-swatch" if kind == "class" else f"pb-swatch {kind}"
        style = {"background": entry["colour"]} if kind == "class" else None
        items.append(html.Li([html.Span(className=swatch_class, style=style,
                                        **{"aria-hidden": "true"}),
                              html.Span(mapping.legend_text(entry))],
                             className=f"legend-{kind}",
                             **{"data-count": str(entry["count"])}))
    children = [html.H2(title), html.Ul(items),
                html.P(direction, className="direction"),
                html.P(f"Classes: {mapping.SCHEMES.get(scheme, scheme).lower()}.",
                       className="direction")]
    if note:
        children.append(html.P(note, className="pb-approximate"))
    return html.Div(children, className="pb-legend")


def data_table(caption: str, headers: Iterable[str], rows: Iterable[list],
               table_id: str | None = None) -> html.Div:
    """The text alternative to a map: the same values as a table (its rows, hundreds of
    cells, in the JSON form Dash sends: layouts/plain.py)."""
    body = [h("Tr", [h("Td", cell) for cell in row]) for row in rows]
    table = h("Table", [h("Caption", caption),
                        h("Thead", h("Tr", [h("Th", text, scope="col") for text in headers])),
                        h("Tbody", body)], className="table")
    return html.Div(table, className="table-wrap pb-table-scroll", id=table_id or "")


def radios(component_id: str, options: dict[str, str], value: str, label: str) -> html.Div:
    return html.Div([html.Span(label, className="pb-label", id=f"{component_id}-label"),
                     dcc.RadioItems(id=component_id, value=value, className="radio-inline",
                                    options=[{"label": v, "value": k}
                                             for k, v in options.items()])],
                    className="pb-control", role="group",
                    **{"aria-labelledby": f"{component_id}-label"})


def dropdown(component_id: str, options: list[dict], value: object, label: str,
             wide: bool = False, **extra: object) -> html.Div:
    return html.Div([html.Label(label, htmlFor=component_id),
                     dcc.Dropdown(id=component_id, options=options, value=value,
                                  **{"clearable": False, **extra})],
                    className="pb-control wide" if wide else "pb-control")


def controls(*children: object) -> html.Div:
    """One row of a map page's pickers."""
    return html.Div(list(children), className="pb-controls")


def live_legend(legend_id: str, content: object) -> html.Div:
    """The legend's holder: screen readers hear it change with the map."""
    return html.Div(content, id=legend_id, **{"aria-live": "polite"})


def map_body(ids: type, view: dict, canvas_label: str, beside: object,
             after_source: Iterable[object] = ()) -> list:
    """The middle of a map page, under its pickers: the view's title, the map with what
    sits `beside` it (the legend, say), the live status for screen readers, the source
    line, anything `after_source`, and the table of the mapped data (a <details> filled
    when first opened). `ids` names the page's elements (TITLE, MAP, STATUS, SOURCE,
    SUMMARY, TABLE, DETAILS)."""
    return [
        html.H2(view["title"], id=ids.TITLE, className="h2"),
        html.Div([map_canvas(ids.MAP, canvas_label), beside], className="pb-map-layout"),
        html.P(id=ids.STATUS, className="visually-hidden", **{"aria-live": "polite"}),
        html.P(view["source"], id=ids.SOURCE, className="source-line"),
        *after_source,
        html.Details([html.Summary("Table of the mapped data (text alternative)",
                                   id=ids.SUMMARY),
                      html.Div(id=ids.TABLE)], open=False, id=ids.DETAILS,
                     className="pb-table-details"),
    ]


# --- the local authority map page -----------------------------------------------------------

def period_options(periods: pd.DataFrame | list[dict]) -> list[dict]:
    """Periods with values, latest first (store.periods or store.map_periods)."""
    rows = periods.to_dict("records") if isinstance(periods, pd.DataFrame) else periods
    return [{"label": str(row["period_label"]),
             "value": pd.Timestamp(row["period_start"]).date().isoformat()}
            for row in reversed(rows) if row["n_values"] > 0]


def choose_period(options: list[dict], requested: str | None) -> str | None:
    """The requested period (ISO date or label as published), else the latest."""
    if not options:
        return None
    for option in options:
        if requested in (option["value"], option["label"]):
            return option["value"]
    return options[0]["value"]


def layout(indicator: str | None = None, period: str | None = None, level: str | None = None,
           extent: str | None = None, scheme: str | None = None,
           benchmark: str | None = None, confidence: str | None = None,
           **_query: object) -> html.Div:
    store = runtime.store()
    indicators = store.map_indicator_list()
    known = {row["indicator_id"] for row in indicators}
    if indicator and indicator not in known:
        return _unknown_indicator(indicator, indicators)
    indicator = indicator or (DEFAULT_INDICATOR if DEFAULT_INDICATOR in known
                              else indicators[0]["indicator_id"])
    periods = period_options(store.map_periods(indicator))
    level, extent, scheme, benchmark, confidence = choices(level, extent, scheme, benchmark,
                                                           confidence)
    options = [{"label": row["title"], "value": row["indicator_id"]} for row in indicators]
    chosen_period = choose_period(periods, period)
    # The first view is part of the page, so the map draws without a callback round trip.
    view = la_map_view(store, indicator, chosen_period, level, extent, scheme, benchmark,
                       confidence)
    return html.Div([
        page_header("Map an indicator", "Local authorities coloured by their value, with "
                    "real boundaries. Hover for values and the comparison with England or the "
                    "region; "
                    "click an area to open its profile.", caption="Map"),
        controls(dropdown(Ids.INDICATOR, options, indicator, "Indicator", wide=True),
                 dropdown(Ids.PERIOD, periods, chosen_period, "Period")),
        controls(radios(Ids.LEVEL, LEVELS, level, "Areas"),
                 radios(Ids.EXTENT, EXTENTS, extent, "Coverage"),
                 radios(Ids.SCHEME, mapping.SCHEMES, scheme, "Class breaks")),
        controls(radios(Ids.BENCHMARK, BENCHMARKS, benchmark, "Compare with"),
                 radios(Ids.CONFIDENCE, CONFIDENCE, confidence, "Confidence level")),
        *map_body(Ids, view, "Map of local authorities coloured by the chosen indicator. "
                  "The same data is in the table below the map.",
                  live_legend(Ids.LEGEND, view["legend"]),
                  after_source=[html.Div(map_downloads(
                      indicator, chosen_period, level, extent, scheme, benchmark, confidence,
                      view["title"]), id=Ids.DOWNLOADS)]),
        dcc.Store(id=Ids.DATA, data=view["payload"]),
        dcc.Store(id=Ids.URL_KEYS, data=["indicator", "period", "level", "extent", "scheme",
                                         "benchmark", "confidence"]),
    ])


def _unknown_indicator(indicator: str, indicators: list[dict]) -> html.Div:
    """A helpful page for an indicator with no local authority data: titles like it."""
    word = str(indicator).split("-")[0].upper()
    close = [row for row in indicators if word in str(row["title"]).upper()][:5]
    return problem_page(
        "No map for that indicator",
        f"'{indicator}' is not an indicator with local authority data. Choose one from "
        "the list on the map page.",
        [(row["title"], f"/map?indicator={row['indicator_id']}") for row in close]
        + [("Map the Claimant Count", "/map?indicator=claimant-count")])


def choices(level: str | None, extent: str | None, scheme: str | None,
            benchmark: str | None, confidence: str | None
            ) -> tuple[str, str, str, str, str]:
    """The map's choices from the address or the pickers, each one we know or its
    default."""
    return (level if level in LEVELS else "lad",
            extent if extent in EXTENTS else "england",
            scheme if scheme in mapping.SCHEMES else mapping.DEFAULT_SCHEME,
            benchmark if benchmark in BENCHMARKS else "england",
            confidence if confidence in CONFIDENCE else "95")


def map_downloads(indicator: str | None, period: str | None, level: str | None,
                  extent: str | None, scheme: str | None, benchmark: str | None,
                  confidence: str | None, title: str) -> dict | None:
    """The links to download the table of the mapped data for one choice."""
    if not indicator:
        return None
    level, extent, scheme, benchmark, confidence = choices(level, extent, scheme, benchmark,
                                                           confidence)
    return download_links("map", {"indicator": indicator, "period": period, "level": level,
                                  "extent": extent, "scheme": scheme, "benchmark": benchmark,
                                  "confidence": confidence},
                          f"the table of the mapped data ({title})",
                          lead="Download the mapped data:", link_id="map-download-links")


# --- the view for one choice (used by the layout and by callbacks/map.py) -------------

LEVEL_WORDS = {"lad": "lower-tier local authorities", "ctyua": "upper-tier local authorities",
               "region": "regions"}


def level_rows(store, indicator: str, period: str | None, level: str,
               benchmark: str = "england", confidence: str = "95") -> list[dict]:
    """One period of an indicator for the areas of a map level (lower tier, upper tier or
    region), with England's value and the stored comparison with the benchmark: records
    in store.period_values' order (by area name)."""
    types = {"lad": ("lad",), "ctyua": ("lad", "county"), "region": ("region",)}[level]
    rows = sorted(store.map_values(indicator, period, types, benchmark,
                                   {"95": 0.95, "99.8": 0.998}[confidence]),
                  key=lambda row: row["area_name"] or "")  # as period_values orders them
    if level == "lad":
        return [row for row in rows if row["is_lower_tier"]]
    if level == "ctyua":
        return [row for row in rows if row["is_upper_tier"] or row["area_type"] == "county"]
    return rows


def la_map_view(store, indicator: str | None, period: str | None, level: str | None,
                extent: str | None, scheme: str | None, benchmark: str | None = "england",
                confidence: str | None = "95", with_table: bool = False,
                with_rows: bool = False) -> dict:
    """Everything the LA map shows for one choice: values payload, legend, title, source and
    (``with_table``) the text-alternative table, built only when someone opens it, or
    (``with_rows``) that table's rows, for the download.

    Worked on plain records (a few hundred areas): pandas cost more than the reads."""
    level, extent, scheme, benchmark, confidence = choices(level, extent, scheme, benchmark,
                                                           confidence)
    meta = store.map_indicator(indicator) if indicator else None
    if meta is None:
        return {"payload": None, "legend": "Choose an indicator.", "table": None,
                "title": "Choose an indicator", "source": None}
    payload_geometry = geometry.payload_for(store, level, EXTENT_CODES[extent])
    codes = list(payload_geometry.codes)
    rows = level_rows(store, indicator, period, level, benchmark, confidence)
    fmt = mapping.display_format(meta)
    period_label = next((str(row["period_label"]) for row in rows
                         if _present(row["period_label"])), "no period")
    aligned = _row_per_code(rows, codes)
    values = [row["value"] if row is not None else None for row in aligned]
    names = store_names(aligned, payload_geometry)
    status = mapping.area_status(
        values, [row["status"] if row is not None else None for row in aligned],
        [row["note"] if row is not None else None for row in aligned])
    national = [row["value"] for row in rows if row["area_code"].startswith("E")]
    classification = mapping.classify(values, scheme, mapping.DEFAULT_CLASSES,
                                      national=national, value_type=meta.get("value_type"))
    colours = mapping.class_colours(classification.k, meta["polarity"])
    entries = mapping.legend_entries(classification, colours, fmt, status, names)
    notes = mapping.record_comparison_notes(aligned, fmt, confidence)
    title = f"{meta['title']}, {period_label}: {LEVEL_WORDS[level]} in {EXTENTS[extent]}"
    payload = {
        "geometry": payload_geometry.url, "n": len(codes),
        "classes": mapping.class_codes(classification, status),
        "colours": colours, "values": mapping.compact_values(values),
        "format": fmt, "value_label": meta["title"], "period": period_label,
        "notes": notes, "click": "profile", "profile_path": "/area/",
        "click_hint": "Click to open the area profile",
        "missing_colour": mapping.NO_DATA_COLOUR, "missing_hatch": mapping.NO_DATA_HATCH,
        "suppressed_colour": mapping.SUPPRESSED_COLOUR,
        "version": f"{indicator}|{period}|{level}|{extent}|{scheme}|{benchmark}|{confidence}",
        "status": f"Map shows {title}.",
    }
    unit = mapping.unit_words(meta)
    legend_box = legend(f"{meta['title']} ({unit})" if unit else meta["title"], entries,
                        mapping.direction_text(meta["polarity"]), scheme,
                        f"England: {_england_text(rows, fmt)}.")
    rows = table_rows(fmt, zip(codes, names, values, status, notes, strict=False)) \
        if with_table or with_rows else None
    table = _values_table(title, benchmark, confidence, rows) if with_table else None
    return {"payload": payload, "legend": legend_box, "table": table, "title": title,
            "source": _source(meta, level), "classification": classification,
            "codes": codes, "status": status, "rows": rows, "period_label": period_label,
            "meta": meta, "format": fmt, "choices": (level, extent, scheme, benchmark,
                                                     confidence)}


def _row_per_code(rows: list[dict], codes: list[str]) -> list[dict | None]:
    """The first row of each code in the geometry's order (the map has one value per
    area), None for a feature with no row."""
    by_code: dict[str, dict] = {}
    for row in rows:
        by_code.setdefault(row["area_code"], row)
    return [by_code.get(code) for code in codes]


def _england_text(rows: list[dict], fmt: dict) -> str:
    """England's value for the legend's note ('no data' without one)."""
    england = next((row["england_value"] for row in rows if _present(row["england_value"])),
                   None)
    return mapping.format_display(england, fmt) if england is not None else "no data"


def table_rows(fmt: dict, features: Iterable[tuple]) -> list[tuple]:
    """The rows of the table of the mapped data, highest value first: (code, name, value,
    value as shown, comparison note) from each area's (code, name, value, status, note).
    The table and its download are both made from them."""
    return [(code, name, value,
             mapping.format_display(value, fmt) if s != "suppressed" else "suppressed", note)
            for code, name, value, s, note in sorted(
                features, key=lambda item: (-_number(item[2]), item[1] or ""))]


def comparison_title(benchmark: str, confidence: str) -> str:
    return f"Compared with {BENCHMARKS[benchmark]} ({confidence}%)"


def _values_table(title: str, benchmark: str, confidence: str,
                  rows: Iterable[tuple]) -> html.Div:
    """The text alternative: each area (code, name, value, comparison note) with a link
    to its profile, highest value first."""
    return data_table(
        f"{title} (sorted by value, highest first)",
        ["Area", "Code", "Value", comparison_title(benchmark, confidence)],
        [[_profile_link(code, name), code, shown, note or "Not compared"]
         for code, name, _value, shown, note in rows])


def _source(meta: dict, level: str) -> str:
    """The source line: the producer and the boundaries for the level."""
    return " ".join([attribution.producer_line(meta.get("source_org")) + ".",
                     "Boundaries: Office for National Statistics.",
                     attribution.BOUNDARY_LINES.get(level, attribution.OS_2024) + "."])


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _number(value: object) -> float:
    """A value for sorting: a missing one below every number."""
    return float(value) if _present(value) else -math.inf  # type: ignore[arg-type]


def store_names(aligned: list[dict | None], payload: geometry.GeometryPayload) -> list[str]:
    """Area names for the features: from the values where present, else the payload."""
    return [row["area_name"] if row is not None and isinstance(row["area_name"], str)
            and row["area_name"] else name for row, name in zip(aligned, payload.names,
                                                                 strict=False)]


def _profile_link(code: str, name: str) -> dict:
    return link(name or code, f"/area/{code}")
