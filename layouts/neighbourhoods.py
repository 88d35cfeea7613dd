"""Neighbourhood map (/neighbourhoods?area=&measure=&geography=&scheme=&lsoa=): LSOAs (or
approximate wards) within a local authority, county, region or England, coloured by an
IoD 2025 measure, with a panel for the chosen neighbourhood."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
from dash import dcc, html

from dashboard.common import attribution
from dashboard.views import geometry
from dashboard.views import maps as mapping
from dashboard.web import runtime
from layouts import neighbourhood_clusters as clusters
from layouts.components import page_header, problem_page
from layouts.download_links import download_links
from layouts.map import controls, data_table, dropdown, legend, live_legend, map_body, radios
from layouts.postcode_note import postcode_attribution

PAGE = {"path": "/neighbourhoods", "title": "Neighbourhoods (LSOAs and wards) - Placeboard",
        "order": 4}

GEOGRAPHIES = {"lsoa": "Neighbourhoods (LSOAs)",
               "ward": "Wards (approximate, built from LSOAs)"}
WARD_NOTE = ("Approximate ward shapes built from LSOAs (best-fit). A ward's rate is its "
             "LSOAs' counts over their Census 2021 residents (aged 16 to 64 for employment "
             "deprivation, all ages for income deprivation), with a 95% interval; counts "
             "are summed and other scores are population-weighted means.")


class Ids:
    PLACE = "nb-place"
    MEASURE = "nb-measure"
    GEOGRAPHY = "nb-geography"
    SCHEME = "nb-scheme"
    LSOA = "nb-lsoa"
    MAP = "nb-map"
    DATA = "nb-data"
    CLICK = "nb-click"
    LEGEND = "nb-legend"
    STATUS = "nb-status"
    TITLE = "nb-title"
    TABLE = "nb-table"
    DETAILS = "nb-table-details"
    SUMMARY = "nb-table-summary"
    PANEL = "nb-panel"
    SOURCE = "nb-source"
    URL_KEYS = "nb-url-keys"
    SELECTED = "nb-selected"
    DOWNLOADS = "nb-downloads"


def place_options(store) -> list[dict]:
    """England, regions, counties and local authorities, labelled with their type."""
    words = {"nation": "country", "region": "region", "county": "county",
             "lad": "local authority"}
    return [{"label": f"{row['area_name']} ({words.get(row['area_type'], row['area_type'])})",
             "value": row["area_code"]} for row in store.map_places()]


def measure_options(store) -> list[dict]:
    """IoD 2025 domain rates/scores, ranks and deciles, then the File 8 indicators."""
    titles = {iid: row["title"] for iid, row in store.catalogue_records().items()
              if iid.startswith("iod-") and not iid.startswith("iod-lad-")}
    options = []
    for kind in ("score", "rank", "decile"):
        for domain in mapping.IOD_DOMAINS:
            iid = f"iod-{domain}-{kind}"
            if iid in titles:
                options.append({"label": titles[iid], "value": iid})
    domain_ids = {o["value"] for o in options}
    for iid, title in sorted(titles.items(), key=lambda item: item[1]):
        if iid not in domain_ids:
            options.append({"label": f"{title} (underlying indicator)", "value": iid})
    return options


def lsoa_options(frame: pd.DataFrame, text: str | None = None, limit: int = 40,
                 keep: str | None = None) -> list[dict]:
    """LSOAs whose name, code or ward matches ``text`` (for the keyboard-friendly search)."""
    if frame.empty:
        return []
    label = frame["area_name"] + " (" + frame["area_code"] + ")" + \
        frame["ward_name"].fillna("").map(lambda w: f", {w} ward" if w else "")
    mask = pd.Series(True, index=frame.index)
    if text:
        mask = label.str.contains(text, case=False, regex=False)
    picked = frame[mask].head(limit)
    options = [{"label": label[i], "value": code} for i, code in zip(picked.index,
                                                                      picked["area_code"],
                                                                      strict=False)]
    if keep and keep not in {o["value"] for o in options}:
        row = frame[frame["area_code"] == keep]
        if len(row):
            options.insert(0, {"label": label[row.index[0]], "value": keep})
    return options


def layout(area: str | None = None, measure: str | None = None,
           geography: str | None = None, scheme: str | None = None,
           lsoa: str | None = None, hotspots: str | None = None,
           **_query: object) -> html.Div:
    store = runtime.store()
    area = area or geometry.ENGLAND
    places = place_options(store)
    if area not in {p["value"] for p in places}:
        found = store.area(area) if isinstance(area, str) else None
        what = f"{found['area_name']} ({area})" if found else f"'{area}'"
        return problem_page(
            "No neighbourhood map for that area",
            f"{what} is not an English local authority, county, region or England, so it "
            "has no LSOAs to map. Neighbourhood data (IoD 2025) covers England only.",
            [("All of England", "/neighbourhoods?area=E92000001"),
             ("Oldham", "/neighbourhoods?area=E08000004")])
    measures = measure_options(store)
    measure = measure if measure in {m["value"] for m in measures} else mapping.DEFAULT_MEASURE
    geography = geography if geography in GEOGRAPHIES else "lsoa"
    scheme = scheme if scheme in mapping.SCHEMES else mapping.DEFAULT_SCHEME
    frame = store.lsoa_values(mapping.DEFAULT_MEASURE, area)
    # The first view is part of the page, so the map draws without a callback round trip.
    view = neighbourhood_view(store, area, measure, geography, scheme, click_store=Ids.CLICK)
    lsoa = lsoa if isinstance(lsoa, str) and lsoa in set(frame["area_code"]) else None
    hotspots = hotspots if hotspots in clusters.SHOW else "off"
    marks, layer = clusters.hotspot_layer(store, area, measure, hotspots, geography)
    return html.Div([
        page_header("Neighbourhoods", "Lower layer super output areas (LSOAs, about 1,500 "
                    "people each) coloured by the English Indices of Deprivation 2025. The "
                    "Employment domain rate is the worklessness rate. Hover for values; "
                    "click a neighbourhood for all its domains.", caption="Neighbourhoods"),
        controls(dropdown(Ids.PLACE, places, area, "Place", wide=True),
                 dropdown(Ids.MEASURE, measures, measure, "Measure", wide=True)),
        controls(radios(Ids.GEOGRAPHY, GEOGRAPHIES, geography, "Show"),
                 radios(Ids.SCHEME, mapping.SCHEMES, scheme, "Class breaks"),
                 clusters.hotspot_switch(hotspots)),
        *map_body(Ids, view, "Map of neighbourhoods coloured by the chosen measure. Use "
                  "the neighbourhood search or the table below for the same data.",
                  html.Div([live_legend(Ids.LEGEND, view["legend"]),
                            html.Div(layer, id=clusters.ClusterIds.HOTSPOT_BOX,
                                     className="pb-hotspots", **{"aria-live": "polite"}),
                            html.Div(dropdown(Ids.LSOA, lsoa_options(frame, keep=lsoa), lsoa,
                                              "Find a neighbourhood (name, code, ward or "
                                              "postcode)", searchable=True,
                                              clearable=True,
                                              placeholder="Type to search")),
                            postcode_attribution("nb-postcode-attribution")]),
                  after_source=[html.Div(neighbourhood_downloads(
                      area, measure, geography, scheme, view["title"]), id=Ids.DOWNLOADS),
                      html.Section(
                      id=Ids.PANEL, className="pb-panel", **{"aria-live": "polite"},
                      children=html.P("Click a neighbourhood on the map, or find one by "
                                      "name, to see all its IoD 2025 domains."))]),
        # Filled by callbacks/neighbourhood_clusters.py after the map (a few hundred ms).
        html.Section(clusters.waiting_section(area), id=clusters.ClusterIds.SECTION,
                     className="pb-clusters", **{"aria-live": "polite"}),
        dcc.Store(id=Ids.DATA, data=view["payload"]), dcc.Store(id=Ids.CLICK),
        dcc.Store(id=clusters.ClusterIds.MARKS, data=marks),
        html.P(id=clusters.ClusterIds.MARKED, className="visually-hidden"),
        dcc.Store(id=Ids.URL_KEYS, data=["area", "measure", "geography", "scheme", "lsoa",
                                         "hotspots"]),
    ])


def neighbourhood_downloads(area: str | None, measure: str | None, level: str | None,
                            scheme: str | None, title: str) -> dict:
    """The links to download every row of the table of the mapped data."""
    return download_links(
        "neighbourhoods", {"area": area or geometry.ENGLAND,
                           "measure": measure or mapping.DEFAULT_MEASURE,
                           "geography": level if level in GEOGRAPHIES else "lsoa",
                           "scheme": scheme if scheme in mapping.SCHEMES
                           else mapping.DEFAULT_SCHEME},
        f"the table of the mapped data, every row ({title})",
        lead="Download the mapped data (every row):", link_id="nb-download-links")


# --- the view for one choice (used by the layout and by callbacks/neighbourhoods.py) ---

TABLE_LIMIT = 500


def place_name(store, area: str) -> str:
    if area == geometry.ENGLAND:
        return "England"
    found = store.area(area)
    return found["area_name"] if found else area


def decile_measure(measure: str) -> str:
    """The national decile shown on hover: the measure's own domain, else the IMD."""
    return f"iod-{mapping.measure_domain(measure) or 'imd'}-decile"


class _Shown(NamedTuple):
    """What the map shows at one geography (LSOAs or approximate wards) of a place."""

    geometry: geometry.GeometryPayload
    aligned: pd.DataFrame  # one row per feature, in the geometry's order
    values: pd.Series
    status: np.ndarray
    national: pd.Series | None  # England's values, for national class breaks
    notes: list[str] | None
    deciles: str | None
    title: str
    value_label: str


def neighbourhood_view(store, area: str | None, measure: str | None, level: str | None,
                       scheme: str | None, click_store: str | None = None,
                       with_table: bool = False, with_rows: bool = False) -> dict:
    """Values payload, legend, title, source and (``with_table``) the text-alternative
    table for the neighbourhood map, or (``with_rows``) every row of that table, for
    the download."""
    area = area or geometry.ENGLAND
    measure = measure or mapping.DEFAULT_MEASURE
    level = level if level in GEOGRAPHIES else "lsoa"
    scheme = scheme if scheme in mapping.SCHEMES else mapping.DEFAULT_SCHEME
    meta = store.indicator(measure) or {}
    fmt = mapping.display_format(meta)
    polarity = meta.get("polarity") or "no_judgement"
    decile_words = f"{mapping.IOD_DOMAINS[mapping.measure_domain(measure) or 'imd']} decile"
    shown = (_wards if level == "ward" else _lsoas)(store, area, measure, scheme, meta, fmt)
    classification = mapping.classify(shown.values, scheme, mapping.DEFAULT_CLASSES,
                                      national=shown.national,
                                      value_type=meta.get("value_type"))
    colours = mapping.class_colours(classification.k, polarity)
    names = list(shown.geometry.names)
    entries = mapping.legend_entries(classification, colours, fmt, shown.status, names)
    codes = list(shown.geometry.codes)
    payload = {
        "geometry": shown.geometry.url, "n": len(codes),
        "classes": mapping.class_codes(classification, shown.status), "colours": colours,
        "values": mapping.compact_values(shown.values), "format": fmt,
        "value_label": shown.value_label, "period": "IoD 2025",
        "deciles": shown.deciles, "decile_label": f"National {decile_words.lower()}",
        "notes": shown.notes, "click": "store", "click_store": click_store,
        "click_hint": "Click for details", "suppressed_text": "suppressed by the publisher",
        "missing_colour": mapping.NO_DATA_COLOUR, "missing_hatch": mapping.NO_DATA_HATCH,
        "suppressed_colour": mapping.SUPPRESSED_COLOUR,
        "version": f"{area}|{measure}|{level}|{scheme}", "status": f"Map shows {shown.title}.",
    }
    unit = mapping.unit_words(meta)
    legend_title = meta.get("title", measure).replace(" (IoD 2025)", "")
    legend_box = legend(f"{legend_title} ({unit})" if unit else legend_title, entries,
                        mapping.direction_text(polarity), scheme,
                        WARD_NOTE if level == "ward" else None)
    table = None if not with_table else view_table(
        shown.title, level, codes, names, shown.aligned, shown.status, fmt, shown.deciles,
        decile_words, polarity)
    rows = None if not with_rows else table_rows(
        level, codes, names, shown.aligned, shown.status, fmt, shown.deciles, polarity)
    return {"payload": payload, "legend": legend_box, "table": table, "title": shown.title,
            "source": _source(level), "classification": classification, "codes": codes,
            "status": shown.status, "aligned": shown.aligned, "rows": rows, "format": fmt,
            "meta": meta, "decile_words": decile_words,
            "choices": (area, measure, level, scheme)}


def _wards(store, area: str, measure: str, scheme: str, meta: dict, fmt: dict) -> _Shown:
    """Wards (best fit) of a place made from their LSOAs' counts and Census 2021
    populations (views/wards.py)."""
    value_type = meta.get("value_type")
    wards = mapping.aggregate_wards(store.lsoa_values(measure, area), value_type,
                                    store.lsoa_populations(area), measure)
    payload_geometry = geometry.payload_for(store, "ward", area)
    aligned = mapping.align(wards, list(payload_geometry.codes), "ward_code")
    national = None
    if scheme == "national":
        national = mapping.aggregate_wards(store.lsoa_values(measure, geometry.ENGLAND),
                                           value_type, store.lsoa_populations(
                                               geometry.ENGLAND), measure)["value"]
    return _Shown(
        payload_geometry, aligned, aligned["value"], mapping.area_status(aligned["value"]),
        national, [ward_note(row, fmt, value_type) for row in aligned.itertuples()], None,
        f"{meta.get('title', measure)}: wards in {place_name(store, area)} (best fit)",
        wards_axis(wards, value_type))


def _lsoas(store, area: str, measure: str, scheme: str, meta: dict, fmt: dict) -> _Shown:
    """A place's LSOAs with their published values and, for hover, the national decile
    of the measure's domain."""
    payload_geometry = geometry.payload_for(store, "lsoa", area)
    codes = list(payload_geometry.codes)
    aligned = mapping.align(store.lsoa_values(measure, area), codes)
    national = store.lsoa_values(measure, geometry.ENGLAND)["value"] \
        if scheme == "national" else None
    deciles = mapping.decile_codes(
        mapping.align(store.lsoa_values(decile_measure(measure), area), codes)["value"])
    return _Shown(
        payload_geometry, aligned, aligned["value"],
        mapping.area_status(aligned["value"], aligned["status"], aligned["note"]),
        national, None, deciles,
        f"{meta.get('title', measure)}: neighbourhoods (LSOAs) in {place_name(store, area)}",
        meta.get("title", measure).replace(" (IoD 2025)", ""))


def _source(level: str) -> str:
    """The source line: IoD 2025, the boundaries and, for wards, how they are built."""
    lines = [attribution.MHCLG, ("Boundaries: Office for National Statistics, LSOA (2021) "
                                 "boundaries, super-generalised."), attribution.OS_2021 + "."]
    if level == "ward":
        lines.append(WARD_NOTE)
    return " ".join(lines)


def wards_axis(wards: pd.DataFrame, value_type: str | None) -> str:
    """How the wards' values were made, for the legend."""
    if value_type == "count":
        return "Sum over LSOAs"
    if len(wards) and not bool(wards["approximate"].iloc[0]):
        words = str(wards["note"].iloc[0]).split(";")[0]
        return words[:1].upper() + words[1:]
    return "Mean of LSOA values (approximate)"


def ward_note(row, fmt: dict, value_type: str | None) -> str:
    n = int(row.lsoas) if row.lsoas == row.lsoas else 0
    text = f"{n} LSOA{'s' if n != 1 else ''}"
    if value_type != "count":
        text += f"; {row.note}"
    if row.people == row.people and value_type != "count":
        text += f"; {row.people:,.0f} deprived people (sum of numerators)"
    return text


def table_rows(level: str, codes: list[str], names: list[str], aligned: pd.DataFrame,
               status: np.ndarray, fmt: dict, deciles: str | None, polarity: str,
               limit: int | None = None) -> list[tuple]:
    """The rows of the table of the mapped data, worst first (the first `limit`): for
    LSOAs (code, name, ward, value, value as shown, decile character), for wards (code,
    name, value, value as shown, LSOAs). The table and its download are made from them."""
    values = aligned["value"].to_numpy(dtype=float)
    order = np.argsort(np.nan_to_num(values, nan=np.inf if polarity == "higher_is_better"
                                     else -np.inf), kind="stable")
    if polarity != "higher_is_better":
        order = order[::-1]
    order = order[:limit]
    texts = ["suppressed" if status[i] == "suppressed" else
             mapping.format_display(values[i], fmt) for i in order]
    numbers = [None if np.isnan(values[i]) else float(values[i]) for i in order]
    if level == "ward":
        lsoas = aligned["lsoas"].fillna(0).astype(int).to_numpy()
        return [(codes[i], names[i], number, text, int(lsoas[i]))
                for i, number, text in zip(order, numbers, texts, strict=True)]
    wards = aligned["ward_name"].fillna("—").to_numpy()
    return [(codes[i], names[i], wards[i], number, text, deciles[i] if deciles else "-")
            for i, number, text in zip(order, numbers, texts, strict=True)]


def view_table(title: str, level: str, codes: list[str], names: list[str],
               aligned: pd.DataFrame, status: np.ndarray, fmt: dict, deciles: str | None,
               decile_words: str, polarity: str) -> html.Div:
    """Text alternative: rows sorted worst first, capped for very large places."""
    rows = table_rows(level, codes, names, aligned, status, fmt, deciles, polarity,
                      TABLE_LIMIT)
    if level == "ward":
        cells = [[name, code, text, str(lsoas)] for code, name, _v, text, lsoas in rows]
        headers = ["Ward", "Code", "Value (approximate)", "LSOAs"]
    else:
        cells = [[name, code, ward, text, _decile_text(decile)]
                 for code, name, ward, _v, text, decile in rows]
        headers = ["Neighbourhood", "Code", "Ward", "Value", decile_words]
    caption = title + (" (worst first)" if len(codes) <= TABLE_LIMIT
                       else f" (the {TABLE_LIMIT:,} worst of {len(codes):,}; download the "
                       "full table below the map)")
    return data_table(caption, headers, cells)


def decile_number(char: str) -> int | None:
    """A decile character of the payload ('1'-'9', '0' for 10, '-' none) as a number."""
    return None if char == "-" else (10 if char == "0" else int(char))


def _decile_text(char: str) -> str:
    return "—" if char == "-" else ("10" if char == "0" else char)
