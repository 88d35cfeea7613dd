"""The store: the only place SQL runs. See docs/store.md for the schema.

- `base.BaseStore`: queries by name over `sql/<name>.sql` (`sql_files`: each file declares
  its access), with access rules (`access_state`) and disclosure control applied to every
  row that leaves; `connection` opens the file and notices a swapped-in one; `cache`
  memoizes reads per store identity and access version.
- Feature mixins with their reads: `api`, `area_groups` (wards and custom areas from
  their LSOAs), `clusters` (LSOA counts with Census
  denominators, contiguity weights, Gi* hot spots), `explore`, `finder`, `maps`,
  `postcodes` (postcode search), `public`,
  `revisions` (a series as it stood at a load, values revised since), `targets`;
  `Store` (below) is all of them.
- `shared_reads`: the partners' shared datasets whose values a request read (the
  data-sharing ledger's capture, noted by `query` and `records`).
- `derived/`: tables prepared at build time and after every load; `build.BuildStore`
  runs queries inside a store file still being written.

May import `common`, `security`, `methods` and `ingest`.
"""

from __future__ import annotations

from dashboard.store.api import ApiQueries
from dashboard.store.area_groups import AreaGroupQueries
from dashboard.store.base import BaseStore
from dashboard.store.cache import make_cache, memoized, null_cache
from dashboard.store.clusters import ClustersQueries
from dashboard.store.connection import StoreMissing
from dashboard.store.explore import ExploreQueries
from dashboard.store.finder import FinderQueries
from dashboard.store.maps import MapsQueries
from dashboard.store.postcodes import PostcodeQueries
from dashboard.store.public import PublicQueries
from dashboard.store.revisions import RevisionsQueries
from dashboard.store.sql_files import sql
from dashboard.store.target_context import TargetContextQueries
from dashboard.store.targets import TargetsQueries

__all__ = ["Store", "StoreMissing", "make_cache", "memoized", "null_cache", "sql"]


class Store(ApiQueries, AreaGroupQueries, ClustersQueries, ExploreQueries, FinderQueries,
            MapsQueries, PostcodeQueries, PublicQueries, RevisionsQueries, TargetsQueries,
            TargetContextQueries, BaseStore):
    """All read queries. Feature areas add theirs as mixins in this package."""
