"""The target page's context sections: "The gap in people" (with the neighbourhoods holding
most of a worklessness gap) and "How ambitious is this target?" (also for a value proposed
in the URL, ?propose=<value>, which saves nothing)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from dash import dcc, html

from dashboard.common.formatting import unit_label
from dashboard.figures.ambition import ambition_figure, ambition_text
from dashboard.methods import targets as model
from dashboard.methods.targets.context import (
    ambition_view,
    ambition_words,
    gap_view,
    proposed_target,
)
from dashboard.methods.targets.gap import SPLIT_INDICATOR, Neighbourhood, about
from dashboard.security import proposals
from dashboard.web import runtime
from layouts.components import chart_figure


class ContextIds:
    GAP = "target-gap"
    NEIGHBOURHOODS = "target-gap-neighbourhoods"
    AMBITION = "target-ambition"
    AMBITION_CHART = "target-ambition-chart"
    PROPOSE = "target-propose"


def gap_section(store: Any, detail: dict, meta: dict, area_name: str) -> html.Section:
    """The gap in people, its denominator's source and the top neighbourhoods."""
    target: model.Target = detail["target"]
    gap = gap_view(store, target, detail["assessment"], meta, area_name)
    children: list[Any] = [html.H2("The gap in people"),
                           html.P(gap["sentence"], className="lead")]
    if gap["source"]:
        children.append(html.P(gap["source"], className="source-line"))
    if gap["neighbourhoods"]:
        children += [
            html.H3("The neighbourhoods holding most of the gap"),
            html.P(gap["split"]),
            html.Div(className="table-wrap", children=html.Table(className="table", children=[
                html.Caption(f"The five neighbourhoods (LSOAs) of {area_name} with the "
                             "largest shares of the gap"),
                html.Thead(html.Tr([html.Th(h, scope="col") for h in (
                    "Neighbourhood", "Ward", "Share of the area's total",
                    "People of the gap (apportioned)")])),
                html.Tbody([html.Tr([
                    html.Td(dcc.Link(f"{n.lsoa_name} ({n.lsoa_code})", href=_map_link(n))),
                    html.Td(n.ward_name), html.Td(f"{n.share:.1%}"),
                    html.Td(about(n.people))]) for n in gap["neighbourhoods"]]),
            ]), id=ContextIds.NEIGHBOURHOODS),
        ]
    return html.Section(children, id=ContextIds.GAP, className="target-gap")


def _map_link(n: Neighbourhood) -> str:
    """The neighbourhood on the neighbourhoods map, coloured by the apportioning measure."""
    return "/neighbourhoods?" + urlencode({"area": n.lad_code or "", "measure": SPLIT_INDICATOR,
                                           "lsoa": n.lsoa_code})


def ambition_section(store: Any, detail: dict, meta: dict, area_name: str,
                     partnership: str, propose: Any = None,
                     area: str | None = None) -> html.Section:
    """How ambitious the target (or a proposed value) is, against its neighbours."""
    target: model.Target = detail["target"]
    children: list[Any] = [html.H2("How ambitious is this target?")]
    if propose not in (None, ""):
        proposed = proposed_target(target, propose[0] if isinstance(propose, list)
                                   else propose, meta)
        if isinstance(proposed, str):
            children.append(html.P(proposed, className="error-message", role="alert"))
        else:
            target = proposed
            children.append(html.P(
                "Showing a proposed value: nothing has been saved, and the agreed target "
                "above is unchanged.", className="illustrative-banner", role="note"))
            children += _propose_link(partnership, target)
    ambition = ambition_view(store, target, meta, detail["series"])
    if ambition is None:
        children.append(html.P("There are too few published periods to compare this "
                               "target's change with other areas."))
        return html.Section(children, id=ContextIds.AMBITION)
    children.append(html.Ul([html.Li(line) for line in ambition_words(
        ambition, target, meta, area_name, proposed=target is not detail["target"])]))
    unit = "percentage points" if (meta.get("unit") or meta.get("suffix")) == "%" \
        else (unit_label(meta) or "units")
    children.append(chart_figure(
        dcc.Graph(id=ContextIds.AMBITION_CHART, config={"displaylogo": False,
                                                        "responsive": True},
                  figure=ambition_figure(ambition, area_name, unit)),
        "Change a year: the target against its statistical neighbours and England",
        ambition_text(ambition, area_name, unit),
        "Changes worked out from the published values; neighbours are Placeboard's "
        "statistical neighbours (nearest 15 by contextual indicators)."))
    children.append(_propose_form(partnership, target.indicator_id, area))
    return html.Section(children, id=ContextIds.AMBITION, className="target-ambition")


def _propose_link(partnership: str, target: model.Target) -> list:
    """For the partnership's editors: take the value shown to the proposal form."""
    if not proposals.may_propose(runtime.accounts(), runtime.viewer(), partnership):
        return []
    query = urlencode({"indicator": target.indicator_id, "area": target.area_code,
                       "baseline_period": target.baseline.label,
                       "target_period": target.target.label,
                       "target_value": f"{target.target_value:g}"})
    return [html.P(html.A(f"Propose {target.target_value:g} as the target, for a data "
                          "manager to agree", id=ContextIds.PROPOSE + "-link",
                          href=f"/scorecard/{partnership}/proposals?{query}#propose-heading"))]


def _propose_form(partnership: str, indicator: str, area: str | None) -> html.Form:
    """A plain GET form: try another value (the page reloads with ?propose=)."""
    return html.Form([
        html.Label("Try a different target value", htmlFor=ContextIds.PROPOSE),
        dcc.Input(id=ContextIds.PROPOSE, name="propose", type="text", inputMode="decimal",
                  value=""),
        *([dcc.Input(type="hidden", name="area", value=area)] if area else []),
        html.Button("Show its ambition", type="submit", className="button"),
    ], method="get", action=f"/target/{partnership}/{indicator}", className="propose-form")
