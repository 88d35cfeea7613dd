"""Postcode search against the built store: the lookup loaded at build (every postcode of
the shipped file, sorted, a lookup a point read), a full postcode's neighbourhood, ward
and council, the areas a district or sector covers counted by hand from the shipped
file, the residents' search and its results page, and the API's areas search."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest
from plotly.utils import PlotlyJSONEncoder

from callbacks import home, neighbourhoods, public
from dashboard.common.config import DATA_DIR
from dashboard.common.postcodes import parse_postcode
from dashboard.server.app import create_app
from dashboard.views import postcodes as words
from layouts import public as public_layout

OLDHAM = "E08000004"
FOLDER = DATA_DIR / "postcodes"


@pytest.fixture(scope="module")
def lookup() -> pd.DataFrame:
    """The shipped file with each postcode's council (from the ward names file)."""
    codes = pd.read_parquet(FOLDER / "postcode_lsoa21_wd24_england.parquet")
    wards = pd.read_csv(FOLDER / "ward24_names_england.csv.gz", dtype=str)
    return codes.merge(wards, left_on="wd24cd", right_on="WD24CD", how="left")


@pytest.fixture(scope="module")
def oldham_postcode(lookup) -> pd.Series:
    """A real Oldham postcode whose LSOA is in E08000004 (the LSOA lookup says so)."""
    lsoas = pd.read_csv(DATA_DIR / "iod" / "lookup_lsoa21_ward24_lad24_rgn24.csv.gz",
                        dtype=str)
    in_oldham = set(lsoas.loc[lsoas["LAD24CD"] == OLDHAM, "LSOA21CD"])
    rows = lookup[(lookup["LAD24CD"] == OLDHAM) & lookup["lsoa21cd"].isin(in_oldham)]
    return rows.sort_values("postcode").iloc[len(rows) // 2]


@pytest.fixture()
def request_context(settings, store):
    app = create_app(settings, store=store)
    with app.server.test_request_context():
        yield store


def starting(lookup: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """The file's postcodes that start with ``prefix`` (the file is sorted by postcode)."""
    keys = lookup["postcode"].to_numpy()
    return lookup.iloc[keys.searchsorted(prefix):keys.searchsorted(prefix + "~")]


def shown(component: object) -> str:
    """Everything a component tree says, as JSON text (non-ASCII kept)."""
    return json.dumps(component, cls=PlotlyJSONEncoder, ensure_ascii=False)


def spaced(key: str) -> str:
    return f"{key[:-3]} {key[-3:]}"


def test_the_build_loads_every_postcode_sorted(built_store_path, lookup):
    con = duckdb.connect(str(built_store_path), read_only=True)
    try:
        n, first, last, unsorted = con.execute(
            "SELECT count(*), min(postcode), max(postcode), count(*) FILTER (WHERE prev > "
            "postcode) FROM (SELECT postcode, lag(postcode) OVER (ORDER BY rowid) AS prev "
            "FROM postcodes)").fetchone()
        wards = con.execute("SELECT count(*) FROM postcode_wards").fetchone()[0]
    finally:
        con.close()
    assert n == len(lookup) == 2_203_137
    assert unsorted == 0 and (first, last) == (lookup["postcode"].min(), lookup["postcode"].max())
    assert wards == 6_792


def test_a_full_postcode_in_any_form_finds_its_neighbourhood_ward_and_council(
        store, oldham_postcode):
    key = oldham_postcode["postcode"]
    for typed in (spaced(key), key.lower(), f"  {spaced(key).lower()}  "):
        found = store.postcode_search(typed)
        place = found["place"]
        assert (place["lsoa_code"], place["ward_code"], place["lad_code"]) == (
            oldham_postcode["lsoa21cd"], oldham_postcode["WD24CD"], OLDHAM)
        assert place["ward_name"] == oldham_postcode["WD24NM"]
        assert place["lad_name"] == "Oldham"
        assert place["lsoa_name"].startswith("Oldham ")
    assert words.destination(found) == \
        f"/public/area/{OLDHAM}?place={oldham_postcode['lsoa21cd']}"


@pytest.mark.parametrize("typed", ["OL8", "OL8 1", "OL1", "M1", "LS1 4"])
def test_a_district_or_sector_offers_the_areas_it_covers_counted_by_hand(
        store, lookup, typed):
    postcode = parse_postcode(typed)
    mine = starting(lookup, postcode.key)
    mine = mine[mine["postcode"].str.len() == len(postcode.district) + 3]
    assert len(mine) > 0
    rows = store.postcode_search(typed)["areas"]
    by_type = {kind: {r["area_code"]: r["postcodes"] for r in rows if r["area_type"] == kind}
               for kind in ("lad", "ward", "lsoa")}
    assert by_type["lad"] == mine["LAD24CD"].value_counts().to_dict()
    assert by_type["ward"] == mine["wd24cd"].value_counts().to_dict()
    assert by_type["lsoa"] == mine["lsoa21cd"].value_counts().to_dict()
    names = {r["area_code"]: r["area_name"] for r in rows if r["area_type"] == "ward"}
    assert names == dict(zip(mine["wd24cd"], mine["WD24NM"], strict=False))
    # councils first, then wards, then neighbourhoods, most postcodes first in each
    kinds = [r["area_type"] for r in rows]
    assert kinds == sorted(kinds, key=["lad", "ward", "lsoa"].index)


def test_oldham_district_ol1_leaves_out_ol10_to_ol16(store, lookup):
    total = sum(r["postcodes"] for r in store.postcode_search("OL1")["areas"]
                if r["area_type"] == "lad")
    everything = starting(lookup, "OL1")["postcode"]
    ol1 = everything.str.match(r"^OL1[0-9][A-Z]{2}$")
    assert total == int(ol1.sum()) and total < len(everything)


def test_postcodes_the_lookup_lacks(store, lookup):
    assert starting(lookup, "EC1A").empty
    assert words.resident_view(store.postcode_search("EC1A 1BB")) == (words.CENTRAL_LONDON, [])
    assert words.resident_view(store.postcode_search("sw1a2aa"))[0] == words.CENTRAL_LONDON
    assert starting(lookup, "OL89ZZ").empty
    assert words.resident_view(store.postcode_search("OL8 9ZZ")) == (words.NOT_FOUND, [])
    assert store.postcode_search("Oldham") is None


def test_residents_search_goes_to_the_neighbourhood_in_one_step(request_context,
                                                                 oldham_postcode):
    key, lsoa = oldham_postcode["postcode"], oldham_postcode["lsoa21cd"]
    assert public.destination(key.lower()) == f"/public/area/{OLDHAM}?place={lsoa}"
    assert public.destination("EC1A 1BB") == "/public?q=EC1A+1BB"  # the page explains
    text = shown(public.live_results(spaced(key)))
    assert f"Postcode {spaced(key)} is in:" in text
    assert f"{oldham_postcode['WD24NM']} ward, Oldham" in text
    assert words.CENTRAL_LONDON in shown(public.live_results("ec1a 1bb"))
    page = shown(public_layout.layout(q="OL8 1"))
    assert "Postcode sector OL8 1 covers these council areas, wards and neighbourhoods" in page
    assert "Contains Royal Mail data © Royal Mail copyright and database right 2024" in page


def test_the_other_searches_offer_the_postcode(request_context, oldham_postcode):
    key, lsoa = oldham_postcode["postcode"], oldham_postcode["lsoa21cd"]
    [option] = neighbourhoods.postcode_options(key, words.lsoa_value)
    assert option["value"] == lsoa and f"{oldham_postcode['WD24NM']} ward, Oldham" in \
        option["label"]
    first = home.options(spaced(key).lower())[0]
    assert first["value"] == f"/neighbourhoods?area={OLDHAM}&lsoa={lsoa}"
    assert home.destination(first["value"]) == first["value"]
    place = neighbourhoods.place_options_for(key)[0]
    assert place["value"] == OLDHAM


@pytest.fixture(scope="module")
def client(built_store_path, tmp_path_factory):
    from dashboard.common.config import Settings
    from dashboard.store import Store, make_cache

    folder = tmp_path_factory.mktemp("postcode-api")
    settings = Settings.from_env(store_path=built_store_path, data_dir=DATA_DIR,
                                 accounts_path=folder / "accounts.sqlite",
                                 secret_key="test-secret-key-not-for-production",
                                 api_rate_limit="100000 per minute")
    return create_app(settings, store=Store(built_store_path, make_cache())).server.test_client()


def test_the_api_finds_a_postcodes_council_ward_and_neighbourhood(client, oldham_postcode):
    key = oldham_postcode["postcode"]
    body = client.get(f"/api/v1/areas?q={key.lower()}").get_json()
    assert [(r["area_type"], r["area_code"], r["postcode"], r["postcodes"])
            for r in body["data"]] == [
        ("lad", OLDHAM, spaced(key), 1), ("ward", oldham_postcode["WD24CD"], spaced(key), 1),
        ("lsoa", oldham_postcode["lsoa21cd"], spaced(key), 1)]
    assert body["data"][0]["area_name"] == "Oldham"
    assert body["meta"]["total"] == 3
    only = client.get(f"/api/v1/areas?q={spaced(key)}&area_type=lsoa").get_json()["data"]
    assert [r["area_code"] for r in only] == [oldham_postcode["lsoa21cd"]]
    csv = client.get(f"/api/v1/areas?q={key}&format=csv").get_data(as_text=True)
    assert csv.splitlines()[0].endswith(",postcode,postcodes")


def test_the_api_counts_a_districts_postcodes(client, lookup):
    body = client.get("/api/v1/areas?q=OL8&page_size=1000").get_json()
    councils = {r["area_code"]: r["postcodes"] for r in body["data"] if r["area_type"] == "lad"}
    mine = starting(lookup, "OL8")
    assert councils == mine[mine["postcode"].str.len() == 6]["LAD24CD"].value_counts().to_dict()
    # not a postcode district with postcodes: still a search of names and codes
    codes = client.get("/api/v1/areas?q=E08&area_type=lad").get_json()["data"]
    assert codes and all(r["area_code"].startswith("E08") and r["postcode"] is None
                         for r in codes)


@pytest.mark.parametrize(("typed", "detail"), [
    ("EC1A 1BB", words.CENTRAL_LONDON), ("OL8 9ZZ", words.NOT_FOUND)])
def test_the_api_says_why_a_postcode_is_not_found(client, typed, detail):
    response = client.get(f"/api/v1/areas?q={typed}")
    assert response.status_code == 404
    assert response.get_json()["error"]["detail"] == detail


def test_a_postcode_with_a_parent_is_refused(client):
    response = client.get("/api/v1/areas?q=OL8 1AA&parent=E08000004")
    assert response.status_code == 400
    assert "'parent' cannot be combined with a postcode" in response.get_json()["error"]["detail"]
