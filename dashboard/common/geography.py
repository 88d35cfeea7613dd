"""GSS code rules: validity and the kind of area a code names."""

from __future__ import annotations

import re

GSS_CODE = re.compile(r"^[EWSNK][0-9]{8}$")  # ASCII digits only (not "E０8000004")
ITL_CODE = re.compile(r"^TL[A-Z0-9]{1,4}$")

# Entity prefix -> (area_type, lower tier, upper tier)
_PREFIX_TYPES: dict[str, tuple[str, bool, bool]] = {
    "E01": ("lsoa", False, False), "W01": ("lsoa", False, False),
    "E02": ("msoa", False, False), "W02": ("msoa", False, False),
    "E05": ("ward", False, False), "W05": ("ward", False, False),
    "E06": ("lad", True, True), "E07": ("lad", True, False),
    "E08": ("lad", True, True), "E09": ("lad", True, True),
    "W06": ("lad", True, True), "S12": ("lad", True, True), "N09": ("lad", True, True),
    "E10": ("county", False, True),
    "E11": ("metropolitan_county", False, False),
    "E12": ("region", False, False),
    "E47": ("combined_authority", False, False),
    "E92": ("nation", False, False), "W92": ("nation", False, False),
    "S92": ("nation", False, False), "N92": ("nation", False, False),
    "K02": ("country", False, False), "K03": ("country", False, False),
    "K04": ("country", False, False),
    "E23": ("police_force_area", False, False), "W15": ("police_force_area", False, False),
    "S32": ("police_force_area", False, False),
}

AREA_TYPE_LABELS = {
    "lsoa": "Lower layer super output area",
    "ward": "Electoral ward",
    "lad": "Local authority",
    "county": "County",
    "combined_authority": "Combined authority",
    "region": "Region",
    "nation": "Nation",
    "country": "Country",
    "police_force_area": "Police force area",
    "itl1": "ITL level 1",
    "itl2": "ITL level 2",
    "itl3": "ITL level 3",
}

ENGLAND = "E92000001"


def is_valid_code(code: str) -> bool:
    """True for a well-formed GSS code (or an ITL 'TL...' code)."""
    return bool(GSS_CODE.match(code) or ITL_CODE.match(code))


def classify(code: str) -> tuple[str, bool, bool]:
    """(area_type, is_lower_tier, is_upper_tier) for a code; 'other' when unknown."""
    if ITL_CODE.match(code):
        return (f"itl{min(len(code) - 2, 3)}", False, False)
    return _PREFIX_TYPES.get(code[:3], ("other", False, False))
