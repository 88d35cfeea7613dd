"""Store queries for the maps feature (mixin; SQL in dashboard/sql/maps_*.sql)."""

from __future__ import annotations


class MapsQueries:
    """Mixed into Store; uses BaseStore.query(name, params) and @memoized."""
