"""Judgements computed once, at build time and after every load: the tables pages read
instead of computing trends, comparisons, spreads and neighbours per view.

Tables (documented in docs/store.md, "Judgements"): ``neighbours``, ``area_values`` (every
published value of every area above neighbourhood level, with its benchmarks, quintile
and 99.8% limits), ``judgements`` (one row per value, benchmark and level), ``trends``
(the recent trend of each indicator for each area) and ``distributions`` (the spread
across peer areas). The rules are dashboard/methods/judgements.py, recent_trends.py and
statistical_neighbours.py; this module only moves frames between DuckDB and those pure
functions.
"""

from __future__ import annotations

import re

import duckdb
import numpy as np
import pandas as pd

from dashboard.methods import judgements as rules
from dashboard.methods import recent_trends, statistical_neighbours, stats
from dashboard.store.derived.refresh import replace_rows

REFRESH_ON_LOAD = True  # derived from observations only: re-run after a load

# One-to-one code changes (Barnsley E08000016 -> E08000038): the successor carries the
# predecessor's history where it has no value of its own, so neighbours and neighbour
# averages do not lose an area's past when ONS recodes it.
SUCCESSORS = """
CREATE OR REPLACE TEMP TABLE successor_map AS
WITH pairs AS (
    SELECT area_code AS predecessor, trim(replaced_by) AS successor
    FROM areas WHERE replaced_by IS NOT NULL AND NOT contains(trim(replaced_by), ' ')
)
SELECT predecessor, successor FROM pairs
WHERE successor IN (SELECT successor FROM pairs GROUP BY successor HAVING count(*) = 1)
"""

HISTORY_ROWS = """
CREATE OR REPLACE TEMP TABLE history_values AS
SELECT indicator_id, area_code, period_start, period_duration, value
FROM observations WHERE value IS NOT NULL AND ONLY(indicator_id)
UNION ALL
SELECT o.indicator_id, m.successor, o.period_start, o.period_duration, o.value
FROM observations o JOIN successor_map m ON o.area_code = m.predecessor
WHERE o.value IS NOT NULL AND ONLY(o.indicator_id) AND NOT EXISTS (
    SELECT 1 FROM observations s WHERE s.indicator_id = o.indicator_id
    AND s.area_code = m.successor AND s.period_start = o.period_start
    AND s.period_duration = o.period_duration AND s.value IS NOT NULL)
"""

FEATURES = """
SELECT indicator_id, area_code, value FROM history_values
WHERE list_contains(?, indicator_id)
QUALIFY row_number() OVER (PARTITION BY indicator_id, area_code ORDER BY period_start DESC) = 1
"""

# Comparator groups: current English lower-tier authorities, and counties.
CANDIDATES = """
SELECT area_code, CASE WHEN area_type = 'lad' THEN 'lad' ELSE area_type END AS grp
FROM areas
WHERE area_code LIKE 'E%' AND valid_to IS NULL
  AND ((area_type = 'lad' AND is_lower_tier) OR area_type = 'county')
"""

VALUE_ROWS = """
WITH o AS (
    SELECT o.*, a.area_name, a.area_type, a.is_upper_tier,
           (o.area_code LIKE 'E%' AND (a.valid_to IS NULL OR a.valid_to >= year(o.period_start))
            AND (a.valid_from IS NULL OR a.valid_from <= year(o.period_start))) AS in_use
    FROM observations o JOIN areas a USING (area_code)
    WHERE a.area_type NOT IN ('lsoa', 'ward') AND ONLY(o.indicator_id)
),
ordered AS (
    SELECT indicator_id, area_code, period_start, period_duration,
           row_number() OVER w_desc AS recency,
           lag(value) OVER w_asc AS previous_value,
           lag(period_label) OVER w_asc AS previous_period
    FROM o WHERE value IS NOT NULL
    WINDOW w_desc AS (PARTITION BY indicator_id, area_code ORDER BY period_start DESC),
           w_asc AS (PARTITION BY indicator_id, area_code ORDER BY period_start)
),
-- the mean in a fixed order: a float sum in whatever order the threads meet the rows
-- differs in its last digit from one build (or one refresh after a load) to the next
neighbour_average AS (
    SELECT n.area_code, h.indicator_id, h.period_start, h.period_duration,
           avg(h.value ORDER BY h.area_code) AS neighbours_value, count(*) AS neighbours_n
    FROM neighbours n JOIN history_values h ON h.area_code = n.neighbour_code
    GROUP BY ALL
),
neighbour_count AS (SELECT area_code, count(*) AS neighbours_k FROM neighbours GROUP BY ALL),
intervals AS (
    SELECT indicator_id, bool_or(lci IS NOT NULL AND uci IS NOT NULL) AS has_intervals
    FROM observations WHERE ONLY(indicator_id) GROUP BY ALL
)
SELECT o.indicator_id, o.area_code, o.area_name, o.area_type, o.is_upper_tier, o.in_use,
       o.period_start, o.period_duration, o.period_label, coalesce(d.recency = 1, FALSE)
       AS is_latest, o.value, o.lci, o.uci, o.numerator, o.denominator, o.status, o.note,
       o.load_id, d.previous_value, d.previous_period,
       e.value AS england_value, rl.parent_code AS region_code, ra.area_name AS region_name,
       r.value AS region_value, nc.neighbours_k,
       CASE WHEN na.neighbours_n * 2 >= nc.neighbours_k THEN na.neighbours_value END
           AS neighbours_value,
       na.neighbours_n, i.polarity, i.value_type, i.decimals, i.prefix, i.suffix, i.unit,
       coalesce(iv.has_intervals, FALSE) AS has_intervals
FROM o
JOIN indicators i USING (indicator_id)
LEFT JOIN intervals iv USING (indicator_id)
LEFT JOIN ordered d USING (indicator_id, area_code, period_start, period_duration)
LEFT JOIN observations e ON e.indicator_id = o.indicator_id AND e.area_code = 'E92000001'
     AND e.period_start = o.period_start AND e.period_duration = o.period_duration
LEFT JOIN area_links rl ON rl.child_code = o.area_code AND rl.parent_type = 'region'
LEFT JOIN areas ra ON ra.area_code = rl.parent_code
LEFT JOIN observations r ON r.indicator_id = o.indicator_id AND r.area_code = rl.parent_code
     AND r.period_start = o.period_start AND r.period_duration = o.period_duration
LEFT JOIN neighbour_count nc ON nc.area_code = o.area_code
LEFT JOIN neighbour_average na ON na.area_code = o.area_code
     AND na.indicator_id = o.indicator_id AND na.period_start = o.period_start
     AND na.period_duration = o.period_duration
"""

TREND_ROWS = """
SELECT o.indicator_id, o.area_code, i.polarity, o.period_start, o.period_duration,
       o.period_label, o.value, o.lci, o.uci, o.numerator, o.denominator, o.status
FROM observations o JOIN areas a USING (area_code) JOIN indicators i USING (indicator_id)
WHERE a.area_type NOT IN ('lsoa', 'ward') AND ONLY(o.indicator_id)
"""

# Everything an area profile shows, one row per area, indicator, benchmark and level at the
# area's latest period: the profile page reads it with one single-table query.
PROFILE_ROWS = """
SELECT v.indicator_id, v.area_code, v.area_name, v.area_type, v.peer_group, v.period_start,
       v.period_duration, v.period_label, v.value, v.lci, v.uci, v.lci_998, v.uci_998,
       v.numerator, v.denominator, v.status, v.note, v.load_id, v.previous_value,
       v.previous_period, v.england_value, v.region_code, v.region_name, v.region_value,
       v.neighbours_value, v.neighbours_n, v.quintile,
       j.benchmark, levels.level, j.benchmark_name, j.benchmark_value, j.result AS comparison,
       j.method AS comparison_method, j.statistic AS comparison_statistic,
       j.reason AS comparison_reason,
       t.direction AS trend_direction, t.trend, t.method AS trend_method,
       t.n_points AS trend_points, t.reason AS trend_reason,
       d.n AS peers_n, d.lowest, d.q25, d.median, d.q75, d.highest,
       i.title, i.theme, i.polarity, i.unit, i.suffix, i.prefix, i.decimals, i.value_type,
       i.dataset_id
FROM area_values v
JOIN indicators i USING (indicator_id)
CROSS JOIN (VALUES (0.95::DOUBLE), (0.998::DOUBLE)) AS levels(level)
JOIN judgements j ON j.area_code = v.area_code AND j.indicator_id = v.indicator_id
     AND j.period_start = v.period_start AND j.period_duration = v.period_duration
     AND (j.level = levels.level OR j.level IS NULL)
LEFT JOIN trends t ON t.area_code = v.area_code AND t.indicator_id = v.indicator_id
LEFT JOIN distributions d ON d.indicator_id = v.indicator_id
     AND d.period_start = v.period_start AND d.period_duration = v.period_duration
     AND d.peer_group = v.peer_group
WHERE v.is_latest AND ONLY(v.indicator_id)
"""


def only(template: str, indicators: frozenset[str] | None) -> tuple[str, dict]:
    """A query of the rows of some indicators: each ONLY(column) in ``template`` becomes
    a test that the column is one of ``indicators`` (a parameter), or TRUE for all."""
    if indicators is None:
        return _ONLY.sub("TRUE", template), {}
    return _ONLY.sub(r"list_contains($only::VARCHAR[], \1)", template), \
        {"only": sorted(indicators)}


_ONLY = re.compile(r"ONLY\(([\w.]+)\)")
HISTORY, VALUES, TREND_SOURCE, PROFILES = (  # every indicator's rows (bench/bench_profile.py)
    only(t, None)[0] for t in (HISTORY_ROWS, VALUE_ROWS, TREND_ROWS, PROFILE_ROWS))

AREA_VALUE_COLUMNS = [
    "indicator_id", "area_code", "area_name", "area_type", "peer_group", "period_start",
    "period_duration", "period_label", "is_latest", "value", "lci", "uci", "lci_998",
    "uci_998", "numerator", "denominator", "status", "note", "load_id", "previous_value",
    "previous_period", "england_value", "region_code", "region_name", "region_value",
    "neighbours_value", "neighbours_n", "quintile"]
JUDGEMENT_COLUMNS = [
    "indicator_id", "area_code", "period_start", "period_duration", "is_latest",
    "benchmark", "level", "benchmark_code", "benchmark_name", "benchmark_value", "result",
    "method", "statistic", "reason"]


def _write(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame,
           order: str, indicators: frozenset[str] | None = None) -> None:
    """Replace ``table`` with ``frame``, stored in ``order`` (DuckDB prunes by insert
    order, ../shared/MEASURED.md); with ``indicators``, only those indicators' rows."""
    if indicators is not None and frame.empty:  # (neighbourhood-level indicators have none)
        con.execute(f"DELETE FROM {table} WHERE list_contains(?::VARCHAR[], indicator_id)",
                    [sorted(indicators)])
        return
    con.register("incoming_frame", frame)
    try:
        if indicators is None:
            con.execute(f"CREATE OR REPLACE TABLE {table} AS "
                        f"SELECT * FROM incoming_frame ORDER BY {order}")
        else:
            replace_rows(con, table, "SELECT * FROM incoming_frame", {}, indicators, order)
    finally:
        con.unregister("incoming_frame")


def build_neighbours(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    latest = con.execute(FEATURES, [list(_feature_sources())]).df()
    features = statistical_neighbours.neighbour_features(latest)
    candidates = con.execute(CANDIDATES).df()
    groups = candidates.groupby("grp")["area_code"].apply(list).to_dict()
    table = statistical_neighbours.neighbour_table(features, groups)
    _write(con, "neighbours", table, "area_code, rank")
    return table


def _feature_sources() -> list[str]:
    sources = []
    for name in statistical_neighbours.NEIGHBOUR_FEATURES:
        sources.extend(statistical_neighbours.COMBINED_FEATURES.get(name, (name,)))
    return sources


def build_values(con: duckdb.DuckDBPyConnection,
                 indicators: frozenset[str] | None = None) -> pd.DataFrame:
    values = con.execute(*only(VALUE_ROWS, indicators)).df()
    for column in values.columns:  # plain Python strings: far faster to join than Arrow's
        if pd.api.types.is_string_dtype(values[column]):
            values[column] = values[column].astype(object)
    values["peer_group"] = rules.peer_group(values["area_type"])
    values["lci_998"], values["uci_998"] = stats.rescale_interval(
        values["value"], values["lci"], values["uci"])
    spreads = rules.distributions(values)
    _write(con, "distributions", spreads, "indicator_id, period_start, peer_group", indicators)
    values = values.merge(spreads[["indicator_id", "period_start", "period_duration",
                                   "peer_group", "spread"]],
                          on=["indicator_id", "period_start", "period_duration",
                              "peer_group"], how="left")
    values["quintile"] = rules.quintiles(values)
    _write(con, "area_values", values[AREA_VALUE_COLUMNS],
           "area_code, indicator_id, period_start", indicators)
    return values


def build_judgements(con: duckdb.DuckDBPyConnection, values: pd.DataFrame,
                     indicators: frozenset[str] | None = None) -> None:
    parts = []
    values = rules.with_texts(values)
    latest = values[values["is_latest"].astype(bool)]
    for benchmark in rules.BENCHMARKS:
        # Neighbours are a benchmark for an area's latest values only (the profile,
        # compare page and finder); maps and rankings of past periods offer England and
        # the region.
        rows = latest if benchmark == "neighbours" else values
        at_95 = rules.compare(rows, benchmark, 0.95)
        by_interval = (at_95["method"] == rules.METHOD_CI).to_numpy()
        at_998 = rules.compare(rows[by_interval], benchmark, 0.998,
                               at_95[by_interval])
        # A judgement by the spread rule, or none, has no confidence level: one row with
        # level NULL serves both levels (queries ask "level = ? OR level IS NULL").
        for judged, subset, level in ((at_95, rows, None), (at_998, rows[by_interval], 0.998)):
            parts.append(judged.assign(
                indicator_id=subset["indicator_id"], area_code=subset["area_code"],
                period_start=subset["period_start"],
                period_duration=subset["period_duration"], is_latest=subset["is_latest"],
                benchmark=benchmark,
                level=np.where(judged["method"] == rules.METHOD_CI, 0.95, np.nan)
                if level is None else level))
    table = pd.concat(parts, ignore_index=True)[JUDGEMENT_COLUMNS]
    table["statistic"] = table["statistic"].astype(float)
    _write(con, "judgements", table, "area_code, indicator_id, period_start", indicators)


def build_trends(con: duckdb.DuckDBPyConnection,
                 indicators: frozenset[str] | None = None) -> None:
    source = con.execute(*only(TREND_ROWS, indicators)).df()
    if source.empty and indicators is not None:  # no values above neighbourhood level
        _write(con, "trends", source, "area_code, indicator_id", indicators)
        return
    source["period_start"] = pd.to_datetime(source["period_start"]).dt.date
    trend_table = recent_trends.trends(source)
    trend_table["period_start"] = pd.to_datetime(trend_table["period_start"])
    _write(con, "trends", trend_table, "area_code, indicator_id", indicators)


def build_profiles(con: duckdb.DuckDBPyConnection,
                   indicators: frozenset[str] | None = None) -> None:
    select, params = only(PROFILE_ROWS, indicators)
    if indicators is None:
        con.execute(f"CREATE OR REPLACE TABLE area_profiles AS {select} ORDER BY area_code")
    else:
        replace_rows(con, "area_profiles", select, params, indicators, "area_code")

def _derive(con: duckdb.DuckDBPyConnection, indicators: frozenset[str] | None) -> None:
    """Every table this module makes, for every indicator (None) or some."""
    con.execute(SUCCESSORS)
    con.execute(*only(HISTORY_ROWS, indicators))
    if indicators is None:
        build_neighbours(con)
    values = build_values(con, indicators)
    build_judgements(con, values, indicators)
    build_trends(con, indicators)
    build_profiles(con, indicators)
    con.execute("DROP TABLE IF EXISTS comparisons")
    for name in ("history_values", "successor_map"):
        con.execute(f"DROP TABLE IF EXISTS {name}")


def BUILD_STEP(con: duckdb.DuckDBPyConnection) -> None:
    _derive(con, None)


def REFRESH(con: duckdb.DuckDBPyConnection, indicators: frozenset[str]) -> None:
    """After a load that changed ``indicators``: every row of every table here belongs to
    one indicator and is worked out from that indicator's values alone (with England's,
    the region's and the neighbours' values of the same indicator), except neighbours,
    which are chosen by the latest values of the feature indicators. A load of one of
    those may change every area's neighbours, so it means the whole BUILD_STEP."""
    if indicators & set(_feature_sources()):
        BUILD_STEP(con)
    else:
        _derive(con, indicators)
