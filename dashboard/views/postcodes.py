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


def option_label(place: Mapping[str, Any], postcode: Postcode) -> str:
    """A dropdown option for a full postcode: 'OL8 1AA: neighbourhood Oldham 014B, in
    Coldhurst ward, Oldham'."""
    words = place_words(place)
    return f"{postcode.text}: {words[:1].lower()}{words[1:]}"


def option_search(postcode: Postcode) -> str:
    """What a dropdown matches a postcode option on: with and without its space."""
    return f"{postcode.text} {postcode.key}"


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
