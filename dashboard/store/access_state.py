"""What one viewer may see in one store file (`AccessState`): the datasets, indicators
and partnerships visible under the current access levels, the disclosure rules and the
withheld cells; its rows filtered for the viewer, whether disclosure control could
change a page's records at all (`needs_protection`), and which partners' shared
datasets a read's rows are of (`shared_read`, for the data-sharing ledger)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from dashboard.methods import disclosure
from dashboard.security.access import Viewer

FILTER_COLUMNS = ("indicator_id", "dataset_id", "partnership_id")
# Columns holding a cell's numbers, or numbers carried from other cells, that disclosure
# control may change: records without any (and no "*_value") have nothing to protect.
NUMBER_COLUMNS = frozenset(disclosure.SUPPRESSED_COLUMNS + disclosure.PEER_COLUMNS)


@dataclass(frozen=True)
class AccessState:
    """What one viewer may see in one store file under the current access levels."""

    viewer: Viewer
    datasets: frozenset[str]
    indicators: frozenset[str]
    partnerships: frozenset[str]
    dataset_levels: dict[str, str]
    indicator_levels: dict[str, str]
    rules: dict
    suppressed: frozenset
    # a partner's own partnerships' areas (members and every area within them), whose
    # values they see as stored; empty for everyone else
    exempt_areas: frozenset = frozenset()
    # the partners' shared datasets this viewer sees (access level partners:<ids>) and
    # their owners, and those datasets' visible indicators; empty for the public, who
    # never see shared data, so reads for them skip the ledger at one check
    shared: dict[str, tuple[str, ...]] = field(default_factory=dict)
    shared_indicators: dict[str, str] = field(default_factory=dict)

    @cached_property
    def protection_summary(self) -> tuple[float, frozenset[str], frozenset[str]]:
        """(largest minimum count, indicators that are counts or rounded, indicators with a
        withheld cell): worked out once per access state, so checking plain records for
        anything to protect is a few set operations (see `needs_protection`)."""
        ceiling = float(max([disclosure.DEFAULT_RULE.min_count,
                             *(rule.min_count for rule, _ in self.rules.values())]))
        special = frozenset(k for k, (rule, kind) in self.rules.items()
                            if kind == "count" or rule.rounding_base is not None)
        return ceiling, special, frozenset(cell[0] for cell in self.suppressed)

    def needs_protection(self, rows: list[dict], columns: list[str]) -> bool:
        """Whether disclosure control could change any of these records: the same test as
        `disclosure.nothing_to_protect`, on plain records, so a page's rows reach pandas
        only when there is something to protect (most rates and percentages never do)."""
        if not rows:
            return False
        if not any(c in NUMBER_COLUMNS or c.endswith("_value") for c in columns):
            return False  # no values, counts or carried values (an area's name, links)
        if "indicator_id" not in columns:
            return True  # no rule to look up: protect() decides row by row
        ceiling, special, withheld = self.protection_summary
        for column in disclosure.COUNT_COLUMNS:
            if column in columns and any(_small(row[column], ceiling) for row in rows):
                return True
        ids = {row["indicator_id"] for row in rows}
        if ids & special or not ids <= self.rules.keys() or ids & withheld:
            return True
        return "value_type" in columns and any(row["value_type"] == "count" for row in rows)

    def filter_rows(self, frame: pd.DataFrame, name: str) -> pd.DataFrame:
        """Drop rows of indicators, datasets and partnerships the viewer may not see."""
        present = [c for c in FILTER_COLUMNS if c in frame.columns]
        if not present:
            raise RuntimeError(f"dashboard/store/sql/{name}.sql declares access by rows but returns "
                               f"none of {', '.join(FILTER_COLUMNS)}")
        keep = pd.Series(True, index=frame.index)
        for column, allowed in (("indicator_id", self.indicators),
                                ("dataset_id", self.datasets),
                                ("partnership_id", self.partnerships)):
            if column not in frame.columns:
                continue
            values = frame[column]
            # Look up the frame's distinct values, not the viewer's whole list: pandas'
            # isin on arrow strings converts every listed value (~10 ms for the indicators).
            hidden = [v for v in values.dropna().unique().tolist() if v not in allowed]
            if hidden:
                keep &= ~values.isin(hidden)
            if column == "indicator_id":
                keep &= values.notna()
        return frame if keep.all() else frame[keep].reset_index(drop=True)

    def filter_records(self, rows: list[dict], columns: list[str], name: str) -> list[dict]:
        """`filter_rows` for plain records."""
        present = [c for c in FILTER_COLUMNS if c in columns]
        if not present:
            raise RuntimeError(f"dashboard/store/sql/{name}.sql declares access by rows but returns "
                               f"none of {', '.join(FILTER_COLUMNS)}")
        allowed = {"indicator_id": self.indicators, "dataset_id": self.datasets,
                   "partnership_id": self.partnerships}

        def visible(row: dict) -> bool:
            for column in present:
                value = row.get(column)
                if value is None:
                    if column == "indicator_id":
                        return False
                elif value not in allowed[column]:
                    return False
            return True

        return [row for row in rows if visible(row)]


def has_values(columns: Iterable[str]) -> bool:
    """Whether a read's columns carry values of cells (values, counts, intervals, or
    numbers of other cells), not only a catalogue's words: a dataset's title in a list
    is not a read of its data."""
    return any(c in NUMBER_COLUMNS or c.endswith("_value") for c in columns)


def shared_read(state: AccessState, columns: list[str], values: Callable[[str], Iterable],
                kind: str, indicator_params: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The shared datasets (id -> owners) whose values a non-empty read returned: by the
    rows' indicator_id and dataset_id, or, for rows without an indicator_id, by the
    indicators named in its parameters (`kind` is the query's access declaration).
    `values(column)` gives a column's distinct values."""
    if not state.shared or not has_values(columns):
        return {}
    found: set[str] = set()
    if "indicator_id" in columns:
        found.update(state.shared_indicators[i] for i in values("indicator_id")
                     if i in state.shared_indicators)
    elif kind in ("indicator-param", "indicators-param"):
        found.update(state.shared_indicators[i] for i in indicator_params
                     if i in state.shared_indicators)
    if "dataset_id" in columns:
        found.update(d for d in values("dataset_id") if d in state.shared)
    return {dataset: state.shared[dataset] for dataset in found}


def _small(value: Any, ceiling: float) -> bool:
    """A count from 1 to below the largest minimum (as disclosure.rules.is_small, for one value:
    anything that reads as a number counts, DuckDB's DECIMAL and numeric text included,
    as pandas.to_numeric reads them there)."""
    if value is None:
        return False
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    return not math.isnan(number) and 0 < number < ceiling
