"""Store queries for the targets feature (mixin; SQL in dashboard/sql/targets_*.sql)."""

from __future__ import annotations


class TargetsQueries:
    """Mixed into Store; uses BaseStore.query(name, params) and @memoized."""
