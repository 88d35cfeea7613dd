"""The indicator page's breakdowns section: an area's values at the chosen period by
deprivation decile, age and sex (as Fingertips publishes them), each as a dot-and-whisker
chart with its title, text alternative and source line, and a table with both intervals.
What it says is decided in dashboard/views/breakdowns.py. No PAGE here: not a page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dash import dcc, html

from dashboard.figures.breakdowns import breakdown_figure
from dashboard.views import breakdowns, explore
from layouts.components import chart_figure, successor_links

SECTION_ID = "indicator-breakdowns"
LABEL_HEADERS = {"category": "Category", "age": "Age", "sex": "Sex"}


def breakdowns_section(store: Any, indicator_id: str, area_code: str, area_name: str,
                       period: str | None, meta: Mapping[str, Any],
                       source: str) -> html.Section | None:
    """The section for one area and period; None when the indicator has no breakdowns
    for the area at all (every indicator but Fingertips')."""
    rows = store.indicator_breakdowns(indicator_id, area_code)
    if not rows or period is None:
        return None
    groups = breakdowns.breakdown_groups(rows, period, meta)
    headline = breakdowns.headline_row(rows, period, meta)
    heading_id = f"{SECTION_ID}-heading"
    children: list = [html.H2(breakdowns.section_title(area_name, period), id=heading_id)]
    note = _superseded_note(store, indicator_id, area_code)
    if note is not None:
        children.append(note)
    if not groups:
        children.append(html.P(breakdowns.none_sentence(area_name, period),
                               id=f"{SECTION_ID}-none"))
    for n, group in enumerate(groups):
        title = breakdowns.chart_title(meta, group, area_name, period)
        children += [
            html.H3(group["title"]),
            chart_figure(dcc.Graph(id=f"{SECTION_ID}-{n}-chart",
                                   figure=breakdown_figure(group, meta, headline),
                                   config={"displaylogo": False, "responsive": True},
                                   className="graph"),
                         title, breakdowns.chart_sentence(meta, group, headline), source),
            breakdown_table(group, title, f"{SECTION_ID}-{n}-table"),
        ]
    return html.Section(children, id=SECTION_ID, className="breakdowns",
                        **{"aria-labelledby": heading_id})


def breakdown_table(group: Mapping[str, Any], caption: str, table_id: str) -> html.Div:
    """Label, value, 95% interval, 99.8% interval (where any is published), count,
    denominator and note for each row of a breakdown."""
    columns = [LABEL_HEADERS.get(group["kind"], "Breakdown"), "Value",
               "95% confidence interval"]
    columns += ["99.8% confidence interval"] if group["has_998"] else []
    columns += ["Count", "Denominator", "Note"]
    body = []
    for row in group["rows"]:
        cells = [row["value_text"], row["ci95_text"]]
        cells += [row["ci998_text"]] if group["has_998"] else []
        cells += [row["count_text"], row["denominator_text"]]
        body.append(html.Tr([html.Th(row["label"], scope="row")]
                            + [html.Td(c, className="num") for c in cells]
                            + [html.Td(row["note"] or "")]))
    return html.Div(html.Table([
        html.Caption(caption),
        html.Thead(html.Tr([html.Th(c, scope="col") for c in columns])),
        html.Tbody(body),
    ], className="table data-table", id=table_id), className="table-wrap")


def _superseded_note(store: Any, indicator_id: str, area_code: str) -> html.P | None:
    """"Dorset (E10000009) was replaced by Dorset (E06000059) in 2019; these values are
    for the old area.", with a link to this indicator for each successor."""
    area = store.area(area_code)
    old = breakdowns.superseded(area)
    if old is None:
        return None
    links = successor_links(area, store.area, with_code=True,
                            href=lambda code: explore.indicator_href(indicator_id, area=code))
    name = html.Strong(f"{old['name']} ({old['code']})")
    text = ([name, " was replaced by ", *links, f" in {old['year']}; "] if links else
            [name, f" ended in {old['ended']}; "])
    return html.P([*text, "these values are for the old area."], className="notice",
                  role="note", id=f"{SECTION_ID}-superseded")
