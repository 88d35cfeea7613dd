"""Store queries for the residents' public pages (mixin; SQL in dashboard/sql/public_*.sql).

The public pages read through `runtime.public_store()`, so every frame here has the
public's access rules and disclosure control applied by `BaseStore.query`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

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
                      area_types: tuple[str, ...] = PLACE_TYPES) -> pd.DataFrame:
        """English places whose name contains `text` (or whose code starts with it), best
        matches first, with the ward and local authority each is in."""
        text = " ".join((text or "").split())
        return self.query("public_search_places", [text, list(area_types), int(limit)])

    @memoized
    def place_names(self, area_types: tuple[str, ...] = NAMED_PLACE_TYPES) -> pd.DataFrame:
        """Every searchable English place name except neighbourhoods (for suggestions)."""
        return self.query("public_place_names", [list(area_types)])

    @memoized
    def public_place(self, code: str) -> dict | None:
        """One area with the ward, local authority, upper tier and region it is in."""
        frame = self.query("public_place", [code])
        if frame.empty:
            return None
        return {k: (None if not isinstance(v, (list, tuple)) and pd.isna(v) else v)
                for k, v in frame.iloc[0].to_dict().items()}

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
    def decile_counts(self, within: str,
                      indicator_id: str = "iod-employment-decile") -> pd.DataFrame:
        """How many neighbourhoods of an area are in each national decile (1 = most
        deprived 10% in England) of an IoD indicator."""
        return self.query("public_decile_counts", [indicator_id, within, within, within,
                                                   within, within])
