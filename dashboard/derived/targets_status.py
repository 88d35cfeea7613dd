"""Target statuses, computed at build time, after every data load and after every
targets load, into ``target_status``: the scorecard, the board pack, the return and the
public view read it instead of projecting every target on every view.

Runs after ``judgements`` (the comparison with England is the stored judgement) and after
``targets`` (module names run in order: judgements < targets < targets_status).
"""

from __future__ import annotations

import json
from datetime import date

import duckdb
import pandas as pd

from dashboard import targets as model
from dashboard.derived import replace_rows

REFRESH_ON_LOAD = True  # statuses follow the latest published values
LIST_COLUMNS = ("spark_values", "spark_trajectory", "spark_labels")


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
    table = status_table(con)
    con.execute("DROP TABLE IF EXISTS target_status")
    if table.empty:
        return
    con.register("incoming_status", table)
    try:
        con.execute("CREATE TABLE target_status AS SELECT * FROM incoming_status")
    finally:
        con.unregister("incoming_status")


def REFRESH(con: duckdb.DuckDBPyConnection, indicators: frozenset[str]) -> None:
    """After a load that changed ``indicators``: the statuses of the partnerships with a
    target on one of them worked out again (a target's status reads its own indicator's
    values, metadata and judgement only). Statuses also depend on the day (which periods
    are over), so a table worked out on another day than today is made whole again."""
    names = {row[0] for row in con.execute("SHOW TABLES").fetchall()}
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
        return
    con.register("incoming_status", table)
    try:
        replace_rows(con, "target_status", "SELECT * FROM incoming_status", {}, affected,
                     "partnership_id, indicator_id, area_code", key="partnership_id")
    finally:
        con.unregister("incoming_status")
