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
