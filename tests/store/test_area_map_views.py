"""The area profile and the LA map read plain records and build their tables as component
JSON: checked against the DataFrame reads they replaced (store.period_values,
store.indicator, the areas and links tables) and against real Dash components."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from plotly.io.json import to_json_plotly

from dashboard.security.access import PUBLIC
from dashboard.server.app import create_app
from dashboard.store.base import AccessState
from dashboard.views import maps as mapping
from layouts import area
from layouts import map as la_map
from tests.unit.test_plain import rebuild

OLDHAM, LANCASHIRE, ENGLAND = "E08000004", "E10000017", "E92000001"
INDICATORS = ["claimant-count", "employment-rate", "gross-median-weekly-pay"]


@pytest.fixture()
def request_context(settings, store):
    app = create_app(settings, store=store)
    with app.server.test_request_context():
        yield store


def same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b


def as_json(content: object) -> object:
    return json.loads(to_json_plotly(content))


def plain_nodes(node: object) -> list[dict]:
    """Every node written as JSON (a dict) anywhere under a component tree."""
    found: list[dict] = []

    def walk(x: object) -> None:
        if isinstance(x, list):
            for child in x:
                walk(child)
        elif isinstance(x, dict) and "namespace" in x:
            found.append(x)
            walk(x.get("props", {}).get("children"))  # and the JSON nodes inside it
        elif hasattr(x, "children"):
            walk(x.children)

    walk(node)
    return found


def test_area_and_parents_records_match_the_tables(store):
    for code in (OLDHAM, LANCASHIRE, ENGLAND, "E10000006"):
        frame = store.query("area", [code])
        expected = {k: (None if pd.isna(v) else v) for k, v in frame.iloc[0].items()}
        got = store.area(code)
        assert got.keys() == expected.keys()
        assert all(same(float(got[k]), float(v)) if isinstance(v, (int, float)) else
                   got[k] == v for k, v in expected.items())
        links = store.query("parents", [code])
        assert store.parents(code) == {r.parent_type: {"code": r.parent_code,
                                                       "name": r.parent_name}
                                       for r in links.itertuples()}
    assert store.area("E08000099") is None
    assert "region" in store.parents(OLDHAM) and store.parents(ENGLAND) == {}


def test_area_profile_rows_come_in_indicator_order(store):
    rows = store.area_profile(OLDHAM)
    assert [r["indicator_id"] for r in rows] == sorted(r["indicator_id"] for r in rows)
    assert len(rows) > 50


def test_rows_without_numbers_need_no_protection():
    state = AccessState(viewer=PUBLIC, datasets=frozenset(), indicators=frozenset(),
                        partnerships=frozenset(), dataset_levels={}, indicator_levels={},
                        rules={}, suppressed=frozenset())
    names = [{"area_code": OLDHAM, "area_name": "Oldham", "valid_to": None}]
    assert not state.needs_protection(names, list(names[0]))
    for column in ("value", "numerator", "lci_998", "previous_value", "median",
                   "england_value", "benchmark_value"):
        rows = [{"area_code": OLDHAM, column: 3.0}]
        assert state.needs_protection(rows, list(rows[0])), column


@pytest.mark.parametrize("indicator_id", INDICATORS)
def test_map_indicator_is_the_indicators_row(store, indicator_id):
    meta, expected = store.map_indicator(indicator_id), store.indicator(indicator_id)
    for key in ("title", "polarity", "value_type", "unit", "prefix", "suffix", "measure",
                "source_org", "dataset_id"):
        assert same(meta[key], expected[key]), key
    assert mapping.display_format(meta) == mapping.display_format(expected)
    assert store.map_indicator("no-such-indicator") is None


@pytest.mark.parametrize("indicator_id", INDICATORS)
@pytest.mark.parametrize(("types", "benchmark", "level"), [
    (("lad",), "england", 0.95), (("lad", "county"), "region", 0.998),
    (("region",), "england", 0.998), (("lad",), "neighbours", 0.95)])
def test_map_values_are_period_values_as_records(store, indicator_id, types, benchmark,
                                                 level):
    """Every row and value (in any order), prepared table or per-call fallback."""
    frame = store.period_values(indicator_id, None, types, benchmark, level)
    rows = sorted(store.map_values(indicator_id, None, types, benchmark, level),
                  key=lambda row: row["area_code"])
    assert len(rows) == len(frame) > 0
    records = frame.drop(columns="value_type").sort_values("area_code").to_dict("records")
    for record, row in zip(records, rows, strict=True):
        assert record.keys() == row.keys()
        for key, value in record.items():
            other = row[key]
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                assert other is None or (isinstance(other, float) and math.isnan(other)), key
            elif isinstance(value, pd.Timestamp):
                assert pd.Timestamp(other) == value, key
            else:
                assert same(value, other), key
    period = str(frame["period_start"].iloc[0].date())
    assert sorted(store.map_values(indicator_id, period, types, benchmark, level),
                  key=lambda row: row["area_code"]) == rows


@pytest.mark.parametrize("indicator_id", INDICATORS)
@pytest.mark.parametrize(("level", "extent", "benchmark", "confidence"), [
    ("lad", "england", "england", "95"), ("ctyua", "uk", "region", "99.8"),
    ("region", "england", "england", "95")])
def test_map_view_matches_the_dataframe_computation(store, indicator_id, level, extent,
                                                    benchmark, confidence):
    """The records view against the DataFrame one it replaced (period_values aligned to
    the geometry with pandas)."""
    view = la_map.la_map_view(store, indicator_id, None, level, extent,
                                            "quantiles", benchmark, confidence,
                                            with_table=True)
    types = {"lad": ("lad",), "ctyua": ("lad", "county"), "region": ("region",)}[level]
    frame = store.period_values(indicator_id, None, types, benchmark,
                                {"95": 0.95, "99.8": 0.998}[confidence])
    if level == "lad":
        frame = frame[frame["is_lower_tier"].fillna(False).astype(bool)]
    elif level == "ctyua":
        frame = frame[frame["is_upper_tier"].fillna(False).astype(bool)
                      | (frame["area_type"] == "county")]
    aligned = mapping.align(frame, view["codes"])
    fmt = mapping.display_format(store.indicator(indicator_id))
    payload = view["payload"]
    assert payload["values"] == mapping.compact_values(aligned["value"])
    assert payload["notes"] == mapping.comparison_notes(aligned, fmt, confidence)
    status = mapping.area_status(aligned["value"], aligned["status"], aligned["note"])
    assert list(view["status"]) == list(status)
    national = frame.loc[frame["area_code"].str.startswith("E"), "value"]
    meta = store.indicator(indicator_id)
    expected = mapping.classify(aligned["value"], "quantiles", national=national,
                                value_type=meta.get("value_type"))
    assert view["classification"].bins == expected.bins
    assert payload["classes"] == mapping.class_codes(expected, status)
    assert payload["period"] == str(frame["period_label"].dropna().iloc[0])
    england = mapping.format_display(frame["england_value"].dropna().iloc[0], fmt)
    assert f"England: {england}." in str(view["legend"])
    # the table: sorted by value (highest first, missing last), then name
    names = [n if isinstance(n, str) and n else fallback for n, fallback in
             zip(aligned["area_name"], la_map.geometry.payload_for(
                 store, level, la_map.EXTENT_CODES[extent]).names, strict=True)]
    notes = mapping.comparison_notes(aligned, fmt, confidence)
    expected_rows = [[code, "suppressed" if s == "suppressed" else
                      mapping.format_display(value, fmt), note or "Not compared"]
                     for code, _, value, s, note in sorted(
                         zip(view["codes"], names, aligned["value"], status, notes,
                             strict=True),
                         key=lambda item: (-np.nan_to_num(item[2], nan=-np.inf), item[1]))]
    body = plain_nodes(view["table"])[0]["props"]["children"][2]["props"]["children"]
    assert [[cell["props"]["children"] for cell in row["props"]["children"][1:]]
            for row in body] == expected_rows


@pytest.mark.parametrize("query", [
    {"code": OLDHAM}, {"code": OLDHAM, "benchmark": "region", "level": "99.8"},
    {"code": OLDHAM, "benchmark": "neighbours"}, {"code": LANCASHIRE},
    {"code": ENGLAND}, {"code": "E12000002"}])
def test_area_page_json_nodes_are_valid_components(request_context, query):
    """Each table written as JSON rebuilds as real Dash components (which reject a prop
    they do not take), to the same JSON; the page says what it said."""
    page = area.layout(**query)
    nodes = plain_nodes(page)
    tables = [n for n in nodes if n["type"] == "Div"]
    assert tables, "the theme tables are written as JSON"
    for node in tables:
        assert as_json(rebuild(node)) == as_json(node)
    text = json.dumps(as_json(page))
    assert "profile-row" in text and "data-label" in text


def test_map_table_json_nodes_are_valid_components(request_context):
    view = la_map.la_map_view(request_context, "claimant-count", None, "lad", "england",
                              "quantiles", with_table=True)
    table = plain_nodes(view["table"])[0]
    assert as_json(rebuild(table)) == as_json(table)
    assert "/area/E08000004" in json.dumps(as_json(view["table"]))


@pytest.mark.parametrize("query", [
    {"indicator_id": "employment-rate", "area": OLDHAM},
    {"indicator_id": "claimant-count", "area": LANCASHIRE, "compare": "neighbours"}])
def test_indicator_page_table_json_nodes_are_valid_components(request_context, query):
    """The indicator page's data table (header and body written as JSON) rebuilds as
    real Dash components, to the same JSON."""
    from layouts import indicator

    nodes = plain_nodes(indicator.layout(**query))
    assert {n["type"] for n in nodes} >= {"Thead", "Tbody"}
    for node in nodes:
        assert as_json(rebuild(node)) == as_json(node)
    body = next(n for n in nodes if n["type"] == "Tbody")
    assert len(body["props"]["children"]) > 5  # a row per period


def test_compare_matrix_json_nodes_are_valid_components(request_context):
    """The comparison matrix (written as JSON) rebuilds as real Dash components, to the
    same JSON, with a row for England and each area."""
    from callbacks import compare as compare_callbacks
    from dashboard.views.explore import PARTNERSHIP_AREAS

    areas = [code for code, _ in PARTNERSHIP_AREAS]
    content, *_ = compare_callbacks.update_matrix(
        areas, ["claimant-count", "employment-rate"], "claimant-count", "desc")
    [table] = [n for n in plain_nodes(content) if n["type"] == "Table"]
    assert as_json(rebuild(table)) == as_json(table)
    rows = table["props"]["children"][2]["props"]["children"]
    assert len(rows) == len(areas) + 1


@pytest.mark.parametrize("code", [OLDHAM, ENGLAND])
def test_public_area_page_tables_json_nodes_are_valid_components(request_context, code):
    """The residents' page's trend tables (written as JSON) rebuild as real Dash
    components, to the same JSON, one table per chart."""
    from layouts import public_area

    tables = [n for n in plain_nodes(public_area.layout(code=code)) if n["type"] == "Table"]
    assert tables
    for table in tables:
        assert as_json(rebuild(table)) == as_json(table)
