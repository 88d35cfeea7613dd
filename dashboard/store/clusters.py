"""Store reads for where a measure clusters and how unequal a place is (mixin; SQL in
dashboard/store/sql/clusters_*.sql): LSOA counts with their Census 2021 denominators and
IMD deciles, Queen contiguity weights for a place's LSOAs, and Getis-Ord Gi* hot spots.

Weights and hot spots are worked out on request, once per place (and measure) and store
file: @memoized keeps them in the store's cache (SimpleCache, or Redis when configured),
so a second look at the same place reads them back instead of building them again."""

from __future__ import annotations

import pandas as pd

from dashboard.methods.stats import hotspots
from dashboard.store.cache import memoized

IMD_DECILE = "iod-imd-decile"
COUNT_COLUMNS = ["area_code", "area_name", "ward_name", "lad_name", "numerator",
                 "imd_decile", "census_all_ages", "census_aged_16_64", "census_year",
                 "period_label"]


class ClustersQueries:
    """Mixed into Store; uses BaseStore.query(name, params), lsoa_values and @memoized."""

    @memoized
    def lsoa_counts(self, numerator_id: str, within: str) -> pd.DataFrame:
        """One row per LSOA of a place: the count of ``numerator_id`` (None where the
        publisher withheld it), the IMD 2025 national decile and Census 2021 residents."""
        lads = self.place_lads(within)  # type: ignore[attr-defined]
        rows = self.query("clusters_lsoa_counts",  # type: ignore[attr-defined]
                          [[numerator_id, IMD_DECILE], lads])
        if rows.empty:
            return pd.DataFrame(columns=COUNT_COLUMNS)
        values = rows.pivot_table(index="area_code", columns="indicator_id", values="value",
                                  aggfunc="first", dropna=False)
        about = rows.drop_duplicates("area_code").set_index("area_code")
        out = about[["area_name", "ward_name", "lad_name", "census_all_ages",
                     "census_aged_16_64", "census_year"]].copy()
        out["numerator"] = values.get(numerator_id)
        out["imd_decile"] = values.get(IMD_DECILE)
        labels = rows[rows["indicator_id"] == numerator_id].set_index("area_code")
        out["period_label"] = labels["period_label"]
        return out.reset_index()[COUNT_COLUMNS]

    @memoized
    def lsoa_contiguity(self, within: str):
        """Queen contiguity weights between a place's LSOAs (libpysal W, ids the codes)."""
        frame = self.lsoa_boundaries(within)  # type: ignore[attr-defined]
        import shapely

        geometries = shapely.from_wkb([bytes(b) for b in frame["geometry"]])
        return hotspots.queen_weights(frame["area_code"].tolist(), list(geometries))

    @memoized
    def lsoa_hot_spots(self, indicator_id: str, within: str) -> pd.DataFrame:
        """Getis-Ord Gi* hot and cold spots of an LSOA measure within a place (rows as
        hotspots.hot_spots returns them); empty where the place has too few values."""
        values = self.lsoa_values(indicator_id, within)  # type: ignore[attr-defined]
        weights = self.lsoa_contiguity(within)
        try:
            return hotspots.hot_spots(values[["area_code", "value"]], weights)
        except ValueError:
            return pd.DataFrame(columns=hotspots.HOTSPOT_COLUMNS)
