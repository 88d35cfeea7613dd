"""Benchmark comparisons for every area, indicator and period, computed at build time.

So pages, scorecards and maps colour by comparison without recomputing. Areas with a
published 95% confidence interval use the overlapping-interval method; areas without one
use the ONS Explore Local Statistics spread rule (1.4826 x MAD across areas of the same
type). Both come from dashboard.stats.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
from scipy.stats import norm

from dashboard import stats

MAD_SCALE = 1 / norm.ppf(0.75)  # 1.4826..., scipy's median_abs_deviation(scale='normal')

TABLE = """
CREATE OR REPLACE TABLE comparisons (  -- see schema.sql
    indicator_id    VARCHAR NOT NULL,
    area_code       VARCHAR NOT NULL,
    period_start    DATE NOT NULL,
    period_duration VARCHAR NOT NULL,
    benchmark       VARCHAR NOT NULL,   -- 'england' or 'region'
    benchmark_code  VARCHAR,
    benchmark_value DOUBLE,
    comparison      VARCHAR NOT NULL,   -- better/similar/worse, higher/similar/lower, not_compared
    method          VARCHAR NOT NULL    -- ci95 (overlapping 95% CI) or mad (spread rule)
)
"""

SOURCE = """
SELECT o.indicator_id, o.area_code, o.period_start, o.period_duration, o.value, o.lci, o.uci,
       a.area_type, i.polarity, e.value AS england_value,
       rl.parent_code AS region_code, r.value AS region_value
FROM observations o
JOIN areas a USING (area_code)
JOIN indicators i USING (indicator_id)
LEFT JOIN observations e ON e.indicator_id = o.indicator_id AND e.area_code = 'E92000001'
     AND e.period_start = o.period_start AND e.period_duration = o.period_duration
LEFT JOIN area_links rl ON rl.child_code = o.area_code AND rl.parent_type = 'region'
LEFT JOIN observations r ON r.indicator_id = o.indicator_id AND r.area_code = rl.parent_code
     AND r.period_start = o.period_start AND r.period_duration = o.period_duration
WHERE a.area_type NOT IN ('lsoa', 'ward') AND o.area_code <> 'E92000001'
"""

_JUDGED = {("higher", "higher_is_better"): "better", ("lower", "higher_is_better"): "worse",
           ("higher", "lower_is_better"): "worse", ("lower", "lower_is_better"): "better"}


def judge_mad(labels: np.ndarray, polarity: np.ndarray) -> np.ndarray:
    """Turn higher/lower into better/worse where the indicator has a polarity."""
    return np.array([_JUDGED.get((label, pol), label) for label, pol in zip(labels, polarity,
                                                                            strict=True)],
                    dtype=object)


def compare_frame(frame: pd.DataFrame, benchmark_column: str) -> pd.DataFrame:
    """Comparison and method for each row against `benchmark_column` (pure)."""
    out = pd.Series("not_compared", index=frame.index, dtype=object)
    method = pd.Series("mad", index=frame.index, dtype=object)
    has_ci = frame["lci"].notna() & frame["uci"].notna() & frame["value"].notna()
    if has_ci.any():
        subset = frame[has_ci]
        out[has_ci] = stats.compare_to_benchmark(
            subset["value"].to_numpy(), subset["lci"].to_numpy(), subset["uci"].to_numpy(),
            subset[benchmark_column].to_numpy(dtype=float), subset["polarity"].to_numpy())
        method[has_ci] = "ci95"
    no_ci = ~has_ci & frame["value"].notna()
    # The spread rule's threshold (as stats.mad_threshold, vectorised over groups): 1.4826
    # x the median absolute deviation of all areas of the same type, indicator and period.
    keys = [frame["indicator_id"], frame["period_start"], frame["period_duration"],
            frame["area_type"]]
    values = frame["value"]
    median = values.groupby(keys).transform("median")
    mad = (values - median).abs().groupby(keys).transform("median")
    count = values.groupby(keys).transform("count")
    threshold = (MAD_SCALE * mad).where(count >= stats.MIN_AREAS)
    diff = values - frame[benchmark_column].astype(float)
    labels = np.full(len(frame), "similar", dtype=object)
    labels[(diff > threshold).to_numpy()] = "higher"
    labels[(diff < -threshold).to_numpy()] = "lower"
    labels[(diff.isna() | threshold.isna()).to_numpy()] = "not_compared"
    judged = judge_mad(labels, frame["polarity"].to_numpy())
    out[no_ci] = judged[no_ci.to_numpy()]
    return pd.DataFrame({"comparison": out, "method": method})


REFRESH_ON_LOAD = True  # derived from observations only: re-run after a load

def BUILD_STEP(con: duckdb.DuckDBPyConnection) -> None:
    frame = con.execute(SOURCE).df()
    con.execute(TABLE)
    parts = []
    for benchmark, code_column, value_column in (("england", None, "england_value"),
                                                 ("region", "region_code", "region_value")):
        judged = compare_frame(frame, value_column)
        parts.append(pd.DataFrame({
            "indicator_id": frame["indicator_id"], "area_code": frame["area_code"],
            "period_start": frame["period_start"], "period_duration": frame["period_duration"],
            "benchmark": benchmark,
            "benchmark_code": "E92000001" if code_column is None else frame[code_column],
            "benchmark_value": frame[value_column], "comparison": judged["comparison"],
            "method": judged["method"],
        }))
    result = pd.concat(parts, ignore_index=True)
    con.register("incoming_comparisons", result)
    con.execute("INSERT INTO comparisons SELECT * FROM incoming_comparisons "
                "ORDER BY indicator_id, period_start, area_code")
    con.unregister("incoming_comparisons")
