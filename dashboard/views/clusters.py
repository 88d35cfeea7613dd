"""Where a measure clusters and how unequal a place is: the page models behind the
neighbourhood map's hot-spot layer, its funnel plot and its slope index of inequality.

Pure: frames from the store in, rows and sentences out. The statistics are in
dashboard/methods/stats (hotspots, funnel, inequality)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.methods.stats import funnel, hotspots, inequality
from dashboard.views import maps as mapping

ENGLAND = "E92000001"
HOT_WORDS = ("Hot spot: a cluster of high values, statistically clear after allowing for "
             "many tests")
COLD_WORDS = ("Cold spot: a cluster of low values, statistically clear after allowing for "
              "many tests")
METHOD_WORDS = (
    f"Getis-Ord Gi* (PySAL esda) on each neighbourhood and the neighbourhoods touching it "
    f"(Queen contiguity: sharing an edge or a corner; weights row-standardised), tested "
    f"against {hotspots.PERMUTATIONS:,} random rearrangements of the place's values (seed "
    f"{hotspots.SEED}). A neighbourhood is a hot or cold spot when its result stays clear "
    f"at 95% after a false-discovery-rate correction (Benjamini-Hochberg, 5%) for testing "
    f"every neighbourhood at once. Hot spots are clusters within this place, compared with "
    f"the place itself, not with England.")


@dataclass(frozen=True)
class CountMeasure:
    """An IoD 2025 rate whose numerator is published, with the Census 2021 denominator
    this dashboard divides it by."""

    rate: str
    numerator: str
    denominator: str  # a column of store.lsoa_counts
    name: str
    people: str
    denominator_words: str


COUNT_MEASURES = {
    "employment": CountMeasure(
        "iod-employment-score", "iod-employment-domain-numerator", "census_aged_16_64",
        "Employment deprivation", "employment-deprived people",
        "usual residents aged 16 to 64"),
    "income": CountMeasure(
        "iod-income-score", "iod-income-domain-numerator", "census_all_ages",
        "Income deprivation", "income-deprived people",
        "usual residents of all ages"),
}


def count_measure(measure: str | None) -> CountMeasure:
    """The counted measure for the map's measure: its own domain's where that is
    Employment or Income, else Employment (the worklessness rate)."""
    domain = mapping.measure_domain(measure)
    if domain in COUNT_MEASURES:
        return COUNT_MEASURES[domain]
    for counted in COUNT_MEASURES.values():
        if measure == counted.numerator:
            return counted
    return COUNT_MEASURES["employment"]


def hotspot_measure(measure: str | None) -> str:
    """The measure Gi* is run on: the map's measure, or its domain's score where the map
    shows a rank or a decile (a sum of ranks is no cluster of values)."""
    measure = measure or mapping.DEFAULT_MEASURE
    domain = mapping.measure_domain(measure)
    if domain and not measure.endswith("-score"):
        return f"iod-{domain}-score"
    return measure


def marks(hot: pd.DataFrame) -> dict:
    """The codes the map marks, with the words its tooltip gives them: {"hot": [...],
    "cold": [...], "hot_text", "cold_text"} (assets/maps.js)."""
    words = {"hot_text": HOT_WORDS, "cold_text": COLD_WORDS}
    if hot.empty:
        return {"hot": [], "cold": [], **words}
    return {"hot": hot.loc[hot["label"] == hotspots.HOT, "area_code"].tolist(),
            "cold": hot.loc[hot["label"] == hotspots.COLD, "area_code"].tolist(), **words}


def hotspot_rows(hot: pd.DataFrame, names: pd.DataFrame, fmt: dict) -> list[list[str]]:
    """The text alternative: every hot spot then every cold spot (strongest first), as
    [kind, neighbourhood, code, ward, value, z-score]."""
    if hot.empty:
        return []
    about = names.drop_duplicates("area_code").set_index("area_code")
    clear = hot[hot["label"] != hotspots.NEITHER].copy()
    clear["order"] = np.where(clear["label"] == hotspots.HOT, -clear["z_score"],
                              1000 + clear["z_score"])
    rows = []
    for row in clear.sort_values("order").itertuples():
        name = about["area_name"].get(row.area_code, row.area_code)
        ward = about["ward_name"].get(row.area_code) if "ward_name" in about else None
        rows.append(["Hot spot" if row.label == hotspots.HOT else "Cold spot", name,
                     row.area_code, ward if isinstance(ward, str) else "—",
                     mapping.format_display(row.value, fmt), f"{row.z_score:.1f}"])
    return rows


def hotspot_summary(hot: pd.DataFrame, place: str, measure_title: str) -> str:
    """One sentence: how many hot and cold spots, of how many neighbourhoods."""
    if hot.empty:
        return (f"{place} has too few neighbourhoods with a value of {measure_title} to "
                "look for hot spots.")
    n_hot = int((hot["label"] == hotspots.HOT).sum())
    n_cold = int((hot["label"] == hotspots.COLD).sum())
    if n_hot + n_cold == 0:
        return (f"No clear hot or cold spots of {measure_title} among {len(hot):,} "
                f"neighbourhoods in {place}: no cluster stands out after allowing for many "
                "tests.")
    return (f"{_count(n_hot, 'hot spot')} and {_count(n_cold, 'cold spot')} of "
            f"{measure_title} among {len(hot):,} neighbourhoods in {place} (clear at 95% "
            "after allowing for many tests).")


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def percent(value: float, decimals: int = 1) -> str:
    return f"{100 * value:.{decimals}f}%"


def counted_rows(counts: pd.DataFrame, counted: CountMeasure) -> tuple[pd.DataFrame, list[str]]:
    """The LSOAs with a count and a denominator (numerator, denominator columns added),
    and sentences about any left out: withheld counts, no denominator, or a count above
    its denominator (different populations and years)."""
    frame = counts.assign(denominator=counts[counted.denominator].astype(float),
                          numerator=counts["numerator"].astype(float))
    notes: list[str] = []
    withheld = frame["numerator"].isna()
    if withheld.any():
        notes.append(f"{_count(int(withheld.sum()), 'neighbourhood')} left out: the "
                     "publisher withheld the count.")
    no_base = ~withheld & ~(frame["denominator"] > 0)
    if no_base.any():
        notes.append(f"{_count(int(no_base.sum()), 'neighbourhood')} left out: no Census "
                     "2021 population.")
    above = ~withheld & ~no_base & (frame["numerator"] > frame["denominator"])
    if above.any():
        notes.append(f"{_count(int(above.sum()), 'neighbourhood')} left out: more "
                     f"{counted.people} counted than {counted.denominator_words} in 2021.")
    return frame[~withheld & ~no_base & ~above].reset_index(drop=True), notes


def derived_rate_note(counted: CountMeasure, period_label: str, census_year: int) -> str:
    """What the rates on the funnel and inequality charts are, and why they differ from
    the IoD's own rates."""
    return (f"Rates here are derived: {counted.people} ({period_label}, counts rounded to "
            f"5 by MHCLG) divided by {counted.denominator_words} (Census {census_year}). "
            "IoD 2025 publishes no population denominators, "
            "so these rates differ a little from the IoD's own rates on the map.")


# --- funnel plot --------------------------------------------------------------------------

OUTLIER_WORDS = {
    funnel.HIGH_998: "Higher than the place's rate (outside the 99.8% limits)",
    funnel.HIGH_95: "Higher than the place's rate (outside the 95% limits)",
    funnel.LOW_998: "Lower than the place's rate (outside the 99.8% limits)",
    funnel.LOW_95: "Lower than the place's rate (outside the 95% limits)",
    funnel.WITHIN: "Within the limits",
}


def funnel_model(counts: pd.DataFrame, counted: CountMeasure, place: str) -> dict:
    """The funnel plot of a place's LSOAs: points (with names and outlier words), the
    limits to draw, the place's rate, the named outliers and sentences."""
    frame, notes = counted_rows(counts, counted)
    if frame.empty:
        return {"points": None, "notes": notes + [f"No neighbourhood in {place} has a "
                                                  f"count of {counted.people}."]}
    points, average = funnel.funnel_points(frame)
    points["words"] = points["outlier"].map(OUTLIER_WORDS)
    curve = funnel.funnel_curve(points["denominator"].min(), points["denominator"].max(),
                                average)
    outside = points[points["outlier"] != funnel.WITHIN]
    high = int(outside["outlier"].isin([funnel.HIGH_95, funnel.HIGH_998]).sum())
    low = len(outside) - high
    beyond = int(points["outlier"].isin([funnel.HIGH_998, funnel.LOW_998]).sum())
    sentences = [
        f"{place}'s rate: {percent(average)} ({points['numerator'].sum():,.0f} "
        f"{counted.people} of {points['denominator'].sum():,.0f} "
        f"{counted.denominator_words}).",
        f"{high:,} of {len(points):,} neighbourhoods are above the 95% limits and {low:,} "
        f"below; {beyond:,} are outside the 99.8% limits.",
    ]
    if beyond > 0.1 * len(points):
        sentences.append(
            "Many neighbourhoods fall outside the limits: neighbourhoods differ far more "
            "than chance alone would make them (over-dispersion), so the limits show which "
            "are furthest from the place's rate rather than which are unusual.")
    order = outside.assign(gap=(outside["proportion"] - average).abs()) \
        .sort_values("gap", ascending=False)
    rows = [[row.area_name, row.area_code, percent(row.proportion),
             f"{row.numerator:,.0f} of {row.denominator:,.0f}", OUTLIER_WORDS[row.outlier]]
            for row in order.itertuples()]
    return {"points": points, "curve": curve, "average": average, "rows": rows,
            "sentences": sentences, "notes": notes}


# --- the slope index of inequality ------------------------------------------------------

def inequality_model(counts: pd.DataFrame, counted: CountMeasure, place: str) -> dict:
    """The SII of a place's rate across its LSOAs' national IMD deciles: the result (or
    why there is none), the deciles as rows and sentences."""
    frame, notes = counted_rows(counts, counted)
    frame = frame.dropna(subset=["imd_decile"]).rename(columns={"imd_decile": "decile"})
    present = sorted(int(d) for d in frame["decile"].unique())
    missing = [d for d in range(1, 11) if d not in present]
    if missing:
        notes.append(f"{place} has no neighbourhoods in national decile"
                     f"{'s' if len(missing) > 1 else ''} {_list(missing)}; the SII is worked "
                     f"out over the {len(present)} deciles it has.")
    try:
        result = inequality.slope_index(frame)
    except ValueError as problem:
        return {"result": None, "notes": [*notes, f"No slope index of inequality for "
                                                  f"{place}: {problem}."]}
    rows = [[_decile_words(int(r.decile)), f"{r.numerator:,.0f}", f"{r.denominator:,.0f}",
             percent(r.value), f"{percent(r.lower)} to {percent(r.upper)}"]
            for r in result.deciles.itertuples()]
    clear = result.lower > 0 or result.upper < 0
    direction = "higher" if result.sii > 0 else "lower"
    sentences = [
        f"Slope index of inequality: {100 * result.sii:.1f} percentage points (95% "
        f"confidence interval {100 * result.lower:.1f} to {100 * result.upper:.1f}).",
        f"Across {place}, the {counted.name.lower()} rate is {abs(100 * result.sii):.1f} "
        f"percentage points {direction} in the most deprived neighbourhoods than in the "
        "least deprived, on the line fitted across all the deciles"
        + ("." if clear else ", but the difference is not statistically clear."),
    ]
    return {"result": result, "rows": rows, "sentences": sentences, "notes": notes}


def _decile_words(decile: int) -> str:
    if decile == 1:
        return "1 (most deprived 10%)"
    return "10 (least deprived 10%)" if decile == 10 else str(decile)


def _list(numbers: list[int]) -> str:
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


SII_METHOD_WORDS = (
    "The slope index of inequality (SII) as Fingertips reports it (PHEindicatormethods "
    "phe_sii): neighbourhoods are grouped by their national Index of Multiple Deprivation "
    "2025 decile, each decile placed at the middle of its share of the place's population "
    "(0 = most deprived, 1 = least deprived), and a line fitted by least squares weighted "
    "by population. The SII is the fitted difference between the most and the least "
    f"deprived ends. Its 95% interval is phe_sii's Monte Carlo method: "
    f"{inequality.REPETITIONS:,} simulated sets of decile rates (from their 95% Wilson "
    f"intervals, on the logit scale; seed {inequality.SEED}).")
