"""Custom areas against the real store: a saved group of three Oldham neighbourhoods shows
the sum of their IoD 2025 employment-deprived counts and a rate over their Census 2021
residents aged 16 to 64 that match a hand calculation from the source files; its address
answers its owner and their partnership, and anyone else with the unknown-area 404.
Wards on the neighbourhoods map are made the same way."""

from __future__ import annotations

import gzip
import json
import math

import pandas as pd
import pytest

from dashboard.common.config import DATA_DIR
from dashboard.methods import area_aggregates as agg
from dashboard.security import custom_areas
from dashboard.server.app import create_app
from dashboard.views import area_groups
from dashboard.views import maps as mapping
from layouts.area_custom import area_figures
from tests.signing import PASSWORD, sign_in

THREE = ["E01005321", "E01005323", "E01005325"]  # Oldham 022A, 029B, 029D
# By hand, from data/iod/iod2025_lsoa21_indicators.csv.gz (employment_domain_numerator)
# and data/population/lsoa21_census2021_population.csv.gz (aged_16_64):
COUNTS = {"E01005321": 355, "E01005323": 255, "E01005325": 320}
AGED_16_64 = {"E01005321": 1412, "E01005323": 970, "E01005325": 914}
COUNT = 355 + 255 + 320          # 930 employment-deprived people
PEOPLE = 1412 + 970 + 914        # 3,296 residents aged 16 to 64
RATE = COUNT / PEOPLE            # 28.2%


def test_the_hand_calculation_reads_the_source_files():
    with gzip.open(DATA_DIR / "iod" / "iod2025_lsoa21_indicators.csv.gz", "rt") as f:
        iod = pd.read_csv(f, usecols=["LSOA21CD", "employment_domain_numerator"])
    with gzip.open(DATA_DIR / "population" / "lsoa21_census2021_population.csv.gz",
                   "rt") as f:
        census = pd.read_csv(f)
    iod = iod.set_index("LSOA21CD").loc[THREE, "employment_domain_numerator"]
    census = census.set_index("LSOA21CD").loc[THREE, "aged_16_64"]
    assert iod.to_dict() == COUNTS and census.to_dict() == AGED_16_64


@pytest.fixture()
def app(settings):
    app = create_app(settings)
    accounts = app.server.extensions["placeboard"]["accounts"]
    accounts.add_user("olive", PASSWORD, "partner", ["oldham"])
    accounts.add_user("otto", PASSWORD, "analyst", ["oldham"])
    accounts.add_user("wendy", PASSWORD, "partner", ["wigan"])
    yield app


def page_text(client, app, path: str) -> str:
    """A page's content as the browser gets it (the pages router's answer)."""
    client.get("/")
    router = next(k for k in app.callback_map if "_pages_content.children" in k)
    body = {"output": router, "outputs": [{"id": p.rsplit(".", 1)[0],
                                           "property": p.rsplit(".", 1)[1]}
                                          for p in router.strip(".").split("...")],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                       {"id": "_pages_location", "property": "search", "value": ""}],
            "state": [], "changedPropIds": ["_pages_location.pathname"]}
    return json.dumps(client.post("/_dash-update-component", json=body).json,
                      ensure_ascii=False)


def test_custom_area_shows_summed_counts_and_census_rate_to_owner_not_other_partnership(app):
    accounts = app.server.extensions["placeboard"]["accounts"]
    area = custom_areas.save(accounts, accounts.user("olive").viewer(),
                             "Hathershaw and Fitton Hill", THREE)
    olive, otto, wendy = (app.server.test_client() for _ in range(3))
    sign_in(olive, "olive")
    sign_in(otto, "otto")
    sign_in(wendy, "wendy")
    assert olive.get(area.href).status_code == 200
    assert otto.get(area.href).status_code == 200
    assert wendy.get(area.href).status_code == 404
    assert app.server.test_client().get(area.href).status_code == 404
    assert wendy.get(f"/area/custom/{area.id + 1}").status_code == 404

    shown = page_text(olive, app, area.href)
    assert "Hathershaw and Fitton Hill" in shown
    assert f"{COUNT:,} of {PEOPLE:,}" in shown                 # "930 of 3,296"
    assert f"{RATE * 100:.1f}%" in shown                        # "28.2%"
    assert "Census 2021 usual residents aged 16 to 64" in shown
    assert "population-weighted mean" in shown
    refused = page_text(wendy, app, area.href)
    assert "Area not found" in refused and "Hathershaw" not in refused


def test_custom_area_figures_match_the_hand_calculation(store):
    figures = area_figures(store, tuple(THREE))
    rows = {r["indicator_id"]: r for r in figures["rows"]}
    employment = rows["iod-employment-score"]
    assert employment["area"]["count"] == COUNT
    assert employment["area"]["denominator"] == PEOPLE
    assert employment["area"]["value"] == pytest.approx(RATE)
    p, n, z = RATE, PEOPLE, 1.959963984540054
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    lower = (p + z * z / (2 * n) - half) / (1 + z * z / n)
    assert employment["area"]["lci"] == pytest.approx(lower)
    assert employment["denominator"] == "Census 2021 usual residents aged 16 to 64"
    assert rows["iod-employment-domain-numerator"]["area"]["value"] == COUNT
    assert "Oldham" in figures["council"]
    # Oldham and England: their LSOAs' counts over their residents, the same way
    council = employment["council"]
    oldham = len(store.lsoa_values("iod-employment-score", "E08000004"))
    assert council["lsoas"] == oldham and council["value"] == pytest.approx(
        council["count"] / council["denominator"])
    assert employment["england"]["lsoas"] == 33755
    assert employment["versus_england"].startswith("Higher than England")


def test_ward_rates_on_the_map_are_counts_over_census_residents(store):
    lsoas = store.lsoa_values("iod-employment-score", "E08000004")
    populations = store.lsoa_populations("E08000004")
    wards = mapping.aggregate_wards(lsoas, "proportion", populations,
                                    "iod-employment-score").set_index("ward_code")
    members = lsoas[lsoas["ward_code"] == "E05014650"].merge(populations, on="area_code")
    coldhurst = wards.loc["E05014650"]
    assert coldhurst["value"] == pytest.approx(
        members["numerator"].sum() / members["aged_16_64"].sum())
    assert coldhurst["lci"] < coldhurst["value"] < coldhurst["uci"]
    assert "Census 2021" in coldhurst["note"]
    score = mapping.aggregate_wards(store.lsoa_values("iod-health-score", "E08000004"),
                                    "score", populations, "iod-health-score")
    assert score["note"].str.contains("population-weighted mean").all()
    assert area_groups.is_lsoa_level({"area_types": "lsoa"})
    assert agg.rule_for("iod-health-score", "score").kind == "weighted_mean"


def test_compare_and_indicator_pages_take_wards_neighbourhoods_and_custom_areas(app):
    from layouts import compare, indicator

    accounts = app.server.extensions["placeboard"]["accounts"]
    area = custom_areas.save(accounts, accounts.user("olive").viewer(), "Patch", THREE)
    with app.server.test_request_context():
        page = json.dumps(compare.layout(
            areas=f"E08000004,E05014650,E01005321,custom:{area.id}",
            indicators="claimant-count,iod-employment-score").to_plotly_json(), default=str)
        shown = json.dumps(indicator.layout(
            indicator_id="iod-employment-score", area="E05014650",
            compare="E01005321").to_plotly_json(), default=str)
        no_lsoa = json.dumps(indicator.layout(
            indicator_id="claimant-count", area="E05014650").to_plotly_json(), default=str)
    assert "Coldhurst (ward)" in page and "Oldham 022A (neighbourhood)" in page
    # a custom area is seen only by its owner's partnership: the public is told nothing
    assert f"No custom area custom:{area.id} that you can see" in page
    assert "has no neighbourhood (LSOA or ward) data, so wards, neighbourhoods and " \
        "custom areas have no value for it" in page
    assert "Census 2021 usual residents aged 16 to 64" in page
    assert "'data-area': 'E08000004'" in page  # Oldham's row of the matrix stays
    assert "Coldhurst (ward)" in shown and "Oldham 022A (neighbourhood)" in shown
    assert "There are no values of this indicator for the area code" not in shown
    assert "has no neighbourhood (LSOA or ward) data" in no_lsoa


def test_the_form_saves_wards_and_neighbourhoods_and_refuses_unknown_codes(app):
    client = app.server.test_client()
    sign_in(client, "wendy")
    client.get("/")
    key = next(k for k in app.callback_map if k.startswith("custom-result."))

    def save(name: str, codes: str) -> str:
        body = {"output": key, "outputs": {"id": "custom-result", "property": "children"},
                "inputs": [{"id": "custom-save", "property": "n_clicks", "value": 1}],
                "state": [{"id": "custom-name", "property": "value", "value": name},
                          {"id": "custom-codes", "property": "value", "value": codes}],
                "changedPropIds": ["custom-save.n_clicks"]}
        return json.dumps(client.post("/_dash-update-component", json=body).json)

    assert "Not a neighbourhood (LSOA) or ward we know: E01999999" in save(
        "Patch", "E01999999, E05014650")
    saved = save("Wigan patch", "E05014650\nE01005321")
    assert "Saved" in saved and "/area/custom/" in saved
    area = custom_areas.visible(app.server.extensions["placeboard"]["accounts"],
                                app.server.extensions["placeboard"]["accounts"]
                                .user("wendy").viewer())[0]
    assert area.members == ("E05014650", "E01005321") and area.partnership_id == "wigan"
    assert client.get(area.href).status_code == 200
    shown = page_text(client, app, area.href)
    assert "Coldhurst" in shown and "Oldham 022A" in shown


def test_codes_in_an_address_are_read_whatever_their_case():
    from layouts.area_custom import split_small

    small, rest = split_small("e05014650,E08000004,Custom:7", None)
    assert small == ["E05014650", "custom:7"] and rest == ["E08000004", None]
