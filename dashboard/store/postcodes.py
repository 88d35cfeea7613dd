"""Store queries for postcode search (mixin; SQL in dashboard/store/sql/postcode_*.sql,
over the tables dashboard/store/derived/postcodes.py loads at build time).

`postcode_search` answers what a searcher typed, when it reads as a postcode
(dashboard/common/postcodes.py): a full postcode's neighbourhood, ward and council, or
the councils, wards and neighbourhoods a district or sector covers. A store built before
the lookup finds no postcodes.
"""

from __future__ import annotations

from typing import Any

import duckdb

from dashboard.common.postcodes import Postcode, parse_postcode
from dashboard.store.cache import memoized

RANGE_END = "~"  # sorts after every digit and capital letter


class PostcodeQueries:
    """Mixed into Store; uses BaseStore.records(name, params) and @memoized."""

    records: Any

    @memoized
    def postcode_place(self, key: str) -> dict | None:
        """One postcode (without its space, 'OL81AA'): its LSOA, ward and council."""
        try:
            rows = self.records("postcode_place", [key])
        except duckdb.CatalogException:  # a store built before the lookup
            return None
        return rows[0] if rows else None

    @memoized
    def postcode_areas(self, prefix: str, length: int) -> list[dict]:
        """The councils, wards and neighbourhoods whose postcodes start with ``prefix``
        (no spaces) and are ``length`` characters long, with how many each has."""
        try:
            return self.records("postcode_areas", [prefix, prefix + RANGE_END, int(length)])
        except duckdb.CatalogException:
            return []

    def postcode_search(self, text: str, with_areas: bool = False) -> dict | None:
        """What ``text`` finds as a postcode: None when it is not one; else
        {"postcode": Postcode, "place": the full postcode's row or None, "areas": the
        rows a district or sector covers (for a full postcode, its council, ward and
        neighbourhood if ``with_areas``, else none)}."""
        postcode = parse_postcode(text)
        if postcode is None:
            return None
        if postcode.kind == "full":
            place = self.postcode_place(postcode.key)
            return {"postcode": postcode, "place": place,
                    "areas": self.postcode_areas(postcode.key, len(postcode.key))
                    if place and with_areas else []}
        return {"postcode": postcode, "place": None,
                "areas": self.postcode_areas(postcode.key, full_length(postcode))}


def full_length(postcode: Postcode) -> int:
    """How long a full postcode (without its space) in this district or sector is."""
    return len(postcode.district) + 3
