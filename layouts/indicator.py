"""Indicator page: definition and source, a trend for a chosen area against its region,
England and chosen comparators, a ranking of all areas like it, the area's breakdowns
by deprivation decile, age and sex where published (layouts/indicator_breakdowns.py),
and the data behind them.

Every selection lives in the query string: /indicator/<id>?area=&compare=&period=.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import dash_ag_grid as dag
from dash import dcc, html

from dashboard.common import clock
from dashboard.common.formatting import format_value, polarity_words
from dashboard.common.geography import ENGLAND
from dashboard.figures import explore as figures
from dashboard.store import Store
from dashboard.views import embeds as embed_paths
from dashboard.views import explore, indicator
from dashboard.views.value_notes import ValueNotes, revised_since, revisions_by_key
from dashboard.web import embeds, runtime
from layouts import area_custom
from layouts.components import (
    chart_figure,
    page_header,
    problem_page,
    replaced_notice,
    summary_list,
    tab_title,
)
from layouts.download_links import download_links
from layouts.embed_panel import embed_panel
from layouts.indicator_breakdowns import breakdowns_section
from layouts.indicator_spc import spc_section
from layouts.plain import h
from layouts.value_marks import marked, notes_block, quality_line


def _title(indicator_id: str | None = None, **_: Any) -> str:
    """The browser tab's title: the indicator's title where the id is known."""
    return tab_title(lambda: runtime.store().indicator_meta(indicator_id or ""), "title",
                     indicator_id or "Indicator")


PAGE = {"path_template": "/indicator/<indicator_id>", "title": _title, "order": 3}


DOWNLOAD_LABEL = "Download the data in these charts (CSV)"


class Ids:
    INDICATOR = "indicator-id"
    AREA = "indicator-area"
    COMPARE = "indicator-compare"
    PERIOD = "indicator-period"
    URL = "indicator-url"
    VIEWS = "indicator-views"
    TREND = "indicator-trend"
    RANKING = "indicator-ranking"
    TABLE = "indicator-table"
    RANKING_TABLE = "indicator-ranking-table"
    RANKING_BUTTON = "indicator-ranking-button"
    RANKING_HOLDER = "indicator-ranking-holder"
    DOWNLOAD_BUTTON = "indicator-download-button"
    DOWNLOAD = "indicator-download"
    NOTICE = "indicator-notice"


@dataclass(frozen=True)
class Selection:
    """What the page shows, resolved against the store (unknown codes dropped)."""

    indicator_id: str
    area: str
    compare: tuple[str, ...] = ()
    period: str | None = None
    problems: tuple[str, ...] = ()
    area_chosen: bool = True
    replaced: str | None = None  # the asked-for area's code has ended (notice, successors)

    def query(self, latest_period: str | None) -> str:
        """The query string that reopens this view."""
        period = self.period if self.period and self.period != latest_period else None
        return explore.query_string({"area": self.area if self.area_chosen else None,
                                     "compare": list(self.compare), "period": period})


def resolve(store: Store, indicator_id: str, area: Any = None, compare: Any = None,
            period: Any = None) -> Selection:
    """Turn query-string values into a valid selection, saying what was not understood."""
    areas = {row["area_code"]: row for row in store.indicator_area_list(indicator_id)}
    known = areas.keys()
    problems = []
    codes = explore.parse_codes(area)
    chosen = codes[0] if codes else None
    replaced = chosen if chosen and explore.is_obsolete(
        areas[chosen] if chosen in known else store.area(chosen)) else None
    if chosen and chosen not in known:
        if not replaced:  # an ended code's notice says this, naming its successors
            problems.append(f"There are no values of this indicator for the area code "
                            f"{chosen}, so England is shown.")
        chosen = None
    comparators = []
    for code in explore.parse_codes(compare):
        if code == explore.NEIGHBOURS or code in known:
            comparators.append(code)
        else:
            problems.append(f"No values for the comparator {code}: left out.")
    labels = [o["value"] for o in indicator.period_choices(store.indicator_periods(indicator_id))]
    period_label = period if isinstance(period, str) else (period[0] if period else None)
    if period_label and period_label not in labels:
        problems.append(f"No values for the period {period_label}: the latest is shown.")
        period_label = None
    return Selection(indicator_id, chosen or ENGLAND, tuple(comparators),
                     period_label or (labels[0] if labels else None), tuple(problems),
                     area_chosen=chosen is not None, replaced=replaced)


def layout(indicator_id: str | None = None, area: Any = None, compare: Any = None,
           period: Any = None, **_query: object) -> html.Div:
    store = runtime.store()
    meta = store.indicator_meta(indicator_id or "")
    if meta is None:
        return problem_page(
            "Indicator not found",
            f"There is no indicator called “{indicator_id or ''}”. Every indicator is listed "
            "on the Data page.",
            explore.suggest_indicators(indicator_id or "", store.indicators())
            + [("All indicators (Data page)", "/data")])
    small, (area, compare) = area_custom.split_small(area, compare)
    selection = resolve(store, meta["indicator_id"], area, compare, period)
    options = explore.area_options(store.indicator_area_list(meta["indicator_id"]))
    periods = indicator.period_choices(store.indicator_periods(meta["indicator_id"]))
    compare_options = [{"label": "Average of statistical neighbours (15 most similar areas)",
                        "value": explore.NEIGHBOURS}] + options
    return html.Div([
        page_header(meta["title"], meta.get("definition"),
                    caption=f"Indicator · {explore.theme_title(meta.get('theme') or '')}"),
        _about(meta),
        dcc.Store(id=Ids.INDICATOR, data=meta["indicator_id"]),
        dcc.Location(id=Ids.URL, refresh=False),
        html.Div([
            labelled_field("Area", Ids.AREA, dcc.Dropdown(
                id=Ids.AREA, options=options, value=selection.area, clearable=False,
                placeholder="Choose an area", maxHeight=320),
                "The area to chart, highlighted in the ranking."),
            labelled_field("Compare with", Ids.COMPARE, dcc.Dropdown(
                id=Ids.COMPARE, options=compare_options, value=list(selection.compare),
                multi=True, placeholder="Add areas to compare", maxHeight=320),
                "Its region and England are always shown."),
            labelled_field("Period for the ranking", Ids.PERIOD, dcc.Dropdown(
                id=Ids.PERIOD, options=periods, value=selection.period, clearable=False,
                placeholder="Choose a period"), "As published."),
        ], className="controls", role="group", **{"aria-label": "Choose what to chart"}),
        area_custom.indicator_section(store, meta, small),
        dcc.Loading(html.Div(views(store, selection), id=Ids.VIEWS), type="default",
                    delay_show=300),
        html.Div([html.Button(DOWNLOAD_LABEL, id=Ids.DOWNLOAD_BUTTON,
                              className="button secondary", n_clicks=0,
                              **{"aria-busy": "false"}),
                  dcc.Download(id=Ids.DOWNLOAD)], className="download-row"),
    ], className="indicator-page", **{"data-indicator": meta["indicator_id"]})


def labelled_field(label: str, control_id: str, control: Any,
                   hint: str | None = None) -> html.Div:
    """A labelled picker. Dash 4's dropdown names its button by the selected value, so the
    group carries the label (and hint) for assistive technology as well."""
    children = [html.Label(label, htmlFor=control_id, id=f"{control_id}-label")]
    described = {}
    if hint:
        children.append(html.P(hint, className="hint", id=f"{control_id}-hint"))
        described = {"aria-describedby": f"{control_id}-hint"}
    children.append(control)
    return html.Div(children, className="field", role="group",
                    **{"aria-labelledby": f"{control_id}-label"}, **described)


def _about(meta: Mapping[str, Any]) -> html.Div:
    source: list = [meta.get("source_org") or "—"]
    if meta.get("source_url"):
        source = [html.A(meta.get("source_org") or meta["source_url"], href=meta["source_url"])]
    loaded = meta.get("last_loaded")
    rows = [
        ("Definition", meta.get("long_description") or meta.get("definition")),
        ("Unit", meta.get("unit") or meta.get("measure")),
        ("Polarity", polarity_words(meta.get("polarity"))),
        ("Source", source),
        ("Licence", meta.get("licence")),
        ("Published", meta.get("source_date")),
        ("Last updated here", str(loaded)[:16] if loaded is not None else None),
        ("Coverage", f"{meta.get('first_period')} to {meta.get('last_period')}"
         if meta.get("first_period") else None),
    ]
    children: list = [summary_list(rows)]
    if meta.get("experimental"):
        children.append(html.P("Official statistics in development: treat changes with "
                               "caution.", className="notice"))
    if meta.get("caveats"):
        children.append(html.Details([html.Summary("Caveats"),
                                      dcc.Markdown(meta["caveats"], className="markdown")],
                                     className="more"))
    return html.Div(children, className="indicator-meta")


# -- the views the pickers update ----------------------------------------------------------

def views(store: Store, selection: Selection) -> list:
    """Trend chart, ranking chart and the data behind them for one selection."""
    meta = store.indicator_meta(selection.indicator_id) or {}
    data = view_data(store, selection)
    children: list = []
    if selection.replaced:
        children.append(_replaced(store, selection))
    if selection.problems:
        children.append(html.Div([html.P(p) for p in selection.problems], className="notice",
                                 role="status", id=Ids.NOTICE))
    if not selection.area_chosen and not selection.replaced:  # the notice says it
        children.append(html.P("Showing England. Choose an area above to see its trend and "
                               "where it ranks.", className="lead", id=Ids.NOTICE + "-choose"))
    source = source_sentence(meta)
    long, ranked = data["long"], data["ranked"]
    area_name = data["area_name"]
    periods = indicator.period_order(long)
    trend_title = indicator.trend_chart_title(meta, area_name, periods)
    group = data["group"]
    ranking_title = indicator.ranking_chart_title(meta, len(ranked), group, selection.period)
    trend_extras, ranking_extras = _chart_extras(store, selection, meta, trend_title,
                                                 ranking_title)
    children.append(chart_figure(
        dcc.Graph(id=Ids.TREND, figure=figures.trend_figure(long, meta, periods),
                  config={"displaylogo": False, "responsive": True},
                  className="graph"),
        trend_title, indicator.trend_sentence(long, meta), source, trend_extras))
    children.append(chart_figure(
        dcc.Graph(id=Ids.RANKING, figure=figures.ranking_figure(
            ranked, meta, data["england_value"], area_name),
            config={"displaylogo": False, "responsive": True}, className="graph"),
        ranking_title,
        indicator.ranking_sentence(ranked, meta, area_name, group, str(selection.period)),
        source, ranking_extras))
    children.append(spc_section(data["area_series"], meta, str(area_name), source))
    breakdowns = breakdowns_section(store, selection.indicator_id, selection.area,
                                    str(area_name), selection.period, meta, source)
    if breakdowns is not None:
        children.append(breakdowns)
    children.append(_tables(long, ranked, meta, trend_title, data["revised"]))
    children.append(download_links(
        "indicator", download_query(selection),
        f"the data in these charts ({meta.get('title')}, {area_name})",
        lead="Download this data:", link_id="indicator-downloads"))
    return children


def _chart_extras(store: Store, selection: Selection, meta: Mapping[str, Any],
                  trend_title: str, ranking_title: str) -> tuple[list, list]:
    """What goes under each chart's source line: the dataset's quality checks, and, for
    an indicator the public may see, "Embed this chart" (the embed of the same view; the
    ranking's period is left out when it is the latest, so the embed keeps up)."""
    dataset = meta.get("dataset_id")
    quality = quality_line(store.dataset_quality((dataset or "",)), dataset)
    if not embeds.public_indicator(selection.indicator_id):
        return [quality], [quality]
    area = selection.area if selection.area_chosen else None
    latest = next(iter(indicator.period_choices(store.indicator_periods(
        selection.indicator_id))), {}).get("value")
    period = selection.period if selection.period != latest else None
    trend = embed_panel(embed_paths.indicator_trend_path(
        selection.indicator_id, area, selection.compare), trend_title, Ids.TREND + "-embed")
    ranking = embed_panel(embed_paths.indicator_ranking_path(
        selection.indicator_id, area, period), ranking_title, Ids.RANKING + "-embed")
    return [quality, trend], [quality, ranking]


def download_query(selection: Selection) -> dict:
    """The query of the open downloads of a selection's data (/download/indicator.csv)."""
    return {"indicator": selection.indicator_id,
            "area": selection.area if selection.area_chosen else None,
            "compare": list(selection.compare), "period": selection.period}


def source_line(meta: Mapping[str, Any]) -> str:
    """The charts' source line (also the download's)."""
    return source_sentence(meta)


def _replaced(store: Store, selection: Selection) -> html.Div:
    """The asked-for area's code has ended: say so, link this indicator for each
    successor, and say whether its old values are shown or England is."""
    area = store.area(selection.replaced or "") or {"area_code": selection.replaced,
                                                    "area_name": selection.replaced}
    shown = selection.area == selection.replaced
    closing = ("Values below are the last published for the old area." if shown else
               f"No values of this indicator are published for {area['area_name']}, so "
               "England is shown: choose a successor to see its values.")
    return replaced_notice(
        store, area, notice_id=Ids.NOTICE + "-replaced", closing=closing,
        href=lambda code: explore.indicator_href(selection.indicator_id, area=code))


def view_data(store: Store, selection: Selection) -> dict:
    """Records behind the views (shared by the page, the callback and the download):
    the trend's lines, the ranked areas and every area of the ranking's type and period
    (the ranking's table lists those withheld)."""
    indicator_id = selection.indicator_id
    areas = {row["area_code"]: row for row in store.indicator_area_list(indicator_id)}
    names = {code: row["area_name"] for code, row in areas.items()}
    area = areas.get(selection.area) or store.area(selection.area) or {
        "area_code": selection.area, "area_name": selection.area, "area_type": None}
    region = areas[selection.area]["region_code"] if selection.area in areas else \
        store.parents(selection.area).get("region", {}).get("code")
    codes = [selection.area, ENGLAND] + ([region] if region else []) + [
        c for c in selection.compare if c != explore.NEIGHBOURS]
    neighbour_codes: tuple[str, ...] = ()
    if explore.NEIGHBOURS in selection.compare and selection.area != ENGLAND:
        neighbour_codes = store.neighbours(selection.area, explore.NEIGHBOURS_K)
    # one read for the lines and the neighbours' average
    series = store.indicator_series(indicator_id, tuple(sorted({*codes, *neighbour_codes})))
    shown = set(codes)
    neighbours = [row for row in series if row["area_code"] in neighbour_codes]
    long = indicator.trend_lines([row for row in series if row["area_code"] in shown],
                                 selection.area, region, list(selection.compare), names,
                                 neighbours or None)
    start = indicator.period_start_of(store.indicator_periods(indicator_id), selection.period)
    area_type = indicator.ranking_type(area, {row["area_type"] for row in areas.values()})
    period_rows = store.ranking_values(indicator_id, start, area_type) \
        if start is not None else []
    ranked = indicator.ranked_areas(period_rows, selection.area, area_type)
    england = next((row["england_value"] for row in period_rows
                    if row["england_value"] is not None), None)
    revised = revisions_by_key(store.revised_values(
        (indicator_id,), tuple(sorted(shown)), revised_since(clock.now())))
    return {"long": long, "ranked": ranked, "area_name": area.get("area_name"),
            "revised": revised,
            "area_series": [row for row in series if row["area_code"] == selection.area],
            "england_value": float(england) if england is not None else None,
            "group": indicator.type_group(area_type), "period_rows": period_rows}


def source_sentence(meta: Mapping[str, Any]) -> str:
    parts = [f"Source: {meta.get('source_org') or 'see the Data page'}"]
    if meta.get("source_date"):
        parts.append(f"published {meta['source_date']}")
    parts.append(meta.get("licence") or "Open Government Licence v3.0")
    return ", ".join(parts) + "."


def _tables(long: list[dict], ranked: list[dict], meta: Mapping[str, Any],
            trend_title: str, revised: Mapping[tuple, Mapping]) -> html.Section:
    return html.Section([
        html.H2("Data in these charts"),
        *trend_data_table(long, meta, trend_title, Ids.TABLE, revised),
        # The ranking's table (hundreds of rows) is sent only when asked for: it was
        # half of every update's payload and a quarter of its server time.
        html.Button(ranking_button_text(False, len(ranked)), id=Ids.RANKING_BUTTON,
                    n_clicks=0, className="button secondary",
                    **{"aria-controls": Ids.RANKING_HOLDER}),
        html.Div(ranking_preload(), id=Ids.RANKING_HOLDER, **{"aria-live": "polite"}),
    ], className="chart-data")


def trend_data_table(long: list[dict], meta: Mapping[str, Any], caption: str,
                     table_id: str, revised: Mapping[tuple, Mapping] | None = None) -> list:
    """The trend chart's table, each value with its flag and note marked (the key and
    notes under it) and a value revised lately saying so, for the page and its embed."""
    columns, rows = indicator.trend_table_cells(long, meta, revised, clock.now())
    notes = ValueNotes(table_id)
    # the table's cells as component JSON (layouts/plain.py): a monthly series has
    # hundreds, and building each as a Dash component was a fifth of the update's time
    header = h("Thead", h("Tr", [h("Th", c, scope="col") for c in columns]))
    body = h("Tbody", [h("Tr", [h("Th", row[0], scope="row")] +
                            [h("Td", marked(cell["text"], notes.marks(
                                cell["status"], cell["note"], cell["text"]),
                                cell["revised"]),
                               className="num") for cell in row[1:]])
                       for row in rows])
    table = h("Div", h("Table", [h("Caption", caption), header, body],
                       className="table data-table", id=table_id), className="table-wrap")
    return [table, notes_block(notes)] if notes else [table]


def ranking_preload() -> dag.AgGrid:
    """An empty, hidden grid sent with the page, so the browser fetches and compiles the
    grid's code while the page loads rather than after the button is pressed (that took
    longer than the server's answer)."""
    return dag.AgGrid(id=f"{Ids.RANKING_TABLE}-preload", rowData=[], columnDefs=[],
                      style={"display": "none"})


def ranking_button_text(shown: bool, n_areas: int) -> str:
    return ("Hide the ranking table" if shown
            else f"Show the ranking as a table ({n_areas} areas)")


RANKING_COLUMNS = [
    # Rows arrive ranked, withheld areas last; no initial sort (it would put them first).
    {"field": "rank", "headerName": "Rank", "type": "numericColumn", "maxWidth": 110},
    {"field": "area", "headerName": "Area", "flex": 2, "minWidth": 180},
    # Sorted by the number; shown as published, a withheld value with its label.
    {"field": "value", "headerName": "Value", "type": "numericColumn", "flex": 1,
     "minWidth": 260, "valueFormatter": {"function": "params.data.value_text"}},
    {"field": "comparison", "headerName": "Compared with England", "flex": 2,
     "minWidth": 200},
]


def ranking_rows(ranked: list[dict], meta: Mapping[str, Any],
                 withheld: list[dict] | None = None, chosen: str | None = None) -> list[dict]:
    """One grid row per bar of the ranking chart: the number (for sorting) and the words
    shown for it; then the areas whose value is withheld, unranked, reading the
    disclosure label (the chart cannot draw them, the table says why they are missing)."""
    rows = [{"rank": int(r["rank"]), "area": r["area_name"], "area_code": r["area_code"],
             "value": None if r["value"] is None else float(r["value"]),
             "value_text": format_value(r["value"], meta, r["status"], r["note"]),
             "comparison": explore.JUDGEMENT_WORDS.get(r["comparison"], "Not compared"),
             "highlight": bool(r["highlight"])} for r in ranked]
    if withheld is not None:
        rows += [{"rank": None, "area": r["area_name"], "area_code": r["area_code"],
                  "value": None, "value_text": format_value(None, meta, r["status"], r["note"]),
                  "comparison": "Not compared", "highlight": r["area_code"] == chosen}
                 for r in sorted(withheld, key=lambda r: r["area_name"])]
    return rows


def withheld_areas(period_rows: list[dict], area: str, ranked: list[dict]) -> list[dict]:
    """Areas of the ranking's type and country whose value for the period is withheld to
    protect small numbers (disclosure control has blanked them, so the ranking leaves
    them out). `period_rows`: every area of the ranking's type at its period."""
    country = area[:1] if area != ENGLAND else "E"
    ranked_codes = {r["area_code"] for r in ranked}
    return [r for r in period_rows
            if r["status"] == "c" and r["value"] is None
            and str(r["area_code"]).startswith(country)
            and r["area_code"] not in ranked_codes
            and (r.get("valid_to") is None or r["area_code"] == area)]


def ranking_table(store: Store, selection: Selection) -> html.Div:
    """Every bar of the ranking chart as a row of a grid that draws only the rows in
    view (hundreds of table rows took seconds to draw in the browser), scrolled to the
    chosen area. Arrow keys move between cells; the header sorts."""
    meta = store.indicator_meta(selection.indicator_id) or {}
    data = view_data(store, selection)
    ranked = data["ranked"]
    withheld = withheld_areas(data["period_rows"], selection.area, ranked)
    rows = ranking_rows(ranked, meta, withheld, selection.area)
    chosen = next((row["area_code"] for row in rows if row["highlight"]), None)
    caption_id = f"{Ids.RANKING_TABLE}-caption"
    hidden = (f"; {len(withheld)} more withheld to protect small numbers, listed last"
              if len(withheld) else "")
    return html.Div([
        html.P(f"{meta.get('title')}: {len(ranked)} {data['group']}, {selection.period}, "
               f"highest first{hidden}", id=caption_id, className="grid-caption"),
        dag.AgGrid(
            id=Ids.RANKING_TABLE, rowData=rows, columnDefs=RANKING_COLUMNS,
            defaultColDef={"sortable": True, "resizable": True, "suppressMovable": True},
            getRowId="params.data.area_code",
            rowClassRules={"highlight": "params.data.highlight"},
            dashGridOptions={"loadThemeGoogleFonts": False, "rowHeight": 36},
            scrollTo={"rowId": chosen, "rowPosition": "middle"} if chosen else None,
            className="ranking-grid", style={"height": "420px", "width": "100%"}),
    ], className="ranking-table", role="region", **{"aria-labelledby": caption_id})


def download(store: Store, selection: Selection) -> tuple[list[str], list[list], str]:
    """The CSV behind the charts (columns and rows), and its file name."""
    meta = store.indicator_meta(selection.indicator_id) or {}
    data = view_data(store, selection)
    columns, rows = indicator.csv_rows(data["long"], data["ranked"], meta)
    name = f"{selection.indicator_id}_{selection.area}_{selection.period or 'latest'}.csv"
    return columns, rows, name.replace("/", "-").replace(" ", "-")
