"""Store queries for the residents' public pages (mixin; SQL in dashboard/store/sql/public_*.sql).

The public pages read through `runtime.public_store()`, so every frame here has the
public's access rules and disclosure control applied by `BaseStore.query`.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from dashboard.common.geography import ENGLAND
from dashboard.store.cache import memoized

# Places a resident can look up: areas with a public page, and the wards and
# neighbourhoods (LSOAs) that lead to their local authority's page.
PUBLIC_PAGE_TYPES = ("lad", "county", "combined_authority", "region", "nation")
PLACE_TYPES = PUBLIC_PAGE_TYPES + ("ward", "lsoa")
NAMED_PLACE_TYPES = PUBLIC_PAGE_TYPES + ("ward",)


class PublicQueries:
    """Mixed into Store; uses BaseStore.query(name, params) and @memoized."""

    query: Any

    @memoized
    def search_places(self, text: str, limit: int = 12,
                      area_types: tuple[str, ...] = PLACE_TYPES) -> list[dict]:
        """English places whose name contains `text` (or whose code starts with it), best
        matches first, with the ward and local authority each is in (records)."""
        text = " ".join((text or "").split())
        params = [text, list(area_types), int(limit)]
        try:  # the prepared names (dashboard/store/derived/public_pages.py)
            return self.records("public_search_prepared", params)
        except duckdb.CatalogException:  # a store built before them
            return self.records("public_search_places", params)

    @memoized
    def place_names(self, area_types: tuple[str, ...] = NAMED_PLACE_TYPES) -> pd.DataFrame:
        """Every searchable English place name except neighbourhoods (for suggestions)."""
        return self.query("public_place_names", [list(area_types)])

    @memoized
    def public_place(self, code: str) -> dict | None:
        """One area with the ward, local authority, upper tier and region it is in."""
        try:  # the prepared places (English places a resident can look up)
            rows = self.records("public_place_prepared", [code])
        except duckdb.CatalogException:  # a store built before them
            rows = []
        rows = rows or self.records("public_place", [code])
        return rows[0] if rows else None

    @memoized
    def headline_values(self, code: str, indicator_ids: tuple[str, ...]) -> pd.DataFrame:
        """The latest two periods of each indicator for one area with the stored
        comparison with England, and England's values for the same periods (long: one
        row per value, `role` 'area' or 'england', `recency` 1 = latest)."""
        return self.query("public_headlines", [code, list(indicator_ids)])

    @memoized
    def neighbourhood_values(self, lsoa_code: str,
                             indicator_ids: tuple[str, ...]) -> pd.DataFrame:
        """IoD 2025 values of the given indicators for one neighbourhood (LSOA)."""
        return self.query("public_neighbourhood", [lsoa_code, list(indicator_ids)])

    @memoized
    def area_values(self, code: str, indicator_ids: tuple[str, ...]) -> list[dict]:
        """What a residents' area page shows of the given indicators, as records: every
        period for the area, then England (`area_code`), each with `recency` (1 = the
        latest period with a value or a status flag; None for a period with neither) and,
        for the area's latest two, the stored `comparison` with England. Read from the
        prepared public_area_values table; a store built before it works it out."""
        ids = list(indicator_ids)
        england = ENGLAND if code != ENGLAND else ""  # England's page: its rows once
        try:
            return self.records("public_area_values", [code, ids, england, ids])
        except duckdb.CatalogException:
            return self.records("public_area_values_computed", [code, ENGLAND, ids])

    @memoized
    def area_deciles(self, within: str,
                     indicator_id: str = "iod-employment-decile") -> list[dict]:
        """`decile_counts` as records, read from the prepared public_area_deciles table
        (decile indicators, every area an LSOA is in); worked out per call where it holds
        none (another indicator, or a store built before it)."""
        try:
            rows = self.records("public_area_deciles", [within, indicator_id])
        except duckdb.CatalogException:
            rows = []
        if rows:
            return rows
        return self.records("public_decile_counts", [indicator_id, within, within, within,
                                                     within, within])

    @memoized
    def indicator_words(self, indicator_ids: tuple[str, ...]) -> dict[str, dict]:
        """Metadata of the given indicators the viewer may see, by id (without the
        catalogue's coverage columns that `indicators` adds)."""
        return {row["indicator_id"]: row
                for row in self.records("public_indicators", [list(indicator_ids)])}

    @memoized
    def partnerships_of(self, codes: tuple[str, ...]) -> list[dict]:
        """Partnerships the viewer may see whose own area or a member is one of `codes`
        (an area and the county and combined authority it is in), by name."""
        wanted = [c for c in codes if c]
        try:
            return self.records("public_partnerships", [wanted, wanted])
        except duckdb.CatalogException:  # a store built before the targets tables
            return []

    @memoized
    def public_scorecard(self, partnership_id: str) -> list[dict]:
        """`Store.scorecard` as records with the columns the residents' page says: read
        narrowly from target_status where disclosure control has nothing to change in it
        (the same test `scorecard` makes), else `scorecard` itself (worked out from the
        values the viewer may see, or a store built before target_status)."""
        try:
            rows = self.records("public_scorecard", [partnership_id])
        except duckdb.CatalogException:
            rows = []
        if rows and self.viewer.disclosure_controlled:  # type: ignore[attr-defined]
            keys = [{"indicator_id": r["indicator_id"], "area_code": r["area_code"],
                     "value_type": r["value_type"], "numerator": r["latest_numerator"],
                     "denominator": r["latest_denominator"]} for r in rows]
            state = self.access_state()  # type: ignore[attr-defined]
            if state.needs_protection(keys, list(keys[0])):
                rows = []
        if rows:
            return rows
        return self.scorecard(partnership_id).to_dict("records")  # type: ignore[attr-defined]

    @memoized
    def decile_counts(self, within: str,
                      indicator_id: str = "iod-employment-decile") -> pd.DataFrame:
        """How many neighbourhoods of an area are in each national decile (1 = most
        deprived 10% in England) of an IoD indicator."""
        return self.query("public_decile_counts", [indicator_id, within, within, within,
                                                   within, within])
