"""One rule set for every judgement Placeboard shows about an indicator value: the
comparison with a benchmark (England, region, statistical neighbours; 95% and 99.8%), the
quintile and the spread across peer areas. The recent trend is worked out in
dashboard/methods/recent_trends.py and the statistical neighbours themselves in
dashboard/methods/statistical_neighbours.py.

Pure: frames go in, frames come out. ``dashboard/store/derived/judgements.py`` runs these at
build time and after every load and writes the tables documented in docs/store.md
("Judgements"); pages read those tables and compute none of this per view. When each
method applies is written out in docs/methods.md and shown on the About page.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd

from dashboard.common.formatting import format_values
from dashboard.methods import stats

ENGLAND = "E92000001"
BENCHMARKS = ("england", "region", "neighbours")
BENCHMARK_WORDS = {"england": "England", "region": "the region",
                   "neighbours": "statistical neighbours"}
LEVELS = (0.95, 0.998)
LEVEL_TEXT = {0.95: "95%", 0.998: "99.8%"}
METHOD_CI = "ci"          # the benchmark against the value's confidence interval
METHOD_SPREAD = "spread"  # 1.4826 x MAD across peer areas, for indicators with no intervals
METHOD_NONE = "none"      # not compared; the reason says why
# Value types a benchmark comparison means nothing for (England's count is not a target
# for a district's; ranks and deciles are positions, not measures).
NOT_BENCHMARKED = {"count": "Counts", "rank": "Ranks", "decile": "Deciles"}
PEER_WORDS = {"lad": "English local authorities", "upper_tier": "English upper-tier "
              "authorities", "combined_authority": "combined authorities",
              "region": "English regions", "police_force_area": "police force areas"}
_HEADLINES = {"better": "Better than", "worse": "Worse than", "higher": "Higher than",
              "lower": "Lower than", "similar": "Similar to"}


# -- peer groups, spreads and quintiles ----------------------------------------------------

def peer_group(area_type: pd.Series) -> pd.Series:
    """The areas an area is ranked and spread against: counties with every upper-tier
    authority ('upper_tier'), everything else with its own type."""
    return area_type.map({"county": "upper_tier"}).fillna(area_type)


def peer_pools(values: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``values`` labelled with each peer pool they belong to: English areas in
    use at the period, by type; upper-tier districts (unitaries, metropolitan districts)
    belong to both the local-authority and the upper-tier pools."""
    eligible = values[values["in_use"].astype(bool) & values["value"].notna()]
    own = eligible.assign(pool=peer_group(eligible["area_type"]))
    upper = eligible[(eligible["area_type"] == "lad") & eligible["is_upper_tier"].astype(bool)]
    return pd.concat([own, upper.assign(pool="upper_tier")], ignore_index=True)


_PERIOD_KEY = ["indicator_id", "period_start", "period_duration"]


def distributions(values: pd.DataFrame) -> pd.DataFrame:
    """Spread of each indicator, period and peer pool: count, lowest, quartiles, median,
    highest (spine charts) and the spread rule's threshold, 1.4826 x the median absolute
    deviation (stats.mad_threshold), where at least five areas have values."""
    pools = peer_pools(values)
    keys = [*_PERIOD_KEY, "pool"]
    grouped = pools.groupby(keys)["value"]
    out = grouped.agg(n="count", lowest="min", median="median", highest="max")
    out["q25"] = grouped.quantile(0.25)
    out["q75"] = grouped.quantile(0.75)
    deviation = (pools["value"] - grouped.transform("median")).abs()
    out["spread"] = deviation.groupby([pools[k] for k in keys]).median() * \
        stats.MAD_MULTIPLIER_EXACT
    out.loc[out["n"] < stats.MIN_AREAS, "spread"] = np.nan
    out = out.reset_index().rename(columns={"pool": "peer_group"})
    return out[[*_PERIOD_KEY, "peer_group", "n", "lowest", "q25", "median", "q75",
                "highest", "spread"]]


def quintiles(values: pd.DataFrame, bands: int = 5) -> pd.Series:
    """Each row's quintile among its own peer pool at that period, 1 = best for the
    polarity (lowest values first where there is no judgement); None outside the pool or
    with fewer areas than stats.quantile_bands allows. Vectorised stats.quantile_bands."""
    out = pd.Series(pd.NA, index=values.index, dtype="Int64")
    pool = values["in_use"].astype(bool) & values["value"].notna()
    if not pool.any():
        return out
    rows = values[pool]
    key = np.where(rows["polarity"] == stats.HIGHER_IS_BETTER, -rows["value"], rows["value"])
    groups = [rows[k] for k in _PERIOD_KEY] + [peer_group(rows["area_type"])]
    ranks = pd.Series(key, index=rows.index).groupby(groups).rank(method="min")
    size = rows["value"].groupby(groups).transform("count")
    band = ((ranks - 1) * bands // size + 1).where(size >= max(stats.MIN_AREAS, bands))
    out[rows.index] = band.astype("Int64")
    return out


# -- comparisons with a benchmark --------------------------------------------------------

def _formatted(frame: pd.DataFrame, column: str) -> pd.Series:
    """A value column formatted as each row's indicator publishes it ('6.6%', '£590');
    precomputed texts (:func:`with_texts`) are used when present."""
    if f"text_{column}" in frame:
        return frame[f"text_{column}"]
    codes, ids = pd.factorize(frame["indicator_id"])
    firsts = frame.drop_duplicates("indicator_id")
    metas = {r["indicator_id"]: r for r in firsts[["indicator_id", "decimals", "prefix",
                                                   "suffix", "unit"]].to_dict("records")}
    numbers = frame[column].to_numpy(dtype=float, na_value=np.nan)
    out = np.empty(len(frame), dtype=object)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(ids) + 1))
    for i, indicator_id in enumerate(ids):
        rows = order[bounds[i]:bounds[i + 1]]
        out[rows] = format_values(numbers[rows], {k: (None if pd.isna(v) else v)
                                                  for k, v in metas[indicator_id].items()})
    return pd.Series(out, index=frame.index, dtype=object)


def _difference(frame: pd.DataFrame, column: str) -> pd.Series:
    """A difference in the indicator's units ('0.8 percentage points', '£12')."""
    if f"text_{column}" in frame:
        return frame[f"text_{column}"]
    text = _formatted(frame.assign(**{column: frame[column].abs()}), column)
    percent = (frame["unit"] == "%") | (frame["suffix"] == "%")
    return text.where(~percent, text.str.rstrip("%") + " percentage points")


TEXT_COLUMNS = ("value", "lci", "uci", "lci_998", "uci_998", "england_value",
                "region_value", "neighbours_value")


def with_texts(values: pd.DataFrame) -> pd.DataFrame:
    """``values`` with every number a reason quotes formatted once (text_<column>), so
    the six benchmark-and-level passes of the build only join strings."""
    out = values.copy()
    for column in TEXT_COLUMNS:
        out[f"text_{column}"] = _formatted(values, column)
    out["text_spread"] = _difference(values, "spread")
    out["reason_early"], out["reason_late"] = value_reasons(values)
    return out


BENCHMARK_VALUE_COLUMNS = {"england": "england_value", "region": "region_value",
                           "neighbours": "neighbours_value"}


def _benchmark_columns(frame: pd.DataFrame, benchmark: str) -> tuple[pd.Series, pd.Series,
                                                                     pd.Series]:
    """(code, name, value) of the benchmark for each row."""
    if benchmark == "england":
        return (pd.Series(ENGLAND, index=frame.index), pd.Series("England", index=frame.index),
                frame["england_value"])
    if benchmark == "region":
        return frame["region_code"], frame["region_name"].fillna("the region"), \
            frame["region_value"]
    if benchmark == "neighbours":
        k = frame["neighbours_k"].fillna(0).astype(int)
        name = "the average of " + frame["area_name"].astype(str) + "'s " + k.astype(str) + \
            " statistical neighbours"
        return pd.Series("neighbours", index=frame.index), name, frame["neighbours_value"]
    raise ValueError(f"unknown benchmark {benchmark!r}; expected one of {BENCHMARKS}")


def _fill(template: str, index: pd.Index, **columns: Any) -> pd.Series:
    """``template`` filled in for every row: columns are Series (or one value for all
    rows). Plain lists and positional str.format, several times quicker than joining
    pandas string Series, which matters for the ~600,000 reasons a build writes."""
    names = list(columns)
    positional = _positional(template, tuple(names))
    lists = [v.tolist() if isinstance(v, (pd.Series, np.ndarray)) else [v] * len(index)
             for v in columns.values()]
    return pd.Series([positional.format(*row) for row in zip(*lists, strict=True)],
                     index=index, dtype=object)


@functools.lru_cache(maxsize=64)
def _positional(template: str, names: tuple[str, ...]) -> str:
    """'{area} for {period}' -> '{0} for {1}' for the given field order."""
    for i, name in enumerate(names):
        template = template.replace("{" + name + "}", "{" + str(i) + "}")
    return template


def _owner(name: Any) -> str:
    """"England's", "the neighbours'" (never "neighbours's")."""
    text = str(name)
    return text + ("'" if text.endswith("s") else "'s")


def _not_compared_reason(frame: pd.DataFrame, benchmark: str, bench_name: pd.Series,
                         bench_value: pd.Series) -> pd.Series:
    """Why each row cannot be compared (None where it can), most basic reason first:
    the benchmark itself, no value or a kind of value never compared, no benchmark value,
    then the value's own problems (unreliable, no interval, too few areas for a spread).
    The reasons that do not depend on the benchmark are worked out once per build
    (:func:`value_reasons`)."""
    reason = pd.Series(None, index=frame.index, dtype=object)
    early, late = value_reasons(frame) if "reason_early" not in frame else \
        (frame["reason_early"], frame["reason_late"])

    def set_where(mask: Any, text: Any) -> None:
        todo = np.asarray(mask, dtype=bool) & reason.isna().to_numpy()
        if todo.any():
            reason[todo] = text[todo] if isinstance(text, pd.Series) else \
                (text(frame[todo], todo) if callable(text) else text)

    def say(template: str, **extra: Any) -> Any:
        def text(rows: pd.DataFrame, mask: np.ndarray) -> pd.Series:
            columns = {k: (v[mask] if isinstance(v, pd.Series) else v)
                       for k, v in extra.items()}
            return _fill(template, rows.index, area=rows["area_name"],
                         period=rows["period_label"], **columns)
        return text

    if benchmark == "england":
        set_where(frame["area_code"] == ENGLAND, "Not compared: England is the benchmark.")
    if benchmark == "region":
        set_where(frame["region_code"].isna(),
                  say("Not compared: {area} is not within an English region."))
    set_where(early.notna(), early)
    if benchmark == "neighbours":
        set_where(frame["neighbours_k"].fillna(0) == 0, say(
            "Not compared: statistical neighbours are found for local authorities only, on "
            "contextual indicators {area} has values for."))
        set_where(bench_value.isna(), say(
            "Not compared: fewer than half of {area}'s statistical neighbours have a value "
            "for {period}."))
    set_where(bench_value.isna(), say("Not compared: no value is published for {name} for "
                                      "{period}.", name=bench_name))
    set_where(late.notna(), late)
    return reason


def value_reasons(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(early, late): why a value cannot be compared with any benchmark, before and after
    the check for a benchmark value. Early: no value; counts, ranks and deciles. Late:
    flagged unreliable; no valid interval for an indicator that publishes them; too few
    areas to measure the spread for one that does not."""
    early = pd.Series(None, index=frame.index, dtype=object)
    late = pd.Series(None, index=frame.index, dtype=object)

    def put(target: pd.Series, mask: Any, template: str, **extra: Any) -> None:
        todo = np.asarray(mask, dtype=bool) & target.isna().to_numpy()
        if todo.any():
            rows = frame[todo]
            target[todo] = _fill(template, rows.index, area=rows["area_name"],
                                 period=rows["period_label"],
                                 **{k: v[todo] for k, v in extra.items()})

    put(early, frame["value"].isna(),
        "Not compared: no value is published for {area} for {period}.")
    kinds = frame["value_type"].map(NOT_BENCHMARKED)
    put(early, kinds.notna(), "Not compared: {kind} are not compared with a benchmark.",
        kind=kinds)
    note = frame["note"].astype(object).fillna("")
    unreliable = (frame["status"].astype(object).fillna("").str.lower() == "u") | \
        note.str.contains("unreliable", case=False)
    why = pd.Series(np.where(note != "", " (" + note.str.rstrip(".") + ")", ""),
                    index=frame.index)
    put(late, unreliable, "Not compared: the source flags {area}'s estimate for {period} "
        "as unreliable{why}.", why=why)
    has_intervals = frame["has_intervals"].astype(bool)
    put(late, has_intervals & ~_valid_interval(frame),
        "Not compared: no confidence interval is published for {area}'s value for "
        "{period}, so no significance test is possible (the source withholds intervals "
        "where a sample is small).")
    put(late, ~has_intervals & frame["spread"].isna(),
        "Not compared: too few {peers} have values for {period} to measure the usual "
        "spread.", peers=frame["peer_group"].map(PEER_WORDS).fillna("areas"))
    return early, late


def _valid_interval(frame: pd.DataFrame) -> pd.Series:
    return frame["lci"].notna() & frame["uci"].notna() & (frame["uci"] > frame["lci"]) & \
        (frame["lci"] <= frame["value"]) & (frame["value"] <= frame["uci"])


def _ci_results(frame: pd.DataFrame, bench_value: pd.Series, level: float) -> pd.Series:
    lower, upper = ("lci", "uci") if level == 0.95 else ("lci_998", "uci_998")
    labels = stats.compare_to_benchmark(
        frame["value"].to_numpy(float), frame["lci"].to_numpy(float),
        frame["uci"].to_numpy(float), bench_value.to_numpy(float),
        frame["polarity"].to_numpy(), level=level,
        lci_998=frame[lower].to_numpy(float), uci_998=frame[upper].to_numpy(float))
    return pd.Series(np.asarray(labels, dtype=object).reshape(-1), index=frame.index)


def _spread_results(frame: pd.DataFrame, bench_value: pd.Series) -> pd.Series:
    diff = frame["value"] - bench_value
    labels = np.where(diff > frame["spread"], stats.HIGHER,
                      np.where(diff < -frame["spread"], stats.LOWER, stats.SIMILAR))
    judged = {(stats.HIGHER, stats.HIGHER_IS_BETTER): stats.BETTER,
              (stats.LOWER, stats.HIGHER_IS_BETTER): stats.WORSE,
              (stats.HIGHER, stats.LOWER_IS_BETTER): stats.WORSE,
              (stats.LOWER, stats.LOWER_IS_BETTER): stats.BETTER}
    return pd.Series([judged.get((label, pol), label) for label, pol in
                      zip(labels, frame["polarity"], strict=True)], index=frame.index,
                     dtype=object)


def compare(frame: pd.DataFrame, benchmark: str, level: float,
            at_95: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each row's comparison with one benchmark at one level, with the method, the
    statistic (the spread rule's threshold) and a one-sentence reason.

    The rule, in order: no value, counts/ranks/deciles, no benchmark value, a value the
    source flags unreliable, and a value without a valid interval for an indicator that
    publishes intervals are all ``not_compared`` (with the reason); values with an
    interval are compared by overlapping intervals at the level (99.8% limits derived
    from the published 95% ones); indicators that publish no intervals at all use the
    spread rule (labelled as such, the same at both levels)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    code, name, bench = _benchmark_columns(frame, benchmark)
    bench = pd.to_numeric(bench, errors="coerce")
    reason = _not_compared_reason(frame, benchmark, name, bench)
    result = pd.Series(stats.NOT_COMPARED, index=frame.index, dtype=object)
    method = pd.Series(METHOD_NONE, index=frame.index, dtype=object)
    ci = reason.isna() & frame["has_intervals"].astype(bool)
    spread = reason.isna() & ~frame["has_intervals"].astype(bool)
    if at_95 is not None:
        out = at_95.copy()
        if ci.any():
            out.loc[ci, "result"] = _ci_results(frame[ci], bench[ci], level)
            out.loc[ci, "reason"] = _ci_reasons(frame[ci], name[ci], bench[ci],
                                                out.loc[ci, "result"], level)
        return out
    if ci.any():
        result[ci] = _ci_results(frame[ci], bench[ci], level)
        method[ci] = METHOD_CI
        reason[ci] = _ci_reasons(frame[ci], name[ci], bench[ci], result[ci], level)
    if spread.any():
        result[spread] = _spread_results(frame[spread], bench[spread])
        method[spread] = METHOD_SPREAD
        reason[spread] = _spread_reasons(frame[spread], name[spread], bench[spread],
                                         result[spread])
    return pd.DataFrame({"benchmark_code": code, "benchmark_name": name,
                         "benchmark_value": bench, "result": result, "method": method,
                         "statistic": frame["spread"].where(spread), "reason": reason})


def _bench_text(frame: pd.DataFrame, name: pd.Series, bench: pd.Series) -> pd.Series:
    for column in BENCHMARK_VALUE_COLUMNS.values():
        if f"text_{column}" in frame and frame[column].equals(bench):
            return frame[f"text_{column}"]
    return _formatted(frame.assign(bench=bench), "bench")


def _ci_reasons(frame: pd.DataFrame, name: pd.Series, bench: pd.Series, result: pd.Series,
                level: float) -> pd.Series:
    lower, upper = ("lci", "uci") if level == 0.95 else ("lci_998", "uci_998")
    return _fill(
        "{headline} {name} ({bench}): {name_owner} value is {where} {area_owner} {level} "
        "confidence interval ({lower} to {upper}{derived}).", frame.index,
        headline=result.map(_HEADLINES), name=name, bench=_bench_text(frame, name, bench),
        name_owner=name.map(_owner), where=np.where(result == stats.SIMILAR, "inside",
                                                    "outside"),
        area_owner=frame["area_name"].map(_owner), level=LEVEL_TEXT[level],
        lower=_formatted(frame, lower), upper=_formatted(frame, upper),
        derived="" if level == 0.95 else ", derived from the published 95% interval")


def _spread_reasons(frame: pd.DataFrame, name: pd.Series, bench: pd.Series,
                    result: pd.Series) -> pd.Series:
    shown = frame.assign(gap=frame["value"] - bench)
    gap_text, spread_text = _distinct_differences(shown, "gap", "spread")
    return _fill(
        "{headline} {name} ({bench}): {value} is {gap} {raw}, {relation} the usual spread "
        "between {peers} ({spread}, 1.4826 × the median absolute deviation); no confidence "
        "intervals are published for this indicator, so this is the spread rule, not a "
        "significance test.", frame.index,
        headline=result.map(_HEADLINES), name=name, bench=_bench_text(frame, name, bench),
        value=_formatted(frame, "value"), gap=gap_text,
        raw=np.where(shown["gap"] > 0, "higher", "lower"),
        relation=np.where(result == stats.SIMILAR, "within", "more than"),
        peers=frame["peer_group"].map(PEER_WORDS).fillna("areas of the same type"),
        spread=spread_text)


def _distinct_differences(frame: pd.DataFrame, first: str, second: str
                          ) -> tuple[pd.Series, pd.Series]:
    """Two differences formatted so that the words between them hold: where they round
    to the same text but differ, up to two more decimals are shown ('1.84 ... 1.78', not
    '1.8 ... more than ... 1.8')."""
    a, b = _difference(frame, first), _difference(frame, second)
    plain = frame.drop(columns=[c for c in frame if c.startswith("text_")])
    for extra in (1, 2):
        clash = (a == b) & (frame[first].abs() != frame[second].abs())
        if not clash.any():
            break
        finer = plain[clash].assign(decimals=plain.loc[clash, "decimals"].fillna(1) + extra)
        a, b = a.copy(), b.copy()
        a[clash], b[clash] = _difference(finer, first), _difference(finer, second)
    return a, b
