"""Population denominators (ONS): Census 2021 usual residents by LSOA 2021 and the
mid-2021 population estimates by local authority, county, combined authority and region
(data/population/, described in data/SOURCES.md section 7). They become the store's
`populations` table: one row per area and source, with all ages and ages 16 to 64."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.ingest.files import Parsed, sha256_of
from dashboard.ingest.iod import _check_codes, _numeric, _read
from dashboard.ingest.stream import csv_header
from dashboard.methods.quality import QualityReport

CENSUS_2021 = "census2021"
MYE_2021 = "mye2021"
# What each source is called wherever a figure rests on it.
SOURCE_WORDS = {CENSUS_2021: "Census 2021 usual residents (ONS)",
                MYE_2021: "mid-2021 population estimate (ONS)"}
# file kind: (code column, all-ages column, source)
LAYOUTS = {"population_lsoa": ("LSOA21CD", "total", CENSUS_2021),
           "population_la": ("areacd", "all_ages", MYE_2021)}
COLUMNS = ["area_code", "source", "year", "all_ages", "aged_16_64"]


def detect(header: list[str]) -> str | None:
    """population_lsoa or population_la for a population file's header, else None."""
    cols = set(header)
    if {"LSOA21CD", "total", "aged_16_64"} <= cols:
        return "population_lsoa"
    if {"areacd", "period", "all_ages", "aged_16_64"} <= cols and "observation" not in cols:
        return "population_la"
    return None


def parse(path: Path) -> Parsed | None:
    """A population file parsed into `populations` rows; None for any other file. Every
    bad row is an error naming its line, column and value."""
    kind = detect(csv_header(path))
    if kind is None:
        return None
    code, total, source = LAYOUTS[kind]
    frame = _read(path)
    report = QualityReport(str(path), rows_read=len(frame))
    parsed = Parsed(str(path), kind, sha256_of(path), report)
    frame = _check_codes(report, frame, code)
    counts = {column: _numeric(report, frame, column) for column in (total, "aged_16_64")}
    for column, values in counts.items():
        bad = values.notna() & ((values < 0) | (values != values.round()))
        for _, row in frame[bad].iterrows():
            report.error("invalid_count", "expected a whole number of people, 0 or more",
                         line=int(row["line"]), column=column, value=row[column])
        counts[column] = values.mask(bad)  # an error: the file is not written
    over = counts["aged_16_64"] > counts[total]
    for _, row in frame[over].iterrows():
        report.error("inconsistent_count", f"aged_16_64 is more than {total}",
                     line=int(row["line"]), column="aged_16_64", value=row["aged_16_64"])
    parsed.populations = pd.DataFrame({
        "area_code": frame[code], "source": source, "year": 2021,
        "all_ages": counts[total].astype("Int64"),
        "aged_16_64": counts["aged_16_64"].astype("Int64")})[COLUMNS]
    return parsed
