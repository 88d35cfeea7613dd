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

from dashboard import targets as model
from dashboard.store.base import sql

REFRESH_ON_LOAD = True  # statuses follow the latest published values
LIST_COLUMNS = ("spark_values", "spark_trajectory", "spark_labels")


def status_table(con: duckdb.DuckDBPyConnection, today: date | None = None) -> pd.DataFrame:
    """Every partnership's scorecard rows, with the day they were worked out."""
    from dashboard.store.build import BuildStore

    store = BuildStore(con)
    partnerships = store.partnerships()
    frames = [model.assess_partnership(store, pid) for pid in
              partnerships.get("partnership_id", pd.Series(dtype=object))]
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
    """Every target's page (dashboard.targets.target_detail, as encode_detail stores it),
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


def BUILD_STEP(con: duckdb.DuckDBPyConnection) -> None:
    names = {row[0] for row in con.execute("SHOW TABLES").fetchall()}
    if "targets" not in names:
        return
    # the scorecard list's partnerships, stored: the same SELECT that works them out
    con.execute("CREATE OR REPLACE TABLE partnership_list AS\n" + sql("targets_partnerships"))
    table = status_table(con)
    for name in ("target_status", "target_pages", "target_series"):
        con.execute(f"DROP TABLE IF EXISTS {name}")  # names from this module
    if table.empty:
        return
    con.register("incoming_status", table)
    try:
        con.execute("CREATE TABLE target_status AS SELECT * FROM incoming_status")
    finally:
        con.unregister("incoming_status")
    pages, codes = page_table(con)  # after target_status: pages show its statuses
    con.register("incoming_pages", pages)
    con.register("incoming_codes", codes)
    try:
        con.execute(sql("targets_build_pages"))
    finally:
        con.unregister("incoming_pages")
        con.unregister("incoming_codes")
