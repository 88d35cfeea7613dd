"""The neighbourhood map's "where it clusters and how unequal it is" parts: the hot-spot
layer's switch, legend and text alternative, and the section under the map with the
funnel plot of neighbourhood rates and the slope index of inequality across deprivation
deciles. Used by layouts/neighbourhoods.py and callbacks/neighbourhood_clusters.py."""

from __future__ import annotations

from dash import dcc, html

from dashboard.common import attribution
from dashboard.figures import clusters as cluster_figures
from dashboard.views import clusters
from dashboard.views import maps as mapping
from layouts.components import chart_figure
from layouts.map import data_table, radios

SHOW = {"off": "No", "on": "Yes"}
GRAPH_CONFIG = {"displaylogo": False, "responsive": True}


class ClusterIds:
    HOTSPOTS = "nb-hotspots"
    MARKS = "nb-hotspot-marks"
    MARKED = "nb-hotspot-marked"
    HOTSPOT_BOX = "nb-hotspot-box"
    SECTION = "nb-clusters"


def table(caption: str, headers: list[str], rows: list[list], table_id: str) -> html.Div:
    """layouts.map.data_table, its scrolling box reachable with the keyboard (a named
    region in the tab order, so the rows can be scrolled without a mouse)."""
    box = data_table(caption, headers, rows, table_id=table_id)
    box.tabIndex = "0"
    box.role = "region"
    setattr(box, "aria-label", caption)
    return box


def hotspot_switch(shown: str) -> html.Div:
    return radios(ClusterIds.HOTSPOTS, SHOW, shown if shown in SHOW else "off",
                  "Show hot spots and cold spots")


def place_name(store, area: str) -> str:
    if area == clusters.ENGLAND:
        return "England"
    found = store.area(area)
    return found["area_name"] if found else area


def hotspot_layer(store, area: str | None, measure: str | None, shown: str | None,
                  geography: str | None = "lsoa") -> tuple[dict, list]:
    """The codes the map marks and the layer's legend, sentence and text alternative
    (nothing while the layer is off; wards are not marked, neighbourhoods are)."""
    none: dict = {"hot": [], "cold": []}
    if shown != "on":
        return none, []
    area = area or clusters.ENGLAND
    if area == clusters.ENGLAND:
        return none, [html.P("Hot spots are worked out within a council or region: choose "
                             "one to see them.", className="pb-approximate")]
    chosen = clusters.hotspot_measure(measure)
    meta = store.indicator(chosen) or {}
    title = meta.get("title", chosen).replace(" (IoD 2025)", "")
    hot = store.lsoa_hot_spots(chosen, area)
    place = place_name(store, area)
    rows = clusters.hotspot_rows(hot, store.lsoa_values(chosen, area),
                                 mapping.display_format(meta))
    children = [
        html.H3("Hot spots and cold spots"),
        html.Ul([html.Li([html.Span("▲", className="pb-hot-glyph", **{"aria-hidden": "true"}),
                          " ", clusters.HOT_WORDS]),
                 html.Li([html.Span("▼", className="pb-cold-glyph", **{"aria-hidden": "true"}),
                          " ", clusters.COLD_WORDS])], className="pb-hotspot-legend"),
        html.P(clusters.hotspot_summary(hot, place, title.lower() if title else chosen),
               id="nb-hotspot-summary"),
    ]
    if geography == "ward":
        children.append(html.P("Hot spots are neighbourhoods (LSOAs): choose "
                               "\u201cNeighbourhoods (LSOAs)\u201d under Show to see them on "
                               "the map; the list below names them.",
                               className="pb-approximate", id="nb-hotspot-wards"))
    if chosen != measure and measure:
        children.append(html.P(f"Worked out on the score ({title}): ranks and deciles "
                               "are positions, not values to add up.",
                               className="pb-approximate"))
    children.append(html.Details([html.Summary("How hot spots are found"),
                                  html.P(clusters.METHOD_WORDS)]))
    if rows:
        children.append(html.Details([
            html.Summary(f"List of hot spots and cold spots (text alternative, {len(rows)})"),
            table(f"Hot spots and cold spots of {title} in {place}",
                       ["Kind", "Neighbourhood", "Code", "Ward", "Value",
                        "Gi* z-score"], rows, "nb-hotspot-table")]))
    return clusters.marks(hot), children


HEADING = "How unequal it is: neighbourhoods against their place"


def waiting_section(area: str | None) -> list:
    """The section until its callback fills it (nothing to wait for in England)."""
    if (area or clusters.ENGLAND) == clusters.ENGLAND:
        return clusters_section(None, clusters.ENGLAND, None)
    return [html.H2(HEADING, className="h2"),
            html.P("Working out the funnel plot and the slope index of inequality…",
                   className="pb-hint")]


def clusters_section(store, area: str | None, measure: str | None) -> list:
    """The funnel plot and the slope index of inequality for a place's neighbourhoods."""
    area = area or clusters.ENGLAND
    heading = html.H2(HEADING, className="h2")
    if area == clusters.ENGLAND:
        return [heading, html.P("Choose a council or region to compare its neighbourhoods "
                                "with its own rate and across deprivation deciles.")]
    counted = clusters.count_measure(measure)
    counts = store.lsoa_counts(counted.numerator, area)
    place = place_name(store, area)
    children: list = [heading]
    if measure and mapping.measure_domain(measure) not in clusters.COUNT_MEASURES \
            and measure != counted.numerator:
        children.append(html.P(
            f"Shown for {counted.name.lower()}: IoD 2025 publishes counts of deprived "
            "people only for the income and employment domains, so the chosen measure has "
            "no funnel plot or slope index of its own.", className="pb-approximate"))
    if counts.empty:
        return [*children, html.P(f"No neighbourhood counts for {place}.")]
    label = next((x for x in counts["period_label"].dropna()), "IoD 2025")
    year = int(counts["census_year"].dropna().iloc[0]) if counts["census_year"].notna().any() \
        else 2021
    children.append(html.P(clusters.derived_rate_note(counted, label, year),
                           className="pb-approximate", id="nb-derived-note"))
    children += _funnel(clusters.funnel_model(counts, counted, place), counted, place)
    children += _inequality(clusters.inequality_model(counts, counted, place), counted, place)
    return children


def _source(counted: clusters.CountMeasure) -> str:
    return (f"{attribution.MHCLG} Denominators: Office for National Statistics, Census 2021 "
            f"({counted.denominator_words}).")


def _funnel(model: dict, counted: clusters.CountMeasure, place: str) -> list:
    title = f"{counted.name} rate by neighbourhood against {place}'s rate (funnel plot)"
    out: list = [html.H3("Funnel plot", className="h3")]
    if model["points"] is None:
        return out + [html.P(note) for note in model["notes"]]
    figure = cluster_figures.funnel_figure(
        model["points"], model["curve"], model["average"], None,
        f"{counted.denominator_words.capitalize()} (Census 2021)", place)
    out.append(chart_figure(
        dcc.Graph(id="nb-funnel", figure=figure, config=GRAPH_CONFIG), title,
        " ".join(model["sentences"]) + " The table below names the neighbourhoods outside "
        "the limits.", _source(counted)))
    out += [html.P(s) for s in model["sentences"]] + [html.P(n) for n in model["notes"]]
    out.append(html.P("Control limits at 95% and 99.8% around the place's rate, from each "
                      "neighbourhood's population (Wilson score limits, as PHE/OHID "
                      "Fingertips draw funnel plots for proportions).", className="pb-hint"))
    out.append(html.Details([
        html.Summary(f"Neighbourhoods outside the limits ({len(model['rows'])})"),
        table(f"Neighbourhoods outside the funnel's limits in {place}, furthest first",
              ["Neighbourhood", "Code", "Rate", "People", "Where it falls"],
              model["rows"], "nb-funnel-table")], open=True))
    return out


def _inequality(model: dict, counted: clusters.CountMeasure, place: str) -> list:
    out: list = [html.H3("Inequality by deprivation decile", className="h3")]
    result = model["result"]
    if result is None:
        return out + [html.P(n) for n in model["notes"]]
    title = (f"{counted.name} rate by national deprivation decile (IMD 2025) in {place}, "
             "with the slope index of inequality")
    figure = cluster_figures.sii_figure(result.deciles, result.intercept, result.slope, None)
    out.append(html.P(model["sentences"][0], className="pb-headline", id="nb-sii"))
    out.append(chart_figure(
        dcc.Graph(id="nb-sii-chart", figure=figure, config=GRAPH_CONFIG), title,
        " ".join(model["sentences"]) + " The table below gives each decile's rate.",
        _source(counted)))
    out += [html.P(s) for s in model["sentences"][1:]] + [html.P(n) for n in model["notes"]]
    out.append(html.Details([html.Summary("How the slope index of inequality is worked out"),
                             html.P(clusters.SII_METHOD_WORDS)]))
    out.append(html.Details([
        html.Summary("Rates by decile (text alternative)"),
        table(f"{counted.name} rate by national deprivation decile in {place}",
              ["National IMD decile", counted.people.capitalize(),
               counted.denominator_words.capitalize(), "Rate", "95% interval"],
              model["rows"], "nb-sii-table")]))
    return out
