"""Postcode search in words: what a full postcode, a district or a sector found (a
neighbourhood with its ward and council, or the areas a district covers with how many
postcodes each has), and what to say when the lookup cannot help.

Takes what `Store.postcode_search` returns; pure: no Dash, no store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from dashboard.common.postcodes import Postcode, in_missing_central_london
from dashboard.views.public import clean_value
from dashboard.views.public_places import area_href, place_description, place_href

CENTRAL_LONDON = ("Postcodes in central London districts such as EC1A are not in the lookup "
                  "we use; search for the council, e.g. City of London or Westminster.")
NOT_FOUND = "We could not find that postcode (it may be new, or not in England)."
COUNTS_NOTE = "Counts include postcodes no longer in use."
AREA_WORDS = {"lad": "council area", "ward": "ward", "lsoa": "neighbourhood"}
MAX_NEIGHBOURHOODS = 10  # a district covers up to ~100: the ones with most postcodes


def problem(found: Mapping[str, Any] | None) -> str | None:
    """The explanation for a postcode the lookup cannot place (None if it found one, or
    the text is not a postcode, or a district or sector found nothing: then the text is
    searched as a name too)."""
    if not found:
        return None
    postcode: Postcode = found["postcode"]
    if found["place"] or found["areas"]:
        return None
    if in_missing_central_london(postcode):
        return CENTRAL_LONDON
    return NOT_FOUND if postcode.kind == "full" else None


def neighbourhood_href(place: Mapping[str, Any]) -> str | None:
    """The residents' page of a full postcode's neighbourhood (on its council's page)."""
    lad = clean_value(place.get("lsoa_lad_code")) or clean_value(place.get("lad_code"))
    return area_href(lad, place["lsoa_code"]) if lad else None


def place_words(place: Mapping[str, Any]) -> str:
    """'Neighbourhood Oldham 014B, in Coldhurst ward, Oldham' (the postcode's own ward
    and council, as the lookup gives them)."""
    ward, lad = clean_value(place.get("ward_name")), clean_value(place.get("lad_name"))
    where = ", ".join(p for p in (f"{ward} ward" if ward else None, lad) if p)
    name = clean_value(place.get("lsoa_name")) or place["lsoa_code"]
    return f"Neighbourhood {name}, in {where}" if where else f"Neighbourhood {name}"


def count_words(n: Any, postcode: Postcode) -> str:
    n = int(n or 0)
    return f"{n:,} postcode{'' if n == 1 else 's'} in {postcode.text}"


def resident_results(found: Mapping[str, Any] | None,
                     href: Callable[[Mapping[str, Any]], str | None] = place_href
                     ) -> list[dict]:
    """Search results (code, name, description, href) for the residents' search: the
    full postcode's neighbourhood, or every council, ward and neighbourhood a district or
    sector covers, councils first, each with its count of postcodes."""
    if not found:
        return []
    postcode: Postcode = found["postcode"]
    place = found["place"]
    if place:
        link = neighbourhood_href(place)
        return [{"code": place["lsoa_code"], "name": postcode.text, "area_type": "lsoa",
                 "description": place_words(place), "href": link}] if link else []
    out = []
    rows = list(found["areas"])
    lsoas = [r for r in rows if r["area_type"] == "lsoa"]
    for row in [r for r in rows if r["area_type"] != "lsoa"] + lsoas[:MAX_NEIGHBOURHOODS]:
        link = href(row)
        if link:
            out.append({"code": row["area_code"], "name": row["area_name"],
                        "area_type": row["area_type"],
                        "description": f"{place_description(row)}: "
                                       f"{count_words(row['postcodes'], postcode)}",
                        "href": link})
    return out


def status(found: Mapping[str, Any], results: list[dict]) -> str:
    """The line above a postcode's results."""
    postcode: Postcode = found["postcode"]
    if found["place"]:
        return f"Postcode {postcode.text} is in:"
    n_lsoas = sum(1 for r in found["areas"] if r["area_type"] == "lsoa")
    line = (f"Postcode {postcode.kind} {postcode.text} covers these council areas, wards "
            f"and neighbourhoods ({n_lsoas:,} neighbourhood{'' if n_lsoas == 1 else 's'}"
            + (f"; the {MAX_NEIGHBOURHOODS} with most postcodes are listed"
               if n_lsoas > MAX_NEIGHBOURHOODS else "") + f"). {COUNTS_NOTE}")
    if in_missing_central_london(postcode):
        line += " " + CENTRAL_LONDON
    return line


def destination(found: Mapping[str, Any] | None) -> str | None:
    """Where Search goes straight to: a full postcode's neighbourhood (None otherwise)."""
    if found and found["place"]:
        return neighbourhood_href(found["place"])
    return None


def api_rows(found: Mapping[str, Any] | None) -> list[dict]:
    """The API's areas for a postcode search: the council, ward and neighbourhood of a
    full postcode, or every one a district or sector covers, each with the postcode as
    written and how many of its postcodes the area has."""
    if not found:
        return []
    postcode: Postcode = found["postcode"]
    return [{**row, "postcode": postcode.text, "postcodes": int(row["postcodes"])}
            for row in found["areas"]]


def option_label(place: Mapping[str, Any], postcode: Postcode) -> str:
    """A dropdown option for a full postcode: 'OL8 1AA: neighbourhood Oldham 014B, in
    Coldhurst ward, Oldham'."""
    words = place_words(place)
    return f"{postcode.text}: {words[:1].lower()}{words[1:]}"


def option_search(postcode: Postcode) -> str:
    """What a dropdown matches a postcode option on: with and without its space."""
    return postcode.text if postcode.text == postcode.key else \
        f"{postcode.text} {postcode.key}"


def resident_view(found: Mapping[str, Any] | None) -> tuple[str, list[dict]] | None:
    """(the line to show, the results) for a search that reads as a postcode; None when
    it is not one, or is a district or sector the lookup has no postcodes for (then the
    text is searched as a place name: 'E08' is the start of a council's code)."""
    if not found:
        return None
    explanation = problem(found)
    if explanation:
        return explanation, []
    results = resident_results(found)
    return (status(found, results), results) if results else None


def place_row(place: Mapping[str, Any]) -> dict:
    """A full postcode's neighbourhood as an area row (what option values are made of)."""
    return {"area_type": "lsoa", "area_code": place["lsoa_code"],
            "area_name": place.get("lsoa_name"), "ward_code": place.get("ward_code"),
            "lad_code": clean_value(place.get("lsoa_lad_code")) or place.get("lad_code"),
            "full_postcode": True}


def dropdown_options(found: Mapping[str, Any] | None,
                     value: Callable[[Mapping[str, Any]], str | None]) -> list[dict]:
    """Options a dropdown adds for a search that reads as a postcode: the full postcode's
    neighbourhood, or the areas a district or sector covers (with their postcodes), each
    valued by ``value`` (None leaves a row out); or one option that cannot be chosen,
    saying why the postcode cannot be found. Each matches the postcode typed with or
    without its space (the option's ``search``)."""
    if not found:
        return []
    postcode: Postcode = found["postcode"]
    search = option_search(postcode)
    explanation = problem(found)
    if explanation:
        return [{"label": explanation, "value": f"postcode:{postcode.key}", "disabled": True,
                 "search": search}]
    place = found["place"]
    if place:
        chosen = value(place_row(place))
        return [{"label": option_label(place, postcode), "value": chosen,
                 "search": search}] if chosen else []
    out = []
    for row in found["areas"]:
        chosen = value(row)
        if chosen:
            kind = place_description(row)
            out.append({"label": f"{row['area_name']} ({kind[:1].lower()}{kind[1:]}): "
                                 f"{count_words(row['postcodes'], postcode)}",
                        "value": chosen, "search": search})
    return out


def lsoa_value(row: Mapping[str, Any]) -> str | None:
    """A neighbourhood finder's option value: the LSOA code (other areas left out)."""
    return row["area_code"] if row["area_type"] == "lsoa" else None


def council_value(row: Mapping[str, Any]) -> str | None:
    """A place picker's option value: the council's code (a full postcode's neighbourhood
    stands for its council; wards and a district's neighbourhoods are left out)."""
    if row["area_type"] == "lad":
        return row["area_code"]
    if row["area_type"] == "lsoa" and row.get("full_postcode"):
        return clean_value(row.get("lad_code"))
    return None
