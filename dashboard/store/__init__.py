"""The store: the only place SQL runs. See docs/store.md for the schema."""

from __future__ import annotations

from dashboard.store.base import BaseStore
from dashboard.store.cache import make_cache, memoized, null_cache
from dashboard.store.connection import StoreMissing
from dashboard.store.explore import ExploreQueries
from dashboard.store.finder import FinderQueries
from dashboard.store.maps import MapsQueries
from dashboard.store.public import PublicQueries
from dashboard.store.sql_files import sql
from dashboard.store.targets import TargetsQueries

__all__ = ["Store", "StoreMissing", "make_cache", "memoized", "null_cache", "sql"]


class Store(ExploreQueries, FinderQueries, MapsQueries, PublicQueries, TargetsQueries, BaseStore):
    """All read queries. Feature areas add theirs as mixins in this package."""
