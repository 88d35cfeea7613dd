"""Write the SYNTHETIC partner-only example dataset in data/examples/.

    python scripts/make_synthetic_example.py

Invented counts of people starting an employment support programme in Oldham
(E08000004): every LSOA, every ward (LSOA -> ward best-fit, from the bundled ONS lookup)
and Oldham itself, for 2023/24 and 2024/25. Ward and Oldham values are the exact sums of
their LSOAs. Nothing here describes real people: the file exists to show partner-only
access (`"access": "partners:oldham"`) and disclosure control, so it is made to have
small counts on purpose:

- many LSOA counts are 0 to 4 (primary suppression);
- the first ward (by code) has exactly one small LSOA count in each year, so another of
  its LSOAs must be suppressed with it (complementary suppression);
- the smallest ward has a total below 5 in each year, so another ward must be suppressed
  within Oldham's total.

Deterministic (numpy seeded): running it again writes the same bytes.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
LOOKUP = ROOT / "data" / "iod" / "lookup_lsoa21_ward24_lad24_rgn24.csv.gz"
OUT_DIR = ROOT / "data" / "examples"
NAME = "example-employment-support-starts"
LAD_CODE, LAD_NAME = "E08000004", "Oldham"
INDICATOR = "Synthetic example employment support starts"
PERIODS = ("2023-04-01/P1Y", "2024-04-01/P1Y")  # 2023/24 and 2024/25
SEED = 20250401
SMALL = 5  # the min_count the metadata sets

METADATA = {
    "dataset_title": "SYNTHETIC EXAMPLE: employment support programme starts (not real data)",
    "access": "partners:oldham",
    "source": "Placeboard synthetic example data",
    "licence": "MIT (as the Placeboard repository): invented data describing no real people",
    "attribution": "Synthetic example data invented by Placeboard (not real data)",
    "min_count": SMALL,
    "indicators": {
        INDICATOR: {
            "title": "Employment support programme starts (synthetic example)",
            "definition": "SYNTHETIC, INVENTED numbers: people starting an employment "
                          "support programme in the year, by where they live. No real "
                          "programme or person is described. Made up to demonstrate "
                          "partner-only access and disclosure control.",
            "unit": "people",
            "measure": "count",
            "value_type": "count",
            "decimals": 0,
            "min_count": SMALL,
            "polarity": "no_judgement",
            "theme": "work and worklessness",
            "caveats": "Not real data. These counts were invented by a script "
                       "(scripts/make_synthetic_example.py) to demonstrate partner-only "
                       "access and disclosure control: many small-area counts are "
                       "deliberately below 5, so public outputs would suppress them. Do "
                       "not use them for any decision.",
        },
    },
}


def oldham_lsoas() -> pd.DataFrame:
    """Oldham's LSOAs with their best-fit ward, ordered by code."""
    lookup = pd.read_csv(LOOKUP, usecols=["LSOA21CD", "LSOA21NM", "WD24CD", "WD24NM",
                                          "LAD24CD"])
    lsoas = lookup[lookup["LAD24CD"] == LAD_CODE].sort_values("LSOA21CD")
    return lsoas.reset_index(drop=True)


def lsoa_counts(lsoas: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Counts per LSOA (rows) and period (columns)."""
    # Each LSOA has its own level of need (gamma), with Poisson noise around it each
    # year: about a third of counts come out 0-4, as small-area counts of a local
    # programme would.
    level = rng.gamma(shape=2.0, scale=4.0, size=len(lsoas))
    growth = np.array([1.0, 1.1])
    counts = rng.poisson(level[:, None] * growth[None, :])
    ward_sizes = lsoas.groupby("WD24CD").size()
    small_ward = ward_sizes.sort_values(kind="stable").index[0]   # fewest LSOAs, then code
    one_small_ward = next(w for w in sorted(ward_sizes.index) if w != small_ward)
    # The ward with exactly one small LSOA count in each year.
    rows = np.flatnonzero(lsoas["WD24CD"] == one_small_ward)
    counts[rows] = np.maximum(counts[rows], SMALL + 1)
    counts[rows[0]] = (2, 3)
    # The ward whose total is below 5 in each year.
    rows = np.flatnonzero(lsoas["WD24CD"] == small_ward)
    pattern = np.array([[1, 0], [0, 2], [2, 0], [0, 0], [1, 1]])
    counts[rows] = np.resize(pattern, (len(rows), 2)) if len(rows) > len(pattern) \
        else pattern[:len(rows)]
    if counts[rows].sum(axis=0).max() >= SMALL:
        raise AssertionError("the small ward should total fewer than 5")
    return counts


def rows(lsoas: pd.DataFrame, counts: np.ndarray) -> list[dict]:
    """Oldham, its wards and its LSOAs, for each period; totals are exact sums."""
    out = []
    wards = lsoas[["WD24CD", "WD24NM"]].drop_duplicates().sort_values("WD24CD")
    for column, period in enumerate(PERIODS):
        by_lsoa = pd.Series(counts[:, column], index=lsoas.index)
        ward_totals = by_lsoa.groupby(lsoas["WD24CD"]).sum()
        out.append({"area_code": LAD_CODE, "area_name": LAD_NAME, "period": period,
                    "value": int(by_lsoa.sum())})
        out += [{"area_code": code, "area_name": name, "period": period,
                 "value": int(ward_totals[code])}
                for code, name in wards.itertuples(index=False)]
        out += [{"area_code": code, "area_name": name, "period": period, "value": int(value)}
                for code, name, value in zip(lsoas["LSOA21CD"], lsoas["LSOA21NM"], by_lsoa,
                                             strict=True)]
    return out


def main() -> None:
    rng = np.random.default_rng(SEED)
    lsoas = oldham_lsoas()
    counts = lsoa_counts(lsoas, rng)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with open(OUT_DIR / f"{NAME}.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, ["indicator", "area_code", "area_name", "period",
                                         "value"], lineterminator="\n")
        writer.writeheader()
        for row in rows(lsoas, counts):
            writer.writerow({"indicator": INDICATOR, **row})
    (OUT_DIR / f"{NAME}.json").write_text(json.dumps(METADATA, indent=2) + "\n",
                                          encoding="utf-8")
    small = (counts > 0) & (counts < SMALL)
    print(f"wrote {OUT_DIR / NAME}.csv and .json: {len(lsoas)} LSOAs, "
          f"{lsoas['WD24CD'].nunique()} wards, {len(PERIODS)} periods; "
          f"{int(small.sum())} LSOA counts from 1 to {SMALL - 1}")


if __name__ == "__main__":
    main()
