"""Postcodes as people type them (dashboard/common/postcodes.py) and what the searches
say about them (dashboard/views/postcodes.py), without a store."""

from __future__ import annotations

import pytest

from dashboard.common.postcodes import Postcode, in_missing_central_london, parse_postcode
from dashboard.views import postcodes as words


@pytest.mark.parametrize(("typed", "district", "sector", "unit"), [
    ("M1 1AE", "M1", "1", "AE"),          # A9 9AA
    ("B33 8TH", "B33", "8", "TH"),        # A99 9AA
    ("CR2 6XH", "CR2", "6", "XH"),        # AA9 9AA
    ("DN55 1PT", "DN55", "1", "PT"),      # AA99 9AA
    ("W1A 0AX", "W1A", "0", "AX"),        # A9A 9AA
    ("EC1A 1BB", "EC1A", "1", "BB"),      # AA9A 9AA
    ("ol8 1aa", "OL8", "1", "AA"),        # lower case
    ("OL81AA", "OL8", "1", "AA"),         # no space
    ("  ol8   1aa ", "OL8", "1", "AA"),   # extra spaces
    ("Ec1a1bb", "EC1A", "1", "BB"),
    ("GIR 0AA", "GIR", "0", "AA"),        # the one non-geographic exception
    ("gir0aa", "GIR", "0", "AA"),
])
def test_full_postcodes_in_every_format(typed, district, sector, unit):
    found = parse_postcode(typed)
    assert found == Postcode("full", district, sector, unit)
    assert found.key == f"{district}{sector}{unit}"
    assert found.text == f"{district} {sector}{unit}"


@pytest.mark.parametrize(("typed", "kind", "text", "key"), [
    ("OL8", "district", "OL8", "OL8"),
    ("ol8", "district", "OL8", "OL8"),
    ("OL11", "district", "OL11", "OL11"),   # without a space, a district, never OL1 1
    ("EC1A", "district", "EC1A", "EC1A"),
    ("OL8 1", "sector", "OL8 1", "OL81"),
    (" ol8  1 ", "sector", "OL8 1", "OL81"),
    ("sw1a 2", "sector", "SW1A 2", "SW1A2"),
])
def test_districts_and_sectors(typed, kind, text, key):
    found = parse_postcode(typed)
    assert found is not None and found.kind == kind
    assert (found.text, found.key) == (text, key)


@pytest.mark.parametrize("typed", [
    "", "   ", None, "Oldham", "Coldhurst", "E08000004", "E01005435", "OL8 1CA",  # C, I, K,
    "OL8 1AI", "OL8 1MO", "OL8 1AV",  # M, O and V are never unit letters
    "OL81 AA",  # the space in the wrong place
    "OL8 1A",  # half a unit
    "1AA", "88 1AA", "OL8 AA", "OL8 11AA", "ABC1 1AA", "OL8-1AA", "OL8 1AA X",
    "OL8 1 AA 1", "0L8 1AA", "'; DROP TABLE postcodes; --", "a" * 200,
])
def test_anything_else_is_not_a_postcode(typed):
    assert parse_postcode(typed) is None


@pytest.mark.parametrize(("typed", "missing"), [
    ("EC1A 1BB", True), ("WC2N 5DU", True), ("SW1A 1AA", True), ("W1J 9BR", True),
    ("E1W 1AA", True), ("N1C 4AG", True), ("NW1W 7JR", True), ("SE1P 4AA", True),
    ("W1", True), ("EC1", True), ("SW1", True), ("SW1A", True),
    ("SW10 0AA", False), ("W10 5AA", False), ("E1 6AN", False), ("N1 9GU", False),
    ("SE1 7PB", False), ("OL8 1AA", False), ("EC5", False),
])
def test_central_london_districts_the_lookup_lacks(typed, missing):
    assert in_missing_central_london(parse_postcode(typed)) is missing


OLDHAM_PLACE = {"postcode": "OL81AA", "lsoa_code": "E01005435", "lsoa_name": "Oldham 037B",
                "ward_code": "E05014655", "ward_name": "Medlock Vale",
                "lad_code": "E08000004", "lad_name": "Oldham", "lsoa_lad_code": "E08000004"}
OL8_AREAS = [
    {"area_type": "lad", "area_code": "E08000004", "area_name": "Oldham",
     "lad_code": "E08000004", "lad_name": "Oldham", "ward_name": None, "valid_to": None,
     "postcodes": 1154},
    {"area_type": "ward", "area_code": "E05014654", "area_name": "Hollinwood",
     "lad_code": "E08000004", "lad_name": "Oldham", "ward_name": None, "valid_to": None,
     "postcodes": 352},
    *({"area_type": "lsoa", "area_code": f"E010054{n:02d}", "area_name": f"Oldham 0{n}A",
       "lad_code": "E08000004", "lad_name": "Oldham", "ward_name": "Hollinwood",
       "valid_to": None, "postcodes": 40 - n} for n in range(12)),
]


def found(text: str, place: dict | None = None, areas: list | None = None) -> dict:
    return {"postcode": parse_postcode(text), "place": place, "areas": areas or []}


def test_a_full_postcode_names_its_neighbourhood_ward_and_council():
    line, results = words.resident_view(found("ol81aa", OLDHAM_PLACE))
    assert line == "Postcode OL8 1AA is in:"
    assert results == [{"code": "E01005435", "name": "OL8 1AA", "area_type": "lsoa",
                        "description": "Neighbourhood Oldham 037B, in Medlock Vale ward, "
                                       "Oldham",
                        "href": "/public/area/E08000004?place=E01005435"}]
    assert words.destination(found("ol81aa", OLDHAM_PLACE)) == \
        "/public/area/E08000004?place=E01005435"


def test_a_district_offers_councils_wards_and_the_neighbourhoods_with_most_postcodes():
    line, results = words.resident_view(found("OL8", areas=OL8_AREAS))
    assert line.startswith("Postcode district OL8 covers these council areas, wards and "
                           "neighbourhoods (12 neighbourhoods; the 10 with most postcodes "
                           "are listed).")
    assert [r["description"] for r in results[:3]] == [
        "Council area: 1,154 postcodes in OL8", "Ward in Oldham: 352 postcodes in OL8",
        "Neighbourhood in Hollinwood ward, Oldham: 40 postcodes in OL8"]
    assert len(results) == 2 + words.MAX_NEIGHBOURHOODS
    assert words.destination(found("OL8", areas=OL8_AREAS)) is None  # a choice to make


def test_postcodes_the_lookup_cannot_place_are_explained():
    assert words.resident_view(found("EC1A 1BB")) == (words.CENTRAL_LONDON, [])
    assert words.CENTRAL_LONDON.startswith("Postcodes in central London districts such as "
                                           "EC1A are not in the lookup we use")
    assert words.resident_view(found("OL8 9ZZ")) == (words.NOT_FOUND, [])
    assert words.NOT_FOUND == ("We could not find that postcode (it may be new, or not in "
                               "England).")
    # a district with no postcodes is searched as a name or code instead ('E08')
    assert words.resident_view(found("E08")) is None
    assert words.resident_view(None) is None


def test_dropdown_options_match_the_postcode_with_or_without_its_space():
    [option] = words.dropdown_options(found("OL8 1AA", OLDHAM_PLACE), words.lsoa_value)
    assert option == {"label": "OL8 1AA: neighbourhood Oldham 037B, in Medlock Vale ward, "
                               "Oldham", "value": "E01005435", "search": "OL8 1AA OL81AA"}
    [council] = words.dropdown_options(found("OL8 1AA", OLDHAM_PLACE), words.council_value)
    assert council["value"] == "E08000004"
    district = words.dropdown_options(found("OL8", areas=OL8_AREAS), words.council_value)
    assert [o["label"] for o in district] == ["Oldham (council area): 1,154 postcodes in OL8"]
    [why] = words.dropdown_options(found("EC1A 1BB"), words.lsoa_value)
    assert why["label"] == words.CENTRAL_LONDON and why["disabled"] is True


def test_api_rows_carry_the_postcode_and_counts():
    rows = words.api_rows(found("ol8", areas=OL8_AREAS[:2]))
    assert [(r["area_code"], r["postcode"], r["postcodes"]) for r in rows] == [
        ("E08000004", "OL8", 1154), ("E05014654", "OL8", 352)]


def test_the_about_page_and_every_postcode_search_show_the_four_lines():
    import json

    from plotly.utils import PlotlyJSONEncoder

    from dashboard.common import attribution
    from layouts import about
    from layouts.postcode_note import postcode_attribution

    assert attribution.POSTCODE_LINES == [
        "Source: Office for National Statistics licensed under the Open Government Licence "
        "v.3.0",
        "Contains OS data © Crown copyright and database right 2024",
        "Contains Royal Mail data © Royal Mail copyright and database right 2024",
        "Contains GeoPlace data © Local Government Information House Limited copyright and "
        "database right 2024"]
    for component in (about.layout(), postcode_attribution("note")):
        text = json.dumps(component, cls=PlotlyJSONEncoder, ensure_ascii=False)
        assert all(line in text for line in attribution.POSTCODE_LINES)
