"""The population files' reader (dashboard/ingest/population.py): the bundled layouts
read into `populations` rows, and a bad row named by file, line, column and value."""

from __future__ import annotations

from pathlib import Path

from dashboard.common.config import DATA_DIR
from dashboard.ingest import population
from dashboard.ingest.loader import parse_file


def test_bundled_files_read_whole() -> None:
    lsoa = parse_file(DATA_DIR / "population" / "lsoa21_census2021_population.csv.gz",
                      DATA_DIR)
    la = parse_file(DATA_DIR / "population" / "la_mye2021_population.csv.gz", DATA_DIR)
    assert lsoa.report.ok and la.report.ok
    assert len(lsoa.populations) == 33755 and set(lsoa.populations["source"]) == {"census2021"}
    oldham = la.populations.set_index("area_code").loc["E08000004"]
    assert (oldham["source"], oldham["year"], oldham["all_ages"], oldham["aged_16_64"]) == \
        ("mye2021", 2021, 242072, 148496)


def test_bad_rows_are_named_by_line_column_and_value(tmp_path: Path) -> None:
    path = tmp_path / "la_population.csv"
    path.write_text("areacd,period,all_ages,aged_16_64\n"
                    "E08000004,2021-06-30,242072,148496\n"
                    "E0800000X,2021-06-30,100,50\n"
                    "E08000010,2021-06-30,-5,1.5\n"
                    "E08000035,2021-06-30,100,200\n", encoding="utf-8")
    parsed = population.parse(path)
    found = {(f.rule, f.line, f.column, f.value) for f in parsed.report.errors}
    assert ("invalid_code", 3, "areacd", "E0800000X") in found
    assert ("invalid_count", 4, "all_ages", "-5") in found
    assert ("invalid_count", 4, "aged_16_64", "1.5") in found
    assert ("inconsistent_count", 5, "aged_16_64", "200") in found
    assert all(f.file == str(path) for f in parsed.report.errors)


def test_other_files_are_not_population_files() -> None:
    assert population.detect(["areacd", "period", "observation", "all_ages",
                              "aged_16_64"]) is None
    assert population.detect(["LSOA21CD", "IMD_score"]) is None
