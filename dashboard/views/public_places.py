"""Places for residents: where a search result leads and how it is described (a ward or
neighbourhood is shown on its local authority's page), suggestions for a search that
found nothing, and what a ward or neighbourhood is, with its deprivation in words.

Built on public.py (the shared words). Pure: no Dash, no store.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import pandas as pd

from dashboard.views.public import Rows, as_records, clean_value, is_missing, is_suppressed

# -- search results ----------------------------------------------------------------------

AREA_TYPE_WORDS = {
    "lad": "Council area", "county": "County council area",
    "combined_authority": "Combined authority (councils working together)",
    "region": "Region of England", "nation": "The whole of England",
}


def area_href(code: str, place: str | None = None) -> str:
    """'/public/area/E08000004', or with '?place=E05014650' for a ward or neighbourhood
    shown on its local authority's page."""
    return f"/public/area/{code}" + (f"?{urlencode({'place': place})}" if place else "")


def search_href(text: str | None) -> str:
    return "/public" + (f"?{urlencode({'q': text})}" if text is not None else "")


def place_href(row: Mapping[str, Any]) -> str | None:
    """Where a search result leads: its own public page, or (for a ward or neighbourhood)
    its local authority's page, saying where it is."""
    area_type = row.get("area_type")
    if area_type in ("ward", "lsoa"):
        lad = clean_value(row.get("lad_code"))
        return area_href(lad, row["area_code"]) if lad else None
    return area_href(row["area_code"])


def place_description(row: Mapping[str, Any]) -> str:
    """'Ward in Oldham', 'Neighbourhood in Coldhurst ward, Oldham', 'Council area'."""
    area_type = row.get("area_type")
    lad = clean_value(row.get("lad_name"))
    if area_type == "ward":
        return f"Ward in {lad}" if lad else "Ward"
    if area_type == "lsoa":
        ward = clean_value(row.get("ward_name"))
        where = ", ".join(p for p in (f"{ward} ward" if ward else None, lad) if p)
        return f"Neighbourhood in {where}" if where else "Neighbourhood"
    text = AREA_TYPE_WORDS.get(str(area_type), "Area")
    if not is_missing(row.get("valid_to")):
        text += f" (until {int(row['valid_to'])})"
    return text


def search_results(frame: Rows) -> list[dict]:
    """Search results as records: name, description, where the link goes."""
    out = []
    for row in as_records(frame):
        href = place_href(row)
        if href:
            out.append({"code": row["area_code"], "name": row["area_name"],
                        "area_type": row.get("area_type"),
                        "description": place_description(row), "href": href})
    return out


def best_match(frame: Rows) -> dict | None:
    """The one result a search means, when exactly one place has that name or code."""
    rows = as_records(frame)
    if not rows or "score" not in rows[0]:
        return None
    exact = [row for row in rows if row["score"] <= 1]
    if len(exact) != 1:
        return None
    results = search_results(exact)
    return results[0] if results else None


def search_destination(text: str | None, frame: Rows) -> str:
    """Where pressing Search goes: straight to the one place with that name or code, or
    to the results page (which explains an empty search or no matches)."""
    text = " ".join((text or "").split())
    match = best_match(frame) if text else None
    return match["href"] if match else search_href(text)


def suggest_places(text: str, names: pd.DataFrame, limit: int = 6) -> list[tuple[str, str]]:
    """(label, href) for names like a search that found nothing ('Oldam' -> Oldham)."""
    words = " ".join((text or "").lower().split())
    if not words or names.empty:
        return []
    lowered: dict[str, list[dict]] = {}
    for row in names.to_dict("records"):
        lowered.setdefault(str(row["area_name"]).lower(), []).append(row)
    close = difflib.get_close_matches(words, list(lowered), n=limit, cutoff=0.7)
    out: list[tuple[str, str]] = []
    for name in close:
        for row in lowered[name]:
            href = place_href(row)
            if href and len(out) < limit:
                description = place_description(row)
                out.append((f"{row['area_name']} ({description[:1].lower()}{description[1:]})",
                            href))
    return out


# -- what a ward or neighbourhood is -----------------------------------------------------

EMPLOYMENT_DECILE = "iod-employment-decile"
NEIGHBOURHOOD_IDS = ("iod-employment-decile", "iod-employment-score", "iod-imd-decile")


def neighbourhood_phrase(place: Mapping[str, Any]) -> str:
    """A neighbourhood (LSOA) as a resident would know it: 'a neighbourhood in Coldhurst
    ward, Oldham' (its ward and council, from the store's LSOA -> ward -> council
    lookup), not only its statistical name ('Oldham 012A')."""
    ward, lad = clean_value(place.get("ward_name")), clean_value(place.get("lad_name"))
    where = ", ".join(p for p in (f"{ward} ward" if ward else None, lad) if p)
    return f"a neighbourhood in {where}" if where else "a neighbourhood"


def place_statement(place: Mapping[str, Any]) -> str | None:
    """'Coldhurst is a ward in Oldham.' / 'A neighbourhood in Coldhurst ward, Oldham
    (official name Oldham 012A).' (None for places with pages of their own)."""
    area_type = place.get("area_type")
    name, lad = place.get("area_name"), clean_value(place.get("lad_name"))
    if area_type == "ward":
        return f"{name} is a ward in {lad}." if lad else f"{name} is a ward."
    if area_type == "lsoa":
        phrase = neighbourhood_phrase(place)
        return f"{phrase[:1].upper()}{phrase[1:]} (official name {name})."
    return None


def decile_words(decile: Any, domain: str | None = "employment") -> str | None:
    """'among the 10% most deprived neighbourhoods in England for employment' (decile 1)
    ... 'among the 10% least deprived ...' (decile 10); domain None: '... overall'."""
    if is_missing(decile):
        return None
    d = int(decile)
    if not 1 <= d <= 10:
        return None
    which = "overall" if domain is None else f"for {domain}"
    if d <= 5:
        return f"among the {d * 10}% most deprived neighbourhoods in England {which}"
    return f"among the {(11 - d) * 10}% least deprived neighbourhoods in England {which}"


def neighbourhood_sentences(name: str, values: Rows) -> list[str]:
    """Plain sentences on one neighbourhood's employment deprivation (IoD 2025)."""
    rows = {r["indicator_id"]: r for r in as_records(values)}
    out = []
    decile = rows.get(EMPLOYMENT_DECILE, {})
    words = decile_words(decile.get("value"))
    if words:
        out.append(f"{name} is {words} (Indices of Deprivation 2025).")
    score = rows.get("iod-employment-score", {})
    if not is_missing(score.get("value")):
        share = f"{float(score['value']) * 100:.0f}%"
        people = clean_value(score.get("numerator"))
        if people is not None:
            count = f"about {float(people):,.0f} people"
        elif is_suppressed(score.get("status"), score.get("note")):
            note = str(clean_value(score.get("note")) or "not shown")
            count = f"{note} people" if note.lower().startswith(("fewer", "less")) \
                else f"number of people {note}"
        else:
            count = None
        sentence = (f"About {share} of working-age people here were out of work because of "
                    "unemployment, sickness, disability or caring for someone")
        out.append(sentence + (f" ({count})." if count else "."))
    overall = rows.get("iod-imd-decile", {})
    words = decile_words(overall.get("value"), None)
    if words:
        out.append(f"Taking income, health, education, housing, crime and the living "
                   f"environment into account as well, it is {words}.")
    return out


def decile_summary(area_name: str, counts: Rows) -> str | None:
    """'Of Oldham's 142 neighbourhoods, 39 are among the 10% most deprived in England for
    employment.'"""
    counts = as_records(counts)
    if not counts:
        return None
    total = int(sum(r["neighbourhoods"] for r in counts))
    first = int(sum(r["neighbourhoods"] for r in counts if r["decile"] == 1))
    verb = "is" if first == 1 else "are"
    return (f"Of {area_name}'s {total:,} neighbourhoods, {first:,} {verb} among the 10% most "
            "deprived in England for employment. If deprivation were spread evenly across "
            f"England, about {round(total / 10):,} would be.")
