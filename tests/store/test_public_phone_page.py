"""The residents' area page, rendered without a browser: the headline numbers first, at a
glance, as the store has them; every section below folded under a heading and a line on
what it holds; a neighbourhood named by its ward and council."""

from __future__ import annotations

import json

import pytest
from plotly.io.json import to_json_plotly

from dashboard.server.app import create_app
from dashboard.views import public_headlines

OLDHAM, LSOA = "E08000004", "E01005320"  # Oldham 024A, in Alexandra ward


@pytest.fixture()
def request_context(settings, store):
    app = create_app(settings, store=store)
    with app.server.test_request_context():
        yield store


def nodes(component) -> list[dict]:
    """Every component in a layout, as JSON, depth first."""
    found, stack = [], [json.loads(to_json_plotly(component))]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict) and "type" in node and "props" in node:
            found.append(node)
            stack.append(node["props"].get("children"))
    return found


def text(node) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, list):
        return "".join(text(n) for n in node)
    if isinstance(node, dict) and "props" in node:
        return text(node["props"].get("children"))
    return ""


def with_class(found: list[dict], name: str) -> list[dict]:
    return [n for n in found if name in str(n["props"].get("className", "")).split()]


def test_the_headline_numbers_come_first_and_the_rest_is_folded(request_context):
    from dashboard.web import runtime
    from layouts import public_area

    store = runtime.public_store()  # what the page reads
    area = public_area.page_area(store, OLDHAM)
    _metas, _values, records = public_area.page_values(store, area)
    shown = [r for r in records if r["state"] != "missing"]
    found = nodes(public_area.layout(code=OLDHAM))
    order = [n["props"].get("id") for n in found if n["props"].get("id")]

    glance = with_class(found, "glance-item")
    assert [g["props"]["data-indicator"] for g in glance] == \
        [r["indicator_id"] for r in shown]
    values = [text(v) for v in with_class(found, "glance-value")]
    assert values == [r["value_text"] for r in shown]
    assert "6.6%" in values  # Oldham's Claimant Count, 2025, as published
    # before any section, and every tag a shape with its words
    assert order.index("public-area-glance") < order.index("public-area-headlines")
    for tag in with_class(found, "glance-tag"):
        words = text(tag)
        assert words[0] in "▲▼●" and words.endswith("England")

    folds = [n for n in found if n["type"] == "Details" and
             "public-fold" in n["props"].get("className", "")]
    themes = [t for t, _ in public_headlines.by_theme(shown)]
    assert [text(f["props"]["children"][0]["props"]["children"][0]) for f in folds] == \
        [*themes, "Neighbourhoods in Oldham", "Local targets"]
    assert not any(f["props"].get("open") for f in folds)
    hints = [text(h) for h in with_class(found, "fold-hint")]
    assert hints[0] == ("Claiming unemployment-related benefits and people in work, "
                        "explained, with 2 charts over time")
    assert hints[-1] == "How the Oldham partnership is doing against its targets"


def test_a_neighbourhood_is_described_by_its_ward_and_council(request_context):
    from layouts import public_area

    found = nodes(public_area.layout(code=LSOA))
    place = next(n for n in found if n["props"].get("id") == "public-area-place")
    words = text(place)
    assert words.startswith("A neighbourhood in Alexandra ward, Oldham (official name "
                            "Oldham 024A).")
    assert "This neighbourhood is among the" in words
    assert "Oldham 024A is" not in words
