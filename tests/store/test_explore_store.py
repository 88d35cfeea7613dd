"""Explore queries and page functions against the real store built from data/."""

from __future__ import annotations

from urllib.parse import parse_qs

import pandas as pd
import pytest

from dashboard.common.config import DATA_DIR
from dashboard.common.geography import ENGLAND
from dashboard.server.app import create_app
from dashboard.views import area_profile, explore

OLDHAM, WIGAN, LANCASHIRE, CUMBRIA, NORTH_WEST = (
    "E08000004", "E08000010", "E10000017", "E10000006", "E12000002")


def published(dataset: str, indicator: str, area: str) -> tuple[str, float]:
    frame = pd.read_csv(DATA_DIR / "ons" / dataset / f"{dataset}.csv", encoding="utf-8-sig",
                        dtype={"areacd": str, "period": str})
    rows = frame[(frame["areacd"] == area) & (frame["indicator"] == indicator)
                 & frame["observation"].notna()]
    row = rows.sort_values("period").iloc[-1]
    return row["period"].split("/")[0], float(row["observation"])


@pytest.fixture()
def request_context(settings, store):
    app = create_app(settings, store=store)
    with app.server.test_request_context():
        yield store


def test_indicator_areas_lists_areas_with_values(store):
    areas = store.indicator_areas("employment-rate")
    assert {OLDHAM, WIGAN, NORTH_WEST, ENGLAND} <= set(areas["area_code"])
    assert areas.iloc[0]["area_type"] == "nation"  # nations first, then by name
    assert not areas["area_type"].isin(["lsoa", "ward"]).any()


def test_area_profile_spreads_are_the_same_kind_of_area_at_the_latest_period(store):
    profile = pd.DataFrame(store.area_profile(OLDHAM)).set_index("indicator_id")
    claimant = profile.loc["claimant-count"]
    assert claimant["peer_group"] == "lad"
    assert 290 <= claimant["peers_n"] <= 300  # English LADs in use at the period
    county = pd.DataFrame(store.area_profile(LANCASHIRE)).set_index("indicator_id")
    county = county.loc["claimant-count"]
    assert county["peer_group"] == "upper_tier"
    assert 140 <= county["peers_n"] <= 160  # counties and unitary authorities


def test_latest_values_with_comparisons_and_spread(store):
    start, value = published("claimant-count", "Claimant Count", OLDHAM)
    latest = store.latest_values((ENGLAND, OLDHAM, WIGAN), ("claimant-count",
                                                            "employment-rate"))
    row = latest[(latest["area_code"] == OLDHAM)
                 & (latest["indicator_id"] == "claimant-count")].iloc[0]
    assert row["value"] == pytest.approx(value)
    assert str(row["period_start"])[:10] == start
    assert row["comparison"] in ("better", "similar", "worse")
    assert row["comparison_method"] == "spread"
    assert row["comparison_reason"].startswith(("Better", "Similar", "Worse"))
    assert row["title"] == "Claimant Count"
    region = store.latest_values((OLDHAM,), ("claimant-count",), "region", 0.998)
    assert region["benchmark_name"].iloc[0] == "North West"


def test_neighbours_are_like_areas_and_named(store):
    neighbours = store.neighbours(OLDHAM)
    assert len(neighbours) == 15 and OLDHAM not in neighbours
    assert all(code.startswith("E0") for code in neighbours)
    assert store.neighbours("E99999999") == ()
    listed = store.neighbour_list(OLDHAM)
    assert listed["neighbour_name"].notna().all()
    assert listed["similarity"].is_monotonic_decreasing
    assert listed["method"].iloc[0].startswith("Nearest neighbours by Euclidean distance")


def test_profile_rows_for_oldham(store):
    _, value = published("claimant-count", "Claimant Count", OLDHAM)
    area = store.area(OLDHAM)
    rows = area_profile.profile_rows(store.area_profile(OLDHAM), area)
    by_id = {r["indicator_id"]: r for r in rows}
    claimant = by_id["claimant-count"]
    assert claimant["value_text"] == f"{value:.1f}%"
    assert claimant["spine"] is not None and claimant["explanation"]
    iod = [r["indicator_id"] for r in rows if r["indicator_id"].startswith("iod-")]
    assert iod and all(i.startswith("iod-lad-") for i in iod)  # no LSOA-only measures
    themes = [theme for theme, _ in area_profile.group_by_theme(rows)]
    assert themes[0] == "work and worklessness" and themes[-1] == explore.DEPRIVATION
    pay = by_id["gross-median-weekly-pay"]["value_text"]
    assert pay.startswith("£")


def test_area_layout_for_an_obsolete_code_links_its_successors(request_context):
    from layouts import area

    page = area.layout(code=CUMBRIA)
    text = str(page.to_plotly_json())
    assert "/area/E06000063" in text and "/area/E06000064" in text
    assert "no longer in use" in text


def test_unknown_area_and_indicator_pages_suggest_alternatives(request_context):
    from layouts import area, indicator

    page = area.layout(code="E08000099")
    text = str(page.to_plotly_json())
    assert "Area not found" in text and "/area/E080000" in text
    page = indicator.layout(indicator_id="employment-rates")
    text = str(page.to_plotly_json())
    assert "Indicator not found" in text and "/indicator/employment-rate" in text


def test_indicator_callback_returns_views_and_query_string(request_context):
    from callbacks.indicator import csv_download, update_views

    children, search = update_views("employment-rate", WIGAN, [NORTH_WEST], None)
    assert parse_qs(search.lstrip("?")) == {"area": [WIGAN], "compare": [NORTH_WEST]}
    text = str(children)
    assert "Wigan" in text
    _, search = update_views("employment-rate", WIGAN, [], "2020")
    assert parse_qs(search.lstrip("?")) == {"area": [WIGAN], "period": ["2020"]}
    download = csv_download("employment-rate", WIGAN, [NORTH_WEST], "2023")
    assert download["filename"] == "employment-rate_E08000010_2023.csv"
    assert "chart,role,area_code" in download["content"]


def test_indicator_selection_drops_unknown_codes(request_context):
    from layouts.indicator import resolve

    selection = resolve(request_context, "employment-rate", "E99999999", "E12000002,XX", "1900")
    assert selection.area == ENGLAND and not selection.area_chosen
    assert selection.compare == (NORTH_WEST,)
    assert len(selection.problems) == 3
    assert selection.period == "2023"


def test_compare_callback_sorts_and_writes_the_url(request_context):
    from callbacks.compare import update_matrix

    matrix, options, sort, search = update_matrix([OLDHAM, WIGAN], ["claimant-count"],
                                                  "claimant-count", "desc")
    assert sort == "claimant-count"
    assert [o["value"] for o in options] == ["area", "claimant-count"]
    assert parse_qs(search.lstrip("?")) == {"areas": [f"{OLDHAM},{WIGAN}"],
                                            "indicators": ["claimant-count"],
                                            "sort": ["claimant-count"], "order": ["desc"]}
    text = str(matrix)
    assert text.index("Oldham") < text.index("Wigan")  # 6.6% before 3.5%


def test_ranking_table_toggle(request_context):
    from callbacks.indicator import toggle_ranking_table

    table, label = toggle_ranking_table(1, "employment-rate", WIGAN, [], "2023")
    assert label == "Hide the ranking table"
    grid = table.children[1]
    assert [c["headerName"] for c in grid.columnDefs] == [
        "Rank", "Area", "Value", "Compared with England"]
    [wigan] = [row for row in grid.rowData if row["highlight"]]
    assert wigan["area"] == "Wigan" and wigan["value_text"].endswith("%")
    assert grid.scrollTo == {"rowId": WIGAN, "rowPosition": "middle"}
    assert [row["rank"] for row in grid.rowData] == list(range(1, len(grid.rowData) + 1))
    assert table.children[0].children.endswith("2023, highest first")
    table, label = toggle_ranking_table(2, "employment-rate", WIGAN, [], "2023")
    assert table is None and label.startswith("Show the ranking as a table (")


def test_recoded_areas_keep_their_history_for_neighbours(store, built_store_path):
    # ONS recoded Barnsley (E08000016 -> E08000038) and Sheffield (E08000019 ->
    # E08000039) in 2025; their pay, income and skills history is under the old codes.
    import duckdb

    for new in ("E08000038", "E08000039"):
        listed = store.neighbour_list(new)
        assert len(listed) == 15
        assert (listed["shared"] >= listed["n_features"] - 1).all(), new
    with duckdb.connect(str(built_store_path), read_only=True) as con:
        old_as_neighbour = con.execute(
            "SELECT count(*) FROM neighbours WHERE neighbour_code IN ('E08000016', "
            "'E08000019')").fetchone()[0]
        own_pay = con.execute(
            "SELECT count(*) FROM observations WHERE area_code = 'E08000038' "
            "AND indicator_id = 'gross-median-weekly-pay'").fetchone()[0]
    assert old_as_neighbour == 0  # obsolete codes are not offered as neighbours
    assert own_pay == 0  # so pay can only have come from the old code's history
