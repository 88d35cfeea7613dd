"""Store reads of data revisions (mixin; SQL in dashboard/store/sql/series_as_of.sql,
revisions_since.sql, revised_values.sql, revisions_partnership.sql): a series as it
stood at a load or a time, and the values revised since a time or a load, read from
`observations` and `observation_revisions` (the rows loads replaced). Access rules and
disclosure control apply as to every read: a superseded value is protected as the cell it
was, so an old small count reads the withheld label, not its number.

A store built before `observation_revisions` existed has no revisions: the reads answer
with the stored series and no revisions."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import duckdb
import pandas as pd

from dashboard.store.cache import memoized

KEY = ("indicator_id", "area_code", "period_start", "period_duration")
# A revision's two versions' own columns (the rest, key and label, are the same).
VERSION_COLUMNS = ("value", "lci", "uci", "numerator", "denominator", "status", "note",
                   "load_id", "period_label")


def _utc_naive(moment: date | datetime | None) -> datetime | None:
    """A date (its midnight) or a time as the store keeps loaded_at: UTC, without zone."""
    if moment is None:
        return None
    if not isinstance(moment, datetime):
        return datetime.combine(moment, time())
    if moment.tzinfo is not None:
        moment = pd.Timestamp(moment).tz_convert("UTC").tz_localize(None).to_pydatetime()
    return moment


def paired(rows: list[dict]) -> list[dict]:
    """revisions_since.sql's two rows per revision ('was', then 'now') as one record:
    the key, `revised_at`, `revised_by_load`, the new row's columns as they are and the
    old row's as `previous_<column>` (`previous_load_id`: the load that wrote it)."""
    out: dict[tuple, dict] = {}
    for row in rows:
        key = (*(row[k] for k in KEY), row["revised_by_load"])
        record = out.setdefault(key, {**{k: row[k] for k in KEY},
                                      "revised_at": row["revised_at"],
                                      "revised_by_load": row["revised_by_load"]})
        prefix = "previous_" if row["version"] == "was" else ""
        for column in VERSION_COLUMNS:
            record[prefix + column] = row[column]
    return [record for record in out.values() if "value" in record]


class RevisionsQueries:
    """Mixed into Store; uses BaseStore.query / records and @memoized."""

    query: Any
    records: Any
    scalar: Any

    def load_at(self, moment: date | datetime) -> int | None:
        """The last load made at or before a time (a date: by its midnight, UTC)."""
        return self.scalar("SELECT max(load_id) FROM loads WHERE loaded_at <= ?",
                           [_utc_naive(moment)])

    @memoized
    def series_as_of(self, indicator_id: str, area_codes: tuple[str, ...],
                     load_id: int | None = None, at: date | datetime | None = None
                     ) -> pd.DataFrame:
        """Every period of one indicator for the given areas as it stood after load
        `load_id` (or the last load made at or before `at`): as `series` read then."""
        if load_id is None:
            load_id = self.load_at(at) if at is not None else None
        if load_id is None:  # before any load: nothing
            load_id = 0
        try:
            return self.query("series_as_of", [indicator_id, list(area_codes), int(load_id)])
        except duckdb.CatalogException:  # a store built before revisions were kept
            frame = self.query("series", [indicator_id, list(area_codes)])
            return frame[frame["load_id"] <= int(load_id)].reset_index(drop=True)

    @memoized
    def revisions_since(self, indicator_ids: tuple[str, ...], area_codes: tuple[str, ...] = (),
                        since: date | datetime | None = None,
                        since_load: int | None = None) -> list[dict]:
        """The values of these indicators (in these areas; every area if none given)
        revised on or after `since` and/or by loads after `since_load` (both None: every
        revision kept), oldest first: one record per revision (see `paired`)."""
        try:
            rows = self.records("revisions_since", [
                sorted(set(indicator_ids)), sorted(set(area_codes)), _utc_naive(since),
                None if since_load is None else int(since_load)])
        except duckdb.CatalogException:
            return []
        return paired(rows)

    def partnership_revisions_since(self, partnership_id: str,
                                    since: date | datetime | None = None,
                                    since_load: int | None = None) -> list[dict]:
        """`revisions_since` for a partnership's target indicators in its areas (its
        targets' areas, its members and its own area); none for a partnership the viewer
        may not see."""
        try:
            rows = self.records("revisions_partnership", [partnership_id])
        except duckdb.CatalogException:  # a store without partnerships
            return []
        indicators = tuple(sorted(r["code"] for r in rows if r["kind"] == "indicator"))
        areas = tuple(sorted(r["code"] for r in rows if r["kind"] == "area"))
        if not indicators or not areas:
            return []
        return self.revisions_since(indicators, areas, since, since_load)

    @memoized
    def revised_values(self, indicator_ids: tuple[str, ...], area_codes: tuple[str, ...],
                       since: date | datetime) -> list[dict]:
        """For pages: the row each value's latest revision on or after `since` replaced
        (its key, `value`, `status`, `note` ... as the viewer may see them, with
        `revised_at`), for these indicators and areas. Pass a date, not a time, so
        that the cache keeps an answer for the day."""
        if not indicator_ids or not area_codes:
            return []
        try:
            return self.records("revised_values", [sorted(set(indicator_ids)),
                                                   sorted(set(area_codes)), _utc_naive(since)])
        except duckdb.CatalogException:
            return []
