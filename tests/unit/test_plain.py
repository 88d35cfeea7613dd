"""layouts/plain.py: components written as the JSON Dash sends must be exactly what the
Dash components give, and only what they accept."""

from __future__ import annotations

import json

import pytest
from dash import dcc, html
from plotly.io.json import to_json_plotly

from layouts.plain import DCC, HTML, h, link


def as_json(content: object) -> object:
    return json.loads(to_json_plotly(content))


def rebuild(node: object) -> object:
    """A tree of plain nodes as real Dash components (which validate their props)."""
    if isinstance(node, list):
        return [rebuild(child) for child in node]
    if isinstance(node, dict) and {"type", "namespace", "props"} <= node.keys():
        module = {HTML: html, DCC: dcc}[node["namespace"]]
        props = {k: rebuild(v) if k == "children" else v for k, v in node["props"].items()}
        return getattr(module, node["type"])(**props)
    return node


@pytest.mark.parametrize(("plain", "component"), [
    (h("Td", "3.4%", className="value", **{"data-label": "Oldham"}),
     html.Td("3.4%", className="value", **{"data-label": "Oldham"})),
    (h("Td", "—", className=None, **{"data-label": "Period"}),
     html.Td("—", className=None, **{"data-label": "Period"})),
    (h("Col", className="c-spine"), html.Col(className="c-spine")),
    (h("Img", src="data:image/svg+xml,x", alt="text", width=160, height=36),
     html.Img(src="data:image/svg+xml,x", alt="text", width=160, height=36)),
    (h("Span", [h("Span", "▲", **{"aria-hidden": "true"}), " ", "Better"],
       className="judgement better", title=None),
     html.Span([html.Span("▲", **{"aria-hidden": "true"}), " ", "Better"],
               className="judgement better", title=None)),
    (h("Th", link("Claimant count", "/indicator/claimant-count"), scope="row"),
     html.Th(dcc.Link("Claimant count", href="/indicator/claimant-count"), scope="row")),
    (h("Tbody", None), html.Tbody(None)),
])
def test_plain_nodes_are_the_components_json(plain, component):
    assert as_json(plain) == as_json(component)
    assert as_json(rebuild(plain)) == as_json(component)


def test_a_prop_the_component_does_not_take_is_caught_by_rebuilding():
    with pytest.raises(TypeError):
        rebuild(h("Td", "x", colour="red"))
    with pytest.raises(TypeError):
        rebuild(h("Tr", [h("Td", "x", scop="row")]))


def test_plain_nodes_render_inside_components():
    page = html.Div([html.H2("Work"), h("Table", h("Tbody", [h("Tr", [h("Td", "1")])]))])
    assert as_json(page) == as_json(html.Div([html.H2("Work"), html.Table(html.Tbody(
        [html.Tr([html.Td("1")])]))]))
