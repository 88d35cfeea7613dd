"""The published tables: cells and the totals that link them.

Nested geographies (the children of one type of one parent, `area_members`) and period
totals (a longer period and the shorter ones it is made of, `period_members`) give the
groups the "next smallest cell" heuristic settles, and the equations the audit solves
(`total_equations`): only the totals the public can add up exactly.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from dashboard.common import geography


def _child_types(links: pd.DataFrame) -> pd.Series:
    """Each link's child area type, from the links or else from the child's code."""
    if "child_type" in links:
        return links["child_type"].fillna("other").astype(str)
    codes = links["child_code"].drop_duplicates()
    types = dict(zip(codes, (geography.classify(str(c))[0] for c in codes), strict=True))
    return links["child_code"].map(types)


_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?$")


def _months(durations: pd.Series) -> np.ndarray:
    """ISO 8601 durations in whole months (P1Y -> 12, P3M -> 3); NaN for anything else."""
    def months(text: str) -> float:
        match = _DURATION.match(text)
        if not match or not any(match.groups()):
            return np.nan
        total = 12 * int(match.group(1) or 0) + int(match.group(2) or 0)
        return float(total) if total > 0 else np.nan

    distinct = durations.drop_duplicates()
    return durations.map(dict(zip(distinct, map(months, distinct), strict=True))) \
        .to_numpy(dtype=float)


def area_members(cells: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """One row per (group, child cell): a group is the children of one type of one parent
    in one indicator and period, where the parent has a cell too (LSOAs of a ward, wards
    of a LAD and LSOAs of a LAD are three groups). Columns group, cell, parent_cell,
    area_code."""
    slices = cells.groupby(["indicator_id", "period", "duration"], sort=True).ngroup()
    by_code = pd.DataFrame({"slice": slices.to_numpy(), "area_code": cells["area_code"],
                            "cell": np.arange(len(cells))})
    links = pd.DataFrame({"child_code": links["child_code"], "parent_code": links["parent_code"],
                          "child_type": _child_types(links)}) \
        .dropna(subset=["child_code", "parent_code"]).drop_duplicates()
    links = links[links["child_code"] != links["parent_code"]]
    members = by_code.merge(links, left_on="area_code", right_on="child_code") \
        .merge(by_code.rename(columns={"area_code": "parent_code", "cell": "parent_cell"}),
               on=["slice", "parent_code"])
    members["group"] = members.groupby(["slice", "parent_code", "child_type"],
                                       sort=True).ngroup()
    members["kind"] = "area:" + members["child_type"]
    return members[["group", "cell", "parent_cell", "area_code", "kind"]]


def period_members(cells: pd.DataFrame) -> pd.DataFrame:
    """Groups for period totals: a cell covering several periods of the same area that are
    published too, end to end (a two-year total and its two years; a year and its four
    quarters). Same columns as area_members."""
    months = _months(cells["duration"])
    starts = cells["period"]
    base = pd.DataFrame({"indicator_id": cells["indicator_id"], "area_code": cells["area_code"],
                         "month": (starts.dt.year * 12 + starts.dt.month - 1).to_numpy(),
                         "day": starts.dt.day.to_numpy(), "months": months,
                         "cell": np.arange(len(cells))}).dropna(subset=["months"])
    found = []
    for step in np.unique(base["months"]).astype(int):
        whole = base[(base["months"] > step) & (base["months"] % step == 0)]
        if whole.empty:
            continue
        parts = (whole["months"] // step).astype(int).to_numpy()
        expand = whole.loc[whole.index.repeat(parts)].copy()
        expand["month"] += step * np.concatenate([np.arange(n) for n in parts])
        expand = expand.rename(columns={"cell": "parent_cell"}).drop(columns="months")
        matched = expand.merge(base[base["months"] == step].drop(columns="months"),
                               on=["indicator_id", "area_code", "month", "day"])
        complete = matched.groupby("parent_cell")["cell"].transform("size").to_numpy() == \
            months[matched["parent_cell"].to_numpy()] // step
        found.append(matched[complete].assign(kind=f"period:{step}"))
    if not found:
        return pd.DataFrame({"group": pd.Series(dtype=int), "cell": pd.Series(dtype=int),
                             "parent_cell": pd.Series(dtype=int),
                             "area_code": pd.Series(dtype=object),
                             "kind": pd.Series(dtype=object)})
    members = pd.concat(found, ignore_index=True)
    members["group"] = members.groupby(["parent_cell", "kind"], sort=True).ngroup()
    return members[["group", "cell", "parent_cell", "area_code", "kind"]]


def total_equations(cells: pd.DataFrame, count: np.ndarray, members: pd.DataFrame
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(equation, cell, coefficient) of every total the public can use exactly: children
    +1, parent -1, summing to 0. A total is used where the true counts add up exactly;
    one with a count withheld at source (unknown) is used where every complete total of
    its kind (indicator and child type, or period length) adds up."""
    if members.empty:
        empty = np.zeros(0, dtype=int)
        return empty, empty, empty
    parents = members.drop_duplicates("group")
    eq = np.concatenate([members["group"].to_numpy(dtype=int),
                         parents["group"].to_numpy(dtype=int)])
    cell = np.concatenate([members["cell"].to_numpy(dtype=int),
                           parents["parent_cell"].to_numpy(dtype=int)])
    coef = np.concatenate([np.ones(len(members), dtype=int), -np.ones(len(parents), dtype=int)])
    frame = pd.DataFrame({"eq": eq, "cell": cell, "coef": coef,
                          "value": count[cell] * coef}).drop_duplicates(["eq", "cell"])
    sums = frame.groupby("eq").agg(total=("value", "sum"), known=("value", "count"),
                                   size=("value", "size"))
    sums["complete"] = sums["known"] == sums["size"]
    sums["holds"] = sums["complete"] & (sums["total"].abs() < 1e-6)
    kinds = parents.set_index("group")["kind"].astype(str) + "|" + \
        cells["indicator_id"].to_numpy()[parents["parent_cell"].to_numpy()]
    sums["kind"] = kinds.reindex(sums.index).to_numpy()
    complete = sums[sums["complete"]]
    additive = complete.groupby("kind")["holds"].all()
    sums["keep"] = sums["holds"] | (~sums["complete"]
                                    & sums["kind"].map(additive).fillna(False).astype(bool))
    frame = frame[frame["eq"].map(sums["keep"]).to_numpy()]
    return (frame["eq"].to_numpy(), frame["cell"].to_numpy(), frame["coef"].to_numpy())
