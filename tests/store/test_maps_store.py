"""Maps against the real store, checked against the bundled files read independently with
pandas (not through Placeboard's code)."""

from __future__ import annotations

import gzip

import pandas as pd
import pytest

from callbacks.neighbourhoods import lsoa_panel
from callbacks.worklessness import selection_csv
from dashboard.common.config import DATA_DIR
from dashboard.views import geometry
from dashboard.views import maps as mapping
from layouts.map import la_map_view
from layouts.neighbourhoods import neighbourhood_view
from layouts.worklessness import explorer_frame

IOD = DATA_DIR / "iod"


@pytest.fixture(scope="module")
def iod() -> pd.DataFrame:
    """LSOA -> LAD (best-fit lookup), county, employment decile/rank and numerator."""
    scores = pd.read_csv(IOD / "iod2025_lsoa21_scores_ranks_deciles.csv.gz")
    numerators = pd.read_csv(IOD / "iod2025_lsoa21_indicators.csv.gz",
                             usecols=["LSOA21CD", "employment_domain_numerator"])
    lookup = pd.read_csv(IOD / "lookup_lsoa21_ward24_lad24_rgn24.csv.gz",
                         usecols=["LSOA21CD", "WD24CD", "WD24NM", "LAD24CD"])
    counties = pd.read_csv(DATA_DIR / "boundaries" / "lookup_lad24_ctyua_rgn_ctry.csv",
                           usecols=["LAD24CD", "CTYUA24CD"])
    frame = (scores.drop(columns=["LAD24CD", "LAD24NM"])
             .merge(numerators, on="LSOA21CD").merge(lookup, on="LSOA21CD")
             .merge(counties, on="LAD24CD", how="left"))
    return frame


def expected_summary(iod: pd.DataFrame, code: str) -> dict:
    rows = iod[(iod["LAD24CD"] == code) | (iod["CTYUA24CD"] == code)]
    first = rows["Employment_decile"] == 1
    people = rows["employment_domain_numerator"].sum()
    return {"lsoas": len(rows), "decile_1": int(first.sum()),
            "decile_1_2": int(rows["Employment_decile"].isin([1, 2]).sum()),
            "people": float(people),
            "concentration": rows.loc[first, "employment_domain_numerator"].sum() / people}


@pytest.mark.parametrize("code", ["E08000004", "E06000009", "E10000016"])
def test_worklessness_summary_matches_the_published_files(store, iod, code):
    frame = explorer_frame(store, code, None)
    summary = mapping.worklessness_summary(frame["employment_decile"],
                                           frame["employment_deprived_people"])
    expected = expected_summary(iod, code)
    assert summary.lsoas == expected["lsoas"]
    assert summary.decile_1 == expected["decile_1"]
    assert summary.decile_1_2 == expected["decile_1_2"]
    assert summary.people == pytest.approx(expected["people"])
    assert summary.concentration == pytest.approx(expected["concentration"])


def test_oldham_summary_numbers(store, iod):
    """Pinned, so a change in the data or the rule is noticed."""
    expected = expected_summary(iod, "E08000004")
    assert expected["lsoas"] == 142
    summary = mapping.worklessness_summary(
        *explorer_frame(store, "E08000004", None)[["employment_decile",
                                                   "employment_deprived_people"]].T.values)
    assert (summary.decile_1, summary.decile_1_2) == (expected["decile_1"],
                                                      expected["decile_1_2"])


def test_selection_csv_has_the_selected_lsoas_with_readable_columns(store, iod):
    frame = explorer_frame(store, "E06000009", "iod-health-score")
    chosen = frame["area_code"].head(3).tolist()
    csv = selection_csv(frame, chosen, "iod-health-score")
    assert csv["LSOA21CD"].tolist() == chosen
    published = iod.set_index("LSOA21CD")
    for row in csv.itertuples():
        assert row.employment_decile_national == published.loc[row.LSOA21CD,
                                                               "Employment_decile"]
        assert row.employment_deprivation_rate_percent == \
            pytest.approx(published.loc[row.LSOA21CD, "Employment_score"] * 100)
    assert len(selection_csv(frame, [], None)) == len(frame)


def test_geometry_payloads_are_within_budget(store):
    england = geometry.payload_for(store, "lsoa", geometry.ENGLAND)
    assert len(england.codes) == 33_755
    assert len(england.raw) < 8_000_000 and len(england.gzipped) < 3_000_000
    assert gzip.decompress(england.gzipped) == england.raw
    oldham = geometry.payload_for(store, "lsoa", "E08000004")
    assert len(oldham.codes) == 142
    assert geometry.payload_for(store, "lsoa", "E08000004") is oldham   # cached
    decoded = geometry.decode(oldham.raw)
    assert decoded["header"]["names"][0].startswith("Oldham")
    wards = geometry.payload_for(store, "ward", "E08000004")
    assert len(wards.codes) == store.lsoa_values("iod-employment-score", "E08000004")[
        "ward_code"].nunique()


def test_la_map_covers_every_english_lad_with_claimant_count(store):
    view = la_map_view(store, "claimant-count", None, "lad", "england", "quantiles")
    values = store.period_values("claimant-count", None, ("lad",))
    english = values[values["area_code"].str.startswith("E") & values["is_lower_tier"]]
    boundaries = store.map_boundaries("lad")
    assert len(view["codes"]) == boundaries["area_code"].str.startswith("E").sum()
    classes = view["payload"]["classes"]
    coloured = sum(ch.isdigit() for ch in classes)
    assert coloured == english["value"].notna().sum()
    assert sum(view["classification"].counts()) == coloured
    assert set(view["codes"]) >= set(english.loc[english["value"].notna(), "area_code"])


def test_upper_tier_and_uk_maps(store):
    view = la_map_view(store, "claimant-count", None, "ctyua", "uk", "natural")
    assert len(view["codes"]) == len(store.map_boundaries("ctyua"))
    assert any(code.startswith("E10") for code in view["codes"])
    assert any(code.startswith("S12") for code in view["codes"])


def test_neighbourhood_view_and_panel_use_published_values(store, iod):
    view = neighbourhood_view(store, "E08000004", "iod-employment-score", "lsoa", "quantiles")
    assert view["payload"]["n"] == 142
    published = iod[iod["LAD24CD"] == "E08000004"].set_index("LSOA21CD")
    for code, value in zip(view["codes"], view["payload"]["values"], strict=False):
        assert value == pytest.approx(published.loc[code, "Employment_score"])
    profile = store.lsoa_profile("E01005320").set_index("indicator_id")
    ranks = published["Employment_rank"].rank(method="min")
    assert profile.loc["iod-employment-rank", "position_in_lad"] == ranks["E01005320"]
    assert profile.loc["iod-employment-rank", "lsoas_in_lad"] == 142
    panel = str(lsoa_panel(store, "E01005320", "iod-employment-score"))
    assert f"{mapping.ordinal(int(ranks['E01005320']))} most employment-deprived of 142 " \
           "LSOAs in Oldham" in panel


def test_ward_view_names_its_denominator_and_shapes_as_best_fit(store):
    view = neighbourhood_view(store, "E08000004", "iod-employment-score", "ward", "quantiles")
    assert "(best fit)" in view["title"]
    assert all("Census 2021 usual residents aged 16 to 64" in note
               for note in view["payload"]["notes"])
    assert "Approximate ward shapes built from LSOAs (best-fit)" in view["source"]


@pytest.mark.parametrize(("level", "n"), [("lsoa", 142), ("ward", 20)])
def test_a_count_maps_for_the_public_with_its_counts_rounded(store, level, n):
    """A count's neighbourhood map for a public viewer goes through disclosure control
    (this raised "output array is read-only" before): every shape drawn, every count as
    published, rounded to its base of 5."""
    view = neighbourhood_view(store, "E08000004", "iod-employment-domain-numerator", level,
                              "equal")
    values = [v for v in view["payload"]["values"] if v is not None]
    assert view["payload"]["n"] == n and len(values) == n
    assert all(v % 5 == 0 for v in values)


def test_places_an_lsoa_map_covers_are_england_its_regions_counties_and_lads(store, iod):
    """The place picker of the neighbourhood map and the explorer, against the published
    lookups: every English LAD with LSOAs, every two-tier county above them, the nine
    regions and England, nothing else."""
    places = pd.DataFrame(store.map_places())
    lads = set(iod["LAD24CD"][iod["LAD24CD"].str.startswith("E")])
    counties = {c for c in iod["CTYUA24CD"].dropna() if c.startswith("E10")}
    lookup = pd.read_csv(DATA_DIR / "boundaries" / "lookup_lad24_ctyua_rgn_ctry.csv")
    regions = set(lookup["RGN24CD"][lookup["RGN24CD"].str.startswith("E12")])
    assert len(regions) == 9 and len(counties) > 15
    assert set(places["area_code"]) == {"E92000001"} | regions | counties | lads
    assert places["area_type"].tolist()[:10] == ["nation"] + ["region"] * 9
