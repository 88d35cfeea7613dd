"""The store: the only place SQL runs. See docs/store.md for the schema."""

from __future__ import annotations

from dashboard.store.base import BaseStore, StoreMissing, sql
from dashboard.store.cache import make_cache, memoized, null_cache

__all__ = ["Store", "StoreMissing", "make_cache", "memoized", "null_cache", "sql"]


class Store(BaseStore):
    """All read queries. Feature areas add their queries as mixins in this package."""
