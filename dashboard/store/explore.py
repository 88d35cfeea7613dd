"""Store queries for the explore feature (mixin; SQL in dashboard/sql/explore_*.sql)."""

from __future__ import annotations


class ExploreQueries:
    """Mixed into Store; uses BaseStore.query(name, params) and @memoized."""
