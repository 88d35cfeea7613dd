"""What the targets model reads from a store: the read methods it needs (`TargetsStore`),
Target objects from the store's targets and milestones rows, a target's series and the
region it is compared with.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, Protocol

import pandas as pd

from dashboard.common.periods import Period
from dashboard.methods.targets.model import Milestone, Target


def _period_from(start: Any, duration: Any, label: Any) -> Period:
    return Period(pd.Timestamp(start).date(), str(duration or ""), str(label))


def targets_from_frames(targets: pd.DataFrame, milestones: pd.DataFrame) -> list[Target]:
    """Target objects from the store's targets and target_milestones rows."""
    out = []
    for row in targets.itertuples(index=False):
        mine = milestones[(milestones["indicator_id"] == row.indicator_id)
                          & (milestones["area_code"] == row.area_code)] \
            if not milestones.empty else milestones
        due = getattr(row, "due_date", None)
        out.append(Target(
            partnership_id=row.partnership_id, indicator_id=row.indicator_id,
            area_code=row.area_code,
            baseline=_period_from(row.baseline_period_start, row.baseline_period_duration,
                                  row.baseline_period_label),
            baseline_value=float(row.baseline_value),
            target=_period_from(row.target_period_start, row.target_period_duration,
                                row.target_period_label),
            target_value=float(row.target_value), direction=row.direction,
            milestones=tuple(Milestone(_period_from(m.period_start, m.period_duration,
                                                    m.period_label), float(m.value))
                             for m in mine.sort_values("period_start").itertuples()),
            theme=_text(row.theme), owner=_text(row.owner), commentary=_text(row.commentary),
            action=_text(row.action),
            due_date=pd.Timestamp(due).date() if due is not None and not pd.isna(due) else None,
            illustrative=bool(row.illustrative), baseline_source=row.baseline_source,
            line=int(row.source_line) if not pd.isna(row.source_line) else None))
    return out


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


class TargetsStore(Protocol):
    """The read methods the scorecard needs (dashboard.store.Store provides them)."""

    def partnership(self, partnership_id: str) -> dict | None: ...
    def partnership_targets(self, partnership_id: str) -> pd.DataFrame: ...
    def partnership_milestones(self, partnership_id: str) -> pd.DataFrame: ...
    def series(self, indicator_id: str, area_codes: tuple[str, ...]) -> pd.DataFrame: ...
    def indicator(self, indicator_id: str) -> dict | None: ...
    def parents(self, code: str) -> dict[str, dict]: ...
    def judgement(self, indicator_id: str, area_code: str, period_start: Any,
                  benchmark: str = "england", level: float = 0.95) -> dict | None: ...


ENGLAND = "E92000001"


def region_for(store: TargetsStore, area_code: str, members: Iterable[str] = ()) -> dict | None:
    """The area's region, or (for a combined authority) its first member's region."""
    for code in (area_code, *members):
        parent = store.parents(code).get("region")
        if parent:
            return parent
    return None


def _series_for(store: TargetsStore, indicator_id: str, codes: tuple[str, ...]) -> pd.DataFrame:
    frame = store.series(indicator_id, tuple(sorted(set(codes))))
    if frame.empty:
        return frame
    return frame.sort_values(["area_code", "period_start"])
