"""Neighbourhood map callbacks: values payload per (place, measure, geography, scheme), the
neighbourhood panel on click or search, and the LSOA search options."""

from __future__ import annotations

import pandas as pd
from dash import Dash, Input, Output, State, ctx, html, no_update

from callbacks.map import draw_map, sync_url
from dashboard.common import attribution
from dashboard.views import geometry, postcodes
from dashboard.views import maps as mapping
from dashboard.web import runtime
from layouts import neighbourhoods as page
from layouts.components import summary_list
from layouts.map import data_table
from layouts.neighbourhood_clusters import ClusterIds
from layouts.neighbourhoods import Ids

DOMAIN_ORDER = list(mapping.IOD_DOMAINS)


def register(app: Dash) -> None:
    # The layout carries the first view; callbacks answer changes only.
    @app.callback(Output(Ids.DATA, "data"), Output(Ids.LEGEND, "children"),
                  Output(Ids.TITLE, "children"), Output(Ids.SOURCE, "children"),
                  Output(Ids.DOWNLOADS, "children"),
                  Input(Ids.PLACE, "value"), Input(Ids.MEASURE, "value"),
                  Input(Ids.GEOGRAPHY, "value"), Input(Ids.SCHEME, "value"),
                  prevent_initial_call=True)
    def _map(area, measure, level, scheme):
        return map_view(area, measure, level, scheme)

    @app.callback(Output(Ids.TABLE, "children"), Input(Ids.SUMMARY, "n_clicks"),
                  Input(Ids.PLACE, "value"), Input(Ids.MEASURE, "value"),
                  Input(Ids.GEOGRAPHY, "value"), Input(Ids.SCHEME, "value"))
    def _table(opened, area, measure, level, scheme):
        return opened_table(opened, area, measure, level, scheme)

    @app.callback(Output(Ids.PANEL, "children"), Output(Ids.LSOA, "value"),
                  Output(Ids.LSOA, "options", allow_duplicate=True),
                  Input(Ids.CLICK, "data"), Input(Ids.LSOA, "value"),
                  State(Ids.PLACE, "value"), State(Ids.MEASURE, "value"),
                  prevent_initial_call="initial_duplicate")
    def _panel(click, chosen, area, measure):
        return panel(ctx.triggered_id, click, chosen, area, measure)

    @app.callback(Output(Ids.LSOA, "options"), Input(Ids.LSOA, "search_value"),
                  Input(Ids.PLACE, "value"), State(Ids.LSOA, "value"))
    def _search(text, area, current):
        return postcode_options(text, postcodes.lsoa_value) + page.lsoa_options(
            employment(runtime.store(), area), text, keep=current)

    @app.callback(Output(Ids.PLACE, "options"), Input(Ids.PLACE, "search_value"),
                  prevent_initial_call=True)
    def _place_search(text):
        return place_options_for(text)

    draw_map(app, Ids)
    app.clientside_callback(
        "function(code, id) { window.PlaceboardMaps.highlight(id, code ? [code] : []); }",
        Input(Ids.LSOA, "value"), State(Ids.MAP, "id"))
    sync_url(app, Ids, Ids.PLACE, Ids.MEASURE, Ids.GEOGRAPHY, Ids.SCHEME, Ids.LSOA,
             ClusterIds.HOTSPOTS)


def postcode_options(text: str | None, value) -> list[dict]:
    """Options for a postcode typed in a search box: its neighbourhood (or the areas a
    district covers), or why it cannot be found (none when the text is no postcode)."""
    return postcodes.dropdown_options(runtime.store().postcode_search(text or ""), value)


def place_options_for(text: str | None) -> list | object:
    """The place picker's options with a postcode's council first (no change when the
    text is not a postcode)."""
    extra = postcode_options(text, postcodes.council_value)
    return extra + page.place_options(runtime.store()) if extra else no_update


def map_view(area: str | None, measure: str | None, level: str | None,
             scheme: str | None) -> tuple:
    """The map's values payload, legend, title, source and download links for the
    pickers' values."""
    view = page.neighbourhood_view(runtime.store(), area, measure, level, scheme,
                                   click_store=Ids.CLICK)
    return (view["payload"], view["legend"], view["title"], view["source"],
            page.neighbourhood_downloads(area, measure, level, scheme, view["title"]))


def opened_table(opened: int | None, area: str | None, measure: str | None,
                 level: str | None, scheme: str | None) -> object:
    """The table of the mapped data: built the first time someone opens it, then kept up
    to date."""
    if not opened:
        return no_update
    return page.neighbourhood_view(runtime.store(), area, measure, level, scheme,
                                   with_table=True)["table"]


def panel(trigger: str | None, click: dict | None, chosen: str | None, area: str | None,
          measure: str | None) -> tuple:
    """The panel for a clicked ward or LSOA, or one found by the search; the search box's
    value and options follow a click on an LSOA."""
    store = runtime.store()
    if trigger == Ids.CLICK and click:
        if click.get("level") == "ward":
            return ward_panel(store, area, measure, click["code"]), None, no_update
        # The search box shows the clicked LSOA too (it must be among its options).
        return (lsoa_panel(store, click["code"], measure), click["code"],
                page.lsoa_options(employment(store, area), keep=click["code"]))
    if chosen:
        return lsoa_panel(store, chosen, measure), no_update, no_update
    return no_update, no_update, no_update


def employment(store, area: str | None) -> pd.DataFrame:
    """The Employment domain rate of a place's LSOAs (England without a place): the
    search's list and the people counted in a ward."""
    return store.lsoa_values(mapping.DEFAULT_MEASURE, area or geometry.ENGLAND)


# --- the panel --------------------------------------------------------------------------------

def lsoa_panel(store, code: str, measure: str | None) -> html.Div:
    """Every domain's score, rank and decile for one LSOA, its ward, rural-urban class and
    its place in its local authority."""
    info = store.lsoa(code)
    if info is None:
        return html.P(f"No neighbourhood with the code {code}.")
    profile = store.lsoa_profile(code).set_index("indicator_id")
    domain = mapping.measure_domain(measure) or "employment"
    headline = place_headline(profile, domain, info.get("lad_name") or "its local authority")
    rows = []
    for d in DOMAIN_ORDER:
        score, rank, decile = (profile.loc[f"iod-{d}-{k}"] if f"iod-{d}-{k}" in profile.index
                               else None for k in ("score", "rank", "decile"))
        if score is None:
            continue
        is_rate = score["value_type"] == "proportion"
        score_text = (mapping.format_display(score["value"], {"scale": 100, "decimals": 1,
                                                               "suffix": "%"})
                      if is_rate else mapping.format_display(score["value"], {"decimals": 3}))
        place = "—"
        if rank is not None and rank["position_in_lad"] == rank["position_in_lad"]:
            place = f"{mapping.ordinal(int(rank['position_in_lad']))} of " \
                    f"{int(rank['lsoas_in_lad'])}"
        rows.append([mapping.IOD_DOMAINS[d], score_text + (" (rate)" if is_rate else ""),
                     f"{int(rank['value']):,}" if rank is not None else "—",
                     str(int(decile["value"])) if decile is not None else "—", place])
    numerator = profile["value"].get("iod-employment-domain-numerator")
    people = ("suppressed by the publisher" if numerator is None or pd.isna(numerator)
              else f"{numerator:,.0f} (published rounded to 5)")
    return html.Div([
        html.H2(f"{info['area_name']} ({code})"),
        html.P(headline, className="pb-headline", id="nb-panel-headline"),
        summary_list([
            ("Ward (best fit)", info.get("ward_name")),
            ("Local authority", info.get("lad_name")),
            ("Region", info.get("region_name")),
            ("Rural-urban class", info.get("ruc_name")),
            ("Employment-deprived people", people),
        ]),
        data_table(f"IoD 2025 domains for {info['area_name']} (rank 1 and decile 1 = most "
                   "deprived in England)",
                   ["Domain", "Score", "National rank (of 33,755)", "National decile",
                    f"Place in {info.get('lad_name') or 'local authority'} (1 = most deprived)"],
                   rows, table_id="nb-panel-domains"),
        html.P(attribution.MHCLG, className="source-line"),
    ], **{"data-lsoa": code})


def place_headline(profile: pd.DataFrame, domain: str, lad_name: str) -> str:
    rank_id = f"iod-{domain}-rank"
    if rank_id not in profile.index:
        return ""
    row = profile.loc[rank_id]
    if row["position_in_lad"] != row["position_in_lad"]:
        return ""
    return mapping.place_sentence(int(row["position_in_lad"]), int(row["lsoas_in_lad"]),
                                  domain, lad_name) + "."


def ward_interval(ward, fmt: dict) -> str:
    """', 95% interval 27.7% to 28.8%' for a ward's rate; '' otherwise."""
    if ward.get("lci") is None or pd.isna(ward["lci"]):
        return ""
    return (f", 95% interval {mapping.format_display(ward['lci'], fmt)} to "
            f"{mapping.format_display(ward['uci'], fmt)}")


def ward_counts(ward) -> list[tuple[str, str]]:
    """The count and denominator behind a ward's rate, named."""
    words = ward.get("denominator_words")
    count = ward.get("count")
    if not isinstance(words, str) or count is None or pd.isna(count):
        return []
    return [("Counted", f"{count:,.0f} of {ward['denominator']:,.0f} {words}")]


def ward_panel(store, area: str, measure: str | None, ward_code: str) -> html.Div:
    """A ward's figures, made from its LSOAs' counts and Census 2021 populations."""
    measure = measure or mapping.DEFAULT_MEASURE
    meta = store.indicator(measure) or {}
    frame = store.lsoa_values(measure, area or geometry.ENGLAND)
    members = frame[frame["ward_code"] == ward_code]
    if members.empty:
        return html.P(f"No LSOAs found for ward {ward_code}.")
    ward = mapping.aggregate_wards(members, meta.get("value_type"),
                                   store.lsoa_populations(area or geometry.ENGLAND),
                                   measure).iloc[0]
    fmt = mapping.display_format(meta)
    in_ward = employment(store, area)
    people = in_ward[in_ward["ward_code"] == ward_code]["numerator"]
    rows = [("LSOAs in the ward (best fit)", f"{int(ward['lsoas'])}"),
            (f"{meta.get('title', measure)}", mapping.format_display(ward["value"], fmt) +
             ward_interval(ward, fmt) + f" ({ward['note']})"),
            *ward_counts(ward),
            ("Median LSOA value", mapping.format_display(ward["median"], fmt)),
            ("Employment-deprived people", f"{people.sum():,.0f} (sum of LSOA counts, each "
             "rounded to 5; approximate)" + (f"; {int(people.isna().sum())} suppressed"
                                             if people.isna().any() else ""))]
    return html.Div([
        html.H2(f"{ward['ward_name']} ward ({ward_code})"),
        html.P("IoD 2025 publishes no ward figures, so these are made from the ward's "
               "LSOAs (best fit) with Census 2021 residents as denominators.",
               className="pb-approximate"),
        summary_list(rows),
        data_table("LSOAs in this ward", ["Neighbourhood", "Code", "Value"],
                   [[r.area_name, r.area_code, mapping.format_display(r.value, fmt)]
                    for r in members.itertuples()]),
    ], **{"data-ward": ward_code})
