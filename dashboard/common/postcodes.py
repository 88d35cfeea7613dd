"""UK postcodes as people type them: a full postcode ("OL8 1AA", "ol81aa", " OL8  1AA "),
a postcode sector ("OL8 1") or a postcode district ("OL8") read into one normal form, and
whether a district is one of the central London ones the bundled lookup lacks.

The forms follow the Royal Mail's rules as the ONS Postcode Directories' user guides set
them out: an outward code (area, district: A9, A99, AA9, AA99, A9A, AA9A) and an inward
code (sector digit and two unit letters, never C, I, K, M, O or V), plus the one
non-geographic exception GIR 0AA. Pure: no store, no Dash.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
UNIT_LETTERS = "ABD-HJLNP-UW-Z"  # not C, I, K, M, O, V
_FULL = re.compile(rf"^(?P<district>{OUTWARD})(?P<sector>[0-9])(?P<unit>[{UNIT_LETTERS}]{{2}})$")
_GIRO = re.compile(r"^(?P<district>GIR)(?P<sector>0)(?P<unit>AA)$")
_DISTRICT = re.compile(rf"^{OUTWARD}$")
_SECTOR = re.compile(rf"^(?P<district>{OUTWARD}) (?P<sector>[0-9])$")

# Districts ending in a letter that the bundled NSPL extract skipped (data/SOURCES.md,
# postcodes, quirk 1), and the bare districts people type for them ("W1", "EC1").
_MISSING_LONDON = re.compile(
    r"^(EC[1-4][A-Z]?|WC[12][A-Z]?|W1[A-Z]?|SW1[A-Z]|SW1|E1W|N1C|N1P|NW1W|SE1P)$")

Kind = Literal["full", "sector", "district"]


class Postcode(NamedTuple):
    """A postcode read from text: ``kind`` says how much of it was given."""

    kind: Kind
    district: str  # the outward code, e.g. "OL8"
    sector: str | None = None  # the sector digit, e.g. "1"
    unit: str | None = None  # the unit letters, e.g. "AA"

    @property
    def key(self) -> str:
        """The postcode (or its start) without spaces, as the store keeps it: 'OL81AA'."""
        return self.district + (self.sector or "") + (self.unit or "")

    @property
    def text(self) -> str:
        """As it is written: 'OL8 1AA', 'OL8 1', 'OL8'."""
        inward = (self.sector or "") + (self.unit or "")
        return f"{self.district} {inward}" if inward else self.district


def normalise(text: object) -> str:
    """Upper case, with runs of spaces made one and the ends trimmed."""
    return " ".join(str(text or "").upper().split())


def parse_postcode(text: object) -> Postcode | None:
    """A full postcode, sector or district in any case, with or without the space and
    with extra spaces; None for anything else (a place name, a code, junk).

    A full postcode needs no space ('ol81aa'); a sector needs one ('OL8 1'), since
    'OL81' could as well be a district; a district is the outward code alone ('OL8')."""
    clean = normalise(text)
    if not clean or len(clean) > 9:
        return None
    squashed = clean.replace(" ", "")
    if clean.count(" ") <= 1 and len(squashed) <= 7:
        match = _FULL.match(squashed) or _GIRO.match(squashed)
        if match and (" " not in clean or clean.index(" ") == len(match["district"])):
            return Postcode("full", match["district"], match["sector"], match["unit"])
    match = _SECTOR.match(clean)
    if match:
        return Postcode("sector", match["district"], match["sector"])
    if _DISTRICT.match(clean):
        return Postcode("district", clean)
    return None


def in_missing_central_london(postcode: Postcode) -> bool:
    """Whether the postcode's district is a central London one (EC1A, WC2N, SW1A, W1J,
    E1W ...) that the bundled lookup does not have."""
    return bool(_MISSING_LONDON.match(postcode.district))
