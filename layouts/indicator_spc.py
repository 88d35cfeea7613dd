"""The indicator page's "Is this change unusual?" section: an XmR control chart of the
chosen area's series with its special-cause findings in words (dashboard.methods.stats.spc),
or one line saying why there is no chart."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dash import dcc, html

from dashboard.common.formatting import unit_label
from dashboard.figures.spc import spc_figure, spc_text
from dashboard.methods.stats.spc import consecutive_run, spc_words, xmr
from layouts.components import chart_figure

SECTION = "indicator-spc"
WORDS = "indicator-spc-words"
CHART = "indicator-spc-chart"
METHOD = ("Statistical process control (an XmR chart), with the special-cause rules of "
          "NHS England's Making Data Count: a value outside the process limits; 7 or more "
          "in a row on one side of the mean (a shift) or each rising or each falling (a "
          "trend); 2 of 3 in a row near a limit.")


def spc_section(rows: Sequence[Mapping[str, Any]], meta: Mapping[str, Any],
                area_name: str, source: str) -> html.Section:
    run = consecutive_run(rows)
    children: list[Any] = [html.H2("Is this change unusual?")]
    if isinstance(run, str):
        children.append(html.P(f"No control chart for {area_name}: {run}", id=WORDS))
        return html.Section(children, id=SECTION, className="indicator-spc")
    labels, values = run
    chart = xmr(labels, values, meta.get("polarity"))
    children.append(html.Ul([html.Li(line) for line in spc_words(chart, meta, area_name)],
                            id=WORDS))
    children.append(html.Details([
        html.Summary("The control chart, and how it is read"),
        chart_figure(dcc.Graph(id=CHART, figure=spc_figure(chart, unit_label(meta) or ""),
                               config={"displaylogo": False, "responsive": True}),
                     f"Control chart: {meta.get('title')}, {area_name}, {labels[0]} to "
                     f"{labels[-1]}", spc_text(chart, area_name), source),
        html.P(METHOD, className="hint"),
    ]))
    return html.Section(children, id=SECTION, className="indicator-spc")
