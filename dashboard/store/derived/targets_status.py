"""Target statuses, computed at build time, after every data load and after every
targets load, into ``target_status``: the scorecard, the board pack, the return and the
public view read it instead of projecting every target on every view. ``target_pages``
holds, beside them, what each target's page shows apart from the series (the target, its
assessment with the projection, the indicator and the region), as JSON.

Runs after ``judgements`` (the comparison with England is the stored judgement) and after
``targets`` (module names run in order: judgements < targets < targets_status).
"""

from __future__ import annotations

import json
from datetime import date

import duckdb
import pandas as pd

from dashboard.methods import targets as model
from dashboard.store.base import sql
from dashboard.store.derived.refresh import replace_rows
from dashboard.store.targets import LIST_COLUMNS

REFRESH_ON_LOAD = True  # statuses follow the latest published values


def status_table(con: duckdb.DuckDBPyConnection, today: date | None = None,
                 only: frozenset[str] | None = None) -> pd.DataFrame:
    """Every partnership's scorecard rows (or those of the partnerships ``only`` names),
    with the day they were worked out."""
    from dashboard.store.build import BuildStore

    store = BuildStore(con)
    partnerships = store.partnerships()
    frames = [model.assess_partnership(store, pid) for pid in
              partnerships.get("partnership_id", pd.Series(dtype=object))
              if only is None or pid in only]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame()
    table = pd.concat(frames, ignore_index=True)
    for column in LIST_COLUMNS:  # lists travel as JSON text (scorecard sparklines)
        table[column] = [json.dumps(v) for v in table[column]]
    table["assessed_on"] = pd.Timestamp(today or date.today())
    for column in table.columns:
        if table[column].dtype == object:
            table[column] = table[column].map(_plain)
    return table


def _plain(value: object) -> object:
    """Values DuckDB can store: dates and lists as text where pandas leaves objects."""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value)
    return value


def page_table(con: duckdb.DuckDBPyConnection) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every target's page (dashboard.methods.targets.target_detail, as encode_detail stores it),
    and the (indicator, area) pairs whose series the pages draw."""
    from dashboard.store.build import BuildStore

    store = BuildStore(con)
    rows, codes = [], set()
    for pid in store.partnerships().get("partnership_id", pd.Series(dtype=object)):
        for indicator_id, area_code in store.partnership_targets(pid)[
                ["indicator_id", "area_code"]].itertuples(index=False):
            detail = model.target_detail(store, pid, indicator_id, area_code)
            if detail is None or "target" not in detail:
                continue
            rows.append({"partnership_id": pid, "indicator_id": indicator_id,
                         "area_code": area_code, "detail": model.encode_detail(detail)})
            region = detail["region"]
            codes |= {(indicator_id, code) for code in (
                area_code, model.ENGLAND, *([region["code"]] if region else []))}
    return (pd.DataFrame(rows, columns=["partnership_id", "indicator_id", "area_code",
                                        "detail"]),
            pd.DataFrame(sorted(codes), columns=["indicator_id", "area_code"]))


def BUILD_STEP(con: duckdb.DuckDBPyConnection) -> None:
    if "targets" not in _tables(con):
        return
    table = status_table(con)
    con.execute("DROP TABLE IF EXISTS target_status")
    if not table.empty:
        con.register("incoming_status", table)
        try:
            con.execute("CREATE TABLE target_status AS SELECT * FROM incoming_status")
        finally:
            con.unregister("incoming_status")
    _build_pages(con)


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in con.execute("SHOW TABLES").fetchall()}


def _build_pages(con: duckdb.DuckDBPyConnection) -> None:
    """partnership_list, target_pages and target_series made whole from target_status (a
    page shows its target's status), after a build and after every refresh of statuses."""
    # the scorecard list's partnerships, stored: the same SELECT that works them out
    con.execute("CREATE OR REPLACE TABLE partnership_list AS\n" + sql("targets_partnerships"))
    for name in ("target_pages", "target_series"):
        con.execute(f"DROP TABLE IF EXISTS {name}")  # names from this module
    if "target_status" not in _tables(con):
        return
    pages, codes = page_table(con)
    con.register("incoming_pages", pages)
    con.register("incoming_codes", codes)
    try:
        con.execute(sql("targets_build_pages"))
    finally:
        con.unregister("incoming_pages")
        con.unregister("incoming_codes")


def REFRESH(con: duckdb.DuckDBPyConnection, indicators: frozenset[str]) -> None:
    """After a load that changed ``indicators``: the statuses of the partnerships with a
    target on one of them worked out again (a target's status reads its own indicator's
    values, metadata and judgement only). Statuses also depend on the day (which periods
    are over), so a table worked out on another day than today is made whole again."""
    names = _tables(con)
    if "targets" not in names:
        return
    today = date.today()
    if "target_status" not in names or con.execute(
            "SELECT bool_or(assessed_on <> ?) FROM target_status",
            [pd.Timestamp(today)]).fetchone()[0] is not False:
        BUILD_STEP(con)
        return
    affected = frozenset(row[0] for row in con.execute(
        "SELECT DISTINCT partnership_id FROM targets "
        "WHERE list_contains(?::VARCHAR[], indicator_id)", [sorted(indicators)]).fetchall())
    if not affected:
        return
    table = status_table(con, today, only=affected)
    if table.empty:
        con.execute("DELETE FROM target_status WHERE list_contains(?::VARCHAR[], "
                    "partnership_id)", [sorted(affected)])
    else:
        con.register("incoming_status", table)
        try:
            replace_rows(con, "target_status", "SELECT * FROM incoming_status", {},
                         affected, "partnership_id, indicator_id, area_code",
                         key="partnership_id")
        finally:
            con.unregister("incoming_status")
    _build_pages(con)
