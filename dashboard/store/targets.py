"""Store queries for the targets feature (mixin; SQL in dashboard/sql/targets_*.sql)."""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.store.cache import memoized


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

    def partnership(self, partnership_id: str) -> dict | None:
        frame = self.partnerships()
        if frame.empty:
            return None
        match = frame[frame["partnership_id"] == partnership_id]
        if match.empty:
            return None
        record = match.iloc[0].to_dict()
        for key in ("members", "member_names"):
            value = record.get(key)
            record[key] = [] if value is None else [str(v) for v in value]
        return {k: (None if not isinstance(v, (list, dict)) and pd.isna(v) else v)
                for k, v in record.items()}

    @memoized
    def partnership_targets(self, partnership_id: str) -> pd.DataFrame:
        return self._targets_query("targets_targets", [partnership_id])

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
        from dashboard import disclosure, targets
        from dashboard.derived import targets_status

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
        return targets_status.decode(stored)

    @memoized
    def data_versions(self, partnership_id: str) -> pd.DataFrame:
        """Datasets and loads behind a partnership's targets, with source dates."""
        return self._targets_query("targets_data_versions", [partnership_id])
