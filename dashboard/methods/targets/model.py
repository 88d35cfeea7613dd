"""The targets model's records: a partnership, a target and its milestones, a validated
file, what a file is checked against, a trend's projection and a target's assessment.

Frozen dataclasses with no behaviour beyond a few derived properties.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from dashboard.common.periods import Period
from dashboard.methods.quality import QualityReport
from dashboard.methods.targets.vocabulary import FLAT, IDENTITY, STATUS_WORDS


@dataclass(frozen=True)
class Partnership:
    """A partnership: a local strategic partnership or a combined authority."""

    partnership_id: str
    name: str
    partnership_type: str
    members: tuple[str, ...]
    area_code: str | None = None
    note: str | None = None
    illustrative: bool = True
    line: int | None = None
    access_level: str = "public"  # who may see its scorecard: public or partners:<ids>

    @property
    def target_areas(self) -> tuple[str, ...]:
        """Areas a target may be set for: the partnership's own area and its members."""
        own = (self.area_code,) if self.area_code else ()
        return own + tuple(m for m in self.members if m != self.area_code)


@dataclass(frozen=True)
class Milestone:
    period: Period
    value: float


@dataclass(frozen=True)
class Target:
    """One agreed (or, for the shipped examples, illustrative) improvement target."""

    partnership_id: str
    indicator_id: str
    area_code: str
    baseline: Period
    baseline_value: float
    target: Period
    target_value: float
    direction: str                      # increase or decrease: which way is improvement
    milestones: tuple[Milestone, ...] = ()
    theme: str | None = None
    owner: str | None = None
    commentary: str | None = None
    action: str | None = None
    due_date: date | None = None
    illustrative: bool = False
    baseline_source: str = "stored"     # stored (read from the store) or file
    line: int | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.partnership_id, self.indicator_id, self.area_code)


@dataclass
class ParsedTargets:
    """A validated targets file: what it defines, and every problem found."""

    file: str
    report: QualityReport
    partnerships: list[Partnership] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    sha256: str = ""


@dataclass(frozen=True)
class Reference:
    """What a targets file is checked against: the store's indicators, areas, partnerships
    and, for baselines, each (indicator, area)'s published series."""

    indicators: Mapping[str, Mapping[str, Any]]
    areas: Mapping[str, str]
    partnerships: Mapping[str, Partnership]
    series: Callable[[str, str], pd.DataFrame]


class UnreadableTargets(Exception):
    """The file cannot be read at all (missing, wrong type, broken YAML)."""


@dataclass(frozen=True)
class Projection:
    """A straight line through the values since the baseline, fitted on a scale that keeps
    it inside the indicator's possible range, projected with a 95% prediction interval."""

    n_points: int
    slope: float                         # per year, on the transformed scale
    intercept: float
    x: tuple[float, ...]                 # time axis of the projected line (fractional years)
    mean: tuple[float, ...]              # central line, on the indicator's scale
    lower: tuple[float, ...]             # 95% prediction interval
    upper: tuple[float, ...]
    at_target: float                     # projected value at the target period
    at_target_lower: float
    at_target_upper: float
    reach_label: str | None              # first period the central line meets the target
    reach_x: float | None                # that period's start (None: not within the horizon)
    transform: str = IDENTITY            # identity, log or logit
    meets: bool = False                  # the central value at the target period meets it
    trend: str = FLAT                    # improving, flat or away (from the target)
    reach_ended: bool = False            # the reach period is over but not yet published
    reach_next: bool = False             # the reach period is the next after the latest


@dataclass(frozen=True)
class Assessment:
    """A target's status at the latest period, with the numbers behind it."""

    status: str
    reason: str
    latest_period: str | None = None
    latest_period_start: date | None = None
    latest_value: float | None = None
    latest_lci: float | None = None
    latest_uci: float | None = None
    latest_numerator: float | None = None
    latest_denominator: float | None = None
    latest_load_id: int | None = None
    latest_status: str | None = None
    latest_note: str | None = None
    previous_value: float | None = None
    trajectory_value: float | None = None
    tolerance: float | None = None
    projection: Projection | None = None
    trend_clause: str | None = None
    position: str | None = None          # ahead_or_level, behind or clearly_behind
    projection_verdict: str | None = None    # meets, short or none

    @property
    def word(self) -> str:
        return STATUS_WORDS[self.status]
