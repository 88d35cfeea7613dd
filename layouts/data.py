"""Data page: every dataset and indicator in the store, with metadata and quality."""

from __future__ import annotations

from dash import dcc, html

from dashboard.common import attribution
from dashboard.common.formatting import polarity_words
from dashboard.security.access import AccessLevel
from dashboard.views import catalogue
from dashboard.web import runtime
from layouts.components import page_header, summary_list

PAGE = {"path": "/data", "title": "Data: catalogue and quality - Placeboard", "order": 8}


class Ids:
    CATALOGUE = "data-catalogue"
    FILTER = "data-filter"


def _indicator_row(item: dict) -> html.Tr:
    loaded = item.get("last_loaded")
    return html.Tr([
        html.Td([dcc.Link(item["title"], href=f"/indicator/{item['indicator_id']}"),
                 html.Div(item["indicator_id"], className="code")]),
        html.Td(item.get("definition") or "—"),
        html.Td(item.get("unit") or item.get("measure") or "—"),
        html.Td(polarity_words(item.get("polarity"))),
        html.Td(item["geographies"]),
        html.Td(item["coverage"]),
        html.Td(f"{int(item['n_areas']):,}" if item.get("n_areas") == item.get("n_areas")
                and item.get("n_areas") is not None else "0"),
        html.Td(str(loaded)[:16] if loaded is not None else "—"),
    ], className="indicator-row", **{"data-indicator": item["indicator_id"]})


def _examples(examples: list[dict]) -> html.Ul:
    return html.Ul([html.Li(f"line {e['line']}, column {e['column_name']}, value "
                            f"{e['value']!r}: {e['message']}" if e.get("line") else
                            e["message"], className="finding-example") for e in examples])


def _dataset_section(entry: dict, examples: dict[tuple[int, str], list[dict]]) -> html.Section:
    rows = [_indicator_row(i) for i in entry["indicators"]]
    quality_items = [html.Li([f"{q['title']}: {q['count']:,} ({q['severity']}s) in "
                              f"{q['file'].split('/')[-1]}",
                              _examples(examples.get((q["load_id"], q["rule"]), []))],
                             className=f"finding-{q['severity']}")
                     for q in entry["quality"]]
    return html.Section(className="dataset", id=f"dataset-{entry['dataset_id']}", children=[
        html.H2(entry["title"], className="h2"),
        summary_list([
            ("Publisher", entry.get("publisher")),
            ("Licence", entry.get("licence")),
            ("Attribution", entry.get("attribution")),
            ("Source", html.A(entry["source_url"], href=entry["source_url"])
             if entry.get("source_url") else None),
            ("Source date", entry.get("source_date")),
            ("File", entry.get("file")),
            ("Who can see it", html.Span(entry.get("access_words") or "Public: anyone can see it",
                                         className="access-level")),
            ("Quality", html.Span(catalogue.quality_sentence(entry), className="quality-summary")),
        ]),
        html.Details([html.Summary("Quality report"),
                      html.Ul(quality_items) if quality_items else html.P("No problems found"),
                      html.P(["Full report: ", html.Code(
                          f"placeboard check data/.../{entry.get('file')}")])],
                     className="quality-details"),
        html.Div(className="table-wrap", children=html.Table(className="table", children=[
            html.Caption(f"Indicators in {entry['title']}", className="visually-hidden"),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in (
                "Indicator", "Definition", "Unit", "Polarity", "Geographies", "Time coverage",
                "Areas", "Last loaded")])),
            html.Tbody(rows),
        ])),
    ])


def layout(**_query: object) -> html.Div:
    store = runtime.store()
    entries = catalogue.catalogue(store.indicators(), store.datasets(), store.loads(),
                                  store.quality_summary())
    levels = store.access_levels()["dataset"]
    for entry in entries:
        entry["access_words"] = AccessLevel.parse(levels.get(entry["dataset_id"])).describe()
    examples = catalogue.examples_by_rule(
        {q["load_id"] for e in entries for q in e["quality"]}, store.quality_findings)
    n_indicators = sum(len(e["indicators"]) for e in entries)
    return html.Div([
        page_header("Data", f"{len(entries)} datasets and {n_indicators} indicators in this "
                    "store, with their sources, licences, coverage and data-quality reports.",
                    caption="Catalogue and quality"),
        html.P(["Built ", html.Strong(store.built_at() or "unknown"), ". Analysts can query "
                "the store directly with DuckDB: see docs/store.md."]),
        html.Nav(html.Ul([html.Li(html.A(e["title"], href=f"#dataset-{e['dataset_id']}"))
                          for e in entries]), **{"aria-label": "Datasets"},
                 className="contents-list"),
        html.Div([_dataset_section(e, examples) for e in entries], id=Ids.CATALOGUE),
        html.Section([html.H2("Attribution"),
                      html.Ul([html.Li(line) for line in attribution.REQUIRED_LINES])],
                     id="attribution"),
    ])
