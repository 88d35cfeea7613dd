"""Store queries for the targets feature (mixin; SQL in dashboard/store/sql/targets_*.sql)."""

from __future__ import annotations

import json

import duckdb
import pandas as pd

from dashboard.store.cache import memoized

# lists travel as JSON text in target_status (scorecard sparklines)
LIST_COLUMNS = ("spark_values", "spark_trajectory", "spark_labels")


def decode_records(rows: list[dict]) -> list[dict]:
    """Stored rows as records (Store.records) back to the scorecard's records."""
    return [{**row, **{c: json.loads(row[c]) if isinstance(row.get(c), str) else []
                       for c in LIST_COLUMNS if c in row}} for row in rows]


def decode(frame: pd.DataFrame) -> pd.DataFrame:
    """Stored rows back to the scorecard frame assess_partnership returns."""
    out = frame.copy()
    for column in LIST_COLUMNS:
        if column in out:
            out[column] = [json.loads(v) if isinstance(v, str) else [] for v in out[column]]
    return out


class TargetsQueries:
    """Mixed into Store; uses BaseStore.query(name, params) and @memoized.

    A store built before the targets tables existed answers with empty frames, so pages
    can say "no partnerships loaded" instead of failing."""

    def _targets_query(self, name: str, params: list | None = None) -> pd.DataFrame:
        try:
            return self.query(name, params)  # type: ignore[attr-defined]
        except duckdb.CatalogException:
            return pd.DataFrame()

    @memoized
    def partnerships(self) -> pd.DataFrame:
        """Every partnership with members, member names and its number of targets."""
        return self._targets_query("targets_partnerships")

    @memoized
    def partnership_records(self) -> list[dict]:
        """`partnerships` as records (None for NULL), for pages that render row by row."""
        for name in ("targets_partnership_list", "targets_partnerships"):
            try:  # the prepared list, or (a store built before it) worked out
                return self.records(name)  # type: ignore[attr-defined]
            except duckdb.CatalogException:
                continue
        return []

    def partnership(self, partnership_id: str) -> dict | None:
        for record in self.partnership_records():
            if record["partnership_id"] == partnership_id:
                out = dict(record)
                for key in ("members", "member_names"):
                    value = out.get(key)
                    out[key] = [] if value is None else [str(v) for v in value]
                return out
        return None

    @memoized
    def partnership_targets(self, partnership_id: str) -> pd.DataFrame:
        return self._targets_query("targets_targets", [partnership_id])

    @memoized
    def partnership_target_records(self, partnership_id: str) -> list[dict]:
        """`partnership_targets` as records (None for NULL), for a lookup of one target."""
        return self._targets_records("targets_targets", [partnership_id])

    @memoized
    def partnership_milestones(self, partnership_id: str) -> pd.DataFrame:
        return self._targets_query("targets_milestones", [partnership_id])

    @memoized
    def scorecard(self, partnership_id: str) -> pd.DataFrame:
        """Every target of a partnership with its status and reason, as worked out at
        build and after the last load (target_status). Where disclosure control has
        something to protect in it (small counts, rounded or withheld cells), the public
        get it worked out from the values they may see instead, so no status or reason
        rests on a withheld number."""
        from dashboard.methods import disclosure, targets
        stored = self._targets_query("targets_status", [partnership_id])
        if stored.empty:
            if self.partnership_targets(partnership_id).empty:
                return stored
            # a store built before statuses were stored
            return targets.assess_partnership(self, partnership_id)  # type: ignore[arg-type]
        if self.viewer.disclosure_controlled:  # type: ignore[attr-defined]
            state = self.access_state()  # type: ignore[attr-defined]
            keys = pd.DataFrame({
                "indicator_id": stored["indicator_id"], "area_code": stored["area_code"],
                "period_start": pd.to_datetime(stored["latest_period_start"]).dt.date,
                "value_type": stored["value_type"],
                "numerator": stored["latest_numerator"],
                "denominator": stored["latest_denominator"]})
            if not disclosure.nothing_to_protect(keys, state.rules, state.suppressed):
                return targets.assess_partnership(self, partnership_id)  # type: ignore[arg-type]
        return decode(stored)

    def _statuses_need_work(self, rows: list[dict]) -> bool:
        """Whether disclosure control has something to protect in the latest values
        behind these stored statuses (targets_status rows as records), so that the viewer
        must get them worked out from the values they may see (see `scorecard`)."""
        if not self.viewer.disclosure_controlled or not rows:  # type: ignore[attr-defined]
            return False
        keys = [{"indicator_id": r["indicator_id"], "area_code": r["area_code"],
                 "period_start": r["latest_period_start"], "value_type": r["value_type"],
                 "numerator": r["latest_numerator"], "denominator": r["latest_denominator"]}
                for r in rows]
        return self.access_state().needs_protection(  # type: ignore[attr-defined]
            keys, list(keys[0]))

    @memoized
    def scorecard_records(self, partnership_id: str) -> list[dict]:
        """`scorecard` as records (None for NULL, sparkline lists decoded), with at
        least the columns the scorecard page shows (targets_scorecard.sql): one narrow
        read of the stored statuses where they hold this viewer's answer, else
        `scorecard`."""
        from dashboard.methods import targets
        stored = self._targets_records("targets_scorecard", [partnership_id])
        if stored and not self._statuses_need_work(stored):
            return decode_records(stored)
        card = self.scorecard(partnership_id)
        return targets.frame_records(card)

    @memoized
    def scorecard_statuses(self) -> dict[str, list[str]]:
        """Each partnership the viewer may see, with its targets' statuses in scorecard
        order (the scorecard list's summaries): one read of the stored statuses, with
        `scorecard_records` for a partnership they do not hold this viewer's answer for."""
        try:
            rows = self.records("targets_status_keys")  # type: ignore[attr-defined]
        except duckdb.CatalogException:
            rows = None
        mine: dict[str, list[dict]] = {}
        for row in rows or []:
            mine.setdefault(row["partnership_id"], []).append(row)
        out = {}
        for record in self.partnership_records():
            pid = record["partnership_id"]
            stored = mine.get(pid, [])
            if not record.get("n_targets"):
                out[pid] = []
            elif stored and not self._statuses_need_work(stored):
                out[pid] = [r["status"] for r in stored]
            else:
                out[pid] = [r["status"] for r in self.scorecard_records(pid)]
        return out

    @memoized
    def target_pages(self, partnership_id: str) -> list[dict] | None:
        """A partnership's prepared target pages (targets_page.sql), or None where they
        do not hold this viewer's answer: a store built before them, or statuses the
        viewer must get worked out (see `scorecard`)."""
        try:
            rows = self.records("targets_page", [partnership_id])  # type: ignore[attr-defined]
        except duckdb.CatalogException:
            return None
        return None if self._statuses_need_work(rows) else rows

    @memoized
    def target_series(self, indicator_id: str, area_codes: tuple[str, ...]) -> list[dict] | None:
        """The series a target page draws (series.sql) as records, or None when
        disclosure control changes any of its values for this viewer: the prepared
        assessment was worked out from the values as stored."""
        from dashboard.methods import disclosure

        try:
            rows = self.records("targets_page_series",  # type: ignore[attr-defined]
                                [indicator_id, list(area_codes)])
        except duckdb.CatalogException:  # a store built before target_series
            rows = self.records("series", [indicator_id, list(area_codes)])  # type: ignore
        if rows and self.viewer.disclosure_controlled:  # type: ignore[attr-defined]
            state = self.access_state()  # type: ignore[attr-defined]
            if state.needs_protection(rows, list(rows[0])) or any(
                    r.get("status") == disclosure.SUPPRESSED_STATUS for r in rows):
                return None
        return rows

    @memoized
    def partnership_regions(self) -> list[dict]:
        """Each partnership the viewer may see with every region its member areas (or
        its own area) lie in, and that region's nation (targets_partnership_regions.sql):
        partnership_id, region_code, region_name, nation_code."""
        return self._targets_records("targets_partnership_regions")

    def partnerships_in(self, code: str) -> list[dict]:
        """The partnerships the viewer may see in a region, or (for a nation's code) in
        any of the nation's regions, as `partnership` gives them, in name order. One
        whose areas lie in two regions is in both."""
        ids = {row["partnership_id"] for row in self.partnership_regions()
               if code in (row["region_code"], row["nation_code"])}
        return [found for record in self.partnership_records()
                if record["partnership_id"] in ids
                and (found := self.partnership(record["partnership_id"])) is not None]

    def _targets_records(self, name: str, params: list | None = None) -> list[dict]:
        try:
            return self.records(name, params)  # type: ignore[attr-defined]
        except duckdb.CatalogException:
            return []

    @memoized
    def data_versions(self, partnership_id: str) -> pd.DataFrame:
        """Datasets and loads behind a partnership's targets, with source dates."""
        return self._targets_query("targets_data_versions", [partnership_id])

    @memoized
    def data_loaded(self, partnership_id: str) -> dict[tuple[str, str], object]:
        """When the latest value behind each target was loaded, by (indicator id, area
        code): a datetime (UTC), or None where there is no value."""
        rows = self._targets_records("targets_data_loaded", [partnership_id])
        return {(r["indicator_id"], r["area_code"]): r["data_loaded_at"] for r in rows}
