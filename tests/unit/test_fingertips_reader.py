"""The Fingertips reader on the three real exports bundled in data/fingertips/ (their
README lists the quirks: 26- and 27-column layouts, a line break inside every quoted
indicator name of file 2, rows shorter than the header, CRLF and LF, blank is not zero,
a real zero, 99.8% limits, counts that are not whole numbers, superseded codes)."""

from __future__ import annotations

import csv
import io
import math
from datetime import date
from pathlib import Path

import pytest

from dashboard.common.config import DATA_DIR
from dashboard.ingest import fingertips
from dashboard.ingest.fingertips_metadata import UNKNOWN_UNIT, fingertips_period
from dashboard.ingest.loader import parse_file
from dashboard.methods.quality import EndedArea

FOLDER = DATA_DIR / "fingertips"
EAST_MIDLANDS = FOLDER / "countyua_pre419_east_midlands_8_indicators.csv"
CAMPYLOBACTER = FOLDER / "countyua_campylobacter_93356.csv"
ALCOHOL = FOLDER / "api_93532_unmet_alcohol_excerpt.csv"


def file_rows(path: Path) -> list[dict[str, str]]:
    """The file's records as the csv module reads them (the reference)."""
    return list(csv.DictReader(io.StringIO(path.read_text(), newline="")))


def parsed(path: Path, **options):
    result = fingertips.parse(path, {}, None, options.get("ended", {}))
    assert result.report.ok, [f.text() for f in result.report.errors]
    return result


def number(text: str) -> float | None:
    return float(text) if text.strip() else None


@pytest.mark.parametrize(("path", "records"), [(EAST_MIDLANDS, 87), (CAMPYLOBACTER, 852),
                                               (ALCOHOL, 17)])
def test_every_record_of_each_export_is_read(path: Path, records: int) -> None:
    result = parsed(path)
    assert result.rows == records
    assert len(result.breakdowns) == records
    assert result.format == "fingertips_csv"


def test_the_loader_knows_a_fingertips_export_by_its_header() -> None:
    assert parse_file(ALCOHOL, DATA_DIR).format == "fingertips_csv"


def test_a_line_break_inside_the_quoted_name_does_not_split_records() -> None:
    raw = CAMPYLOBACTER.read_bytes()
    assert raw.count(b"\r\n") == 853 and raw.count(b"\n") == 1705  # as the README says
    result = parsed(CAMPYLOBACTER)
    (indicator,) = result.indicators
    assert indicator["indicator_id"] == "fingertips-93356"
    assert indicator["title"] == "Campylobacter incidence rate/100,000"
    # each record is named by the line it starts on: two physical lines per record
    lines = raw.decode().split("\r\n")
    assert result.observations["line"].iloc[0] == 2
    for line in result.observations["line"]:
        assert lines[(line - 2) // 2 + 1].startswith('93356,"Campylobacter incidence rate/100,000\n')


def test_short_rows_read_their_missing_trailing_field_as_blank_and_say_so() -> None:
    result = parsed(CAMPYLOBACTER)
    (short,) = [f for f in result.report.findings if f.rule == "short_row"]
    assert (short.severity, short.line, short.column, short.value) == \
        ("warning", 2, "Compared to goal", "852")
    england = result.breakdowns[(result.breakdowns["area_code"] == "E92000001")
                                & (result.breakdowns["period_label"] == "2015")
                                & (result.breakdowns["category"] == "")
                                & (result.breakdowns["age"] == "All ages")].iloc[0]
    assert (england["value"], england["lci"], england["uci"]) == \
        (94.7261896202678, 93.9129396546008, 95.5447303303505)
    assert (england["numerator"], england["denominator"]) == (51897, 54786327)


def test_blank_is_not_available_never_zero_and_a_real_zero_stays_zero() -> None:
    campylobacter = parsed(CAMPYLOBACTER).breakdowns
    scilly = campylobacter[campylobacter["area_code"] == "E06000053"]
    assert len(scilly) == 5
    for column in ("value", "lci", "uci", "numerator", "denominator"):
        assert scilly[column].isna().all(), column
    assert set(scilly["note"]) == {"Value for Cornwall & Isles of Scilly combined"}
    headline = parsed(CAMPYLOBACTER).observations
    assert set(headline.loc[headline["area_code"] == "E06000053", "status"]) == {"x"}
    east_midlands = parsed(EAST_MIDLANDS).breakdowns
    rutland = east_midlands[(east_midlands["indicator_id"] == "fingertips-1730")
                            & (east_midlands["area_code"] == "E06000017")].iloc[0]
    assert rutland["value"] == 0.0 and not math.isnan(rutland["value"])
    unemployment = east_midlands[east_midlands["indicator_id"] == "fingertips-91126"]
    assert unemployment["denominator"].isna().all()
    assert unemployment["numerator"].notna().all()
    # the whole file: blank in the file <=> null in the store, column by column
    for column, name in (("lci", "Lower CI 95.0 limit"), ("numerator", "Count"),
                         ("denominator", "Denominator"), ("lci99", "Lower CI 99.8 limit")):
        blanks = [not row[name].strip() for row in file_rows(EAST_MIDLANDS)]
        assert east_midlands[column].isna().tolist() == blanks, column
    assert east_midlands["lci"].notna().sum() == 63 and east_midlands["lci99"].notna().sum() == 22


def test_the_99_8_percent_limits_of_indicator_10101_are_kept() -> None:
    stored = parsed(EAST_MIDLANDS).breakdowns
    stored = stored[stored["indicator_id"] == "fingertips-10101"].set_index("area_code")
    published = [row for row in file_rows(EAST_MIDLANDS) if row["Indicator ID"] == "10101"]
    assert len(published) == len(stored) == 11
    for row in published:
        mine = stored.loc[row["Area Code"]]
        assert (mine["lci99"], mine["uci99"], mine["lci"], mine["uci"]) == (
            number(row["Lower CI 99.8 limit"]), number(row["Upper CI 99.8 limit"]),
            number(row["Lower CI 95.0 limit"]), number(row["Upper CI 95.0 limit"]))
        assert mine["lci99"] <= mine["lci"] < mine["uci"] <= mine["uci99"]
    # England's value is published as '17' (17.0 with its zero dropped) with limits of
    # 17.025 to 17.072: within half a unit of its last place, so no interval error
    assert stored.loc["E92000001", "value"] == 17.0


def test_the_27_column_api_layout_reads_with_counts_that_are_not_whole() -> None:
    result = parsed(ALCOHOL)
    assert not result.report.findings
    rows = result.breakdowns.set_index(["area_code", "period_label"])
    warwickshire = rows.loc[("E10000031", "2018/19")]
    assert (warwickshire["numerator"], warwickshire["denominator"]) == \
        (4018.333333, 5029.333333)
    assert warwickshire["period_start"].date() == date(2018, 4, 1)
    assert set(result.breakdowns["age"]) == {"18+ yrs"}
    (indicator,) = result.indicators
    assert (indicator["value_type"], indicator["unit"], indicator["polarity"]) == \
        ("percentage", "%", "lower_is_better")  # Redcar: 'Better' below England's value
    assert "Headline values are for Persons, 18+ yrs" in indicator["caveats"]


def test_columns_are_found_by_name_in_any_order_and_with_fingertipsr_names(
        tmp_path: Path) -> None:
    """fingertipsR's names (spaces removed) and another parent comparison column, in a
    different order: the same rows."""
    renamed = {"Indicator ID": "IndicatorID", "Lower CI 95.0 limit": "LowerCI95.0limit",
               "Value note": "Valuenote", "Time period": "Timeperiod",
               "Compared to Region value or percentiles": "Compared to percentiles"}
    rows = list(csv.reader(io.StringIO(EAST_MIDLANDS.read_text(), newline="")))
    order = list(reversed(range(len(rows[0]))))
    header = [renamed.get(name, name) for name in rows[0]]
    out = io.StringIO()
    writer = csv.writer(out)
    for row in [header, *rows[1:]]:
        writer.writerow([row[i] for i in order])
    path = tmp_path / "indicators-CountyUApre419.data.csv"
    path.write_text(out.getvalue())
    mine, original = parsed(path).breakdowns, parsed(EAST_MIDLANDS).breakdowns
    assert mine.equals(original)


def test_deprivation_deciles_run_from_most_to_least_deprived() -> None:
    rows = parsed(CAMPYLOBACTER).breakdowns
    deciles = rows[(rows["category_type"] == "County & UA deprivation deciles in England "
                                             "(IMD2015)") & (rows["period_label"] == "2015")]
    by_order = deciles.sort_values("category_order")
    assert by_order["category_order"].tolist() == list(range(1, 11))
    assert by_order["category"].iloc[0] == "Most deprived decile (IMD2015)"
    assert by_order["category"].iloc[5] == "Fifth less deprived decile (IMD2015)"
    assert by_order["category"].iloc[9] == "Least deprived decile (IMD2015)"
    assert deciles["lci"].isna().all()  # aggregates: published without intervals
    assert rows.loc[rows["category"] == "", "category_order"].isna().all()


def test_the_headline_is_persons_all_ages_without_a_category() -> None:
    result = parsed(CAMPYLOBACTER)
    assert len(result.observations) == 546 - 60  # All ages rows less the deciles
    rows = result.breakdowns
    assert (rows["age"] == "0-9 yrs").sum() == 306 and (rows["category"] != "").sum() == 60
    (indicator,) = result.indicators
    assert "Headline values are for Persons, All ages" in indicator["caveats"]
    assert "age (0-9 yrs)" in indicator["caveats"]
    assert "County & UA deprivation deciles in England (IMD2015)" in indicator["caveats"]
    assert (indicator["value_type"], indicator["unit"], indicator["polarity"]) == \
        ("rate", "Rate per 100,000", "lower_is_better")


def test_not_applicable_sex_and_age_is_a_real_value() -> None:
    result = parsed(EAST_MIDLANDS)
    homelessness = result.breakdowns[result.breakdowns["indicator_id"] == "fingertips-11501"]
    assert set(homelessness["sex"]) == {"Not applicable"}
    assert set(homelessness["age"]) == {"Not applicable"}
    assert (result.observations["indicator_id"] == "fingertips-11501").sum() == 11


@pytest.mark.parametrize(("fingertips_id", "value_type", "unit"), [
    ("91872", "score", None), ("1730", "percentage", "%"), ("10101", None, None),
    ("90402", "rate", "Rate per 10,000"), ("11501", "rate", "Rate per 1,000"),
    ("11202", "rate", "Rate per 1,000"), ("92863", None, None), ("91126", None, None),
])
def test_units_come_only_from_what_the_name_says(fingertips_id, value_type, unit) -> None:
    by_id = {i["indicator_id"]: i for i in parsed(EAST_MIDLANDS).indicators}
    indicator = by_id[f"fingertips-{fingertips_id}"]
    assert (indicator["value_type"], indicator["unit"]) == (value_type, unit)
    assert (UNKNOWN_UNIT in indicator["caveats"]) == (value_type is None)
    # Higher / Lower / Similar only: no judgement
    assert indicator["polarity"] == "no_judgement"
    assert indicator["source_url"] == "https://fingertips.phe.org.uk"
    assert "Office for Health Improvement and Disparities" in indicator["attribution"]


@pytest.mark.parametrize(("text", "start", "duration", "label"), [
    ("2015", date(2015, 1, 1), "P1Y", "2015"),
    ("2017/18", date(2017, 4, 1), "P1Y", "2017/18"),
    ("2019 - 21", date(2019, 1, 1), "P3Y", "2019-2021"),
    ("1998 - 02", date(1998, 1, 1), "P5Y", "1998-2002"),
    ("2016/17 - 18/19", date(2016, 4, 1), "P3Y", "2016/17-2018/19"),
    ("2019 Q2", date(2019, 4, 1), "P3M", "Apr-Jun 2019"),
    ("2019/20 Q4", date(2020, 1, 1), "P3M", "Jan-Mar 2020"),
])
def test_fingertips_periods(text, start, duration, label) -> None:
    period = fingertips_period(text)
    assert (period.start, period.duration, period.label) == (start, duration, label)


@pytest.mark.parametrize("text", ["2019 - 19", "2016/17 - 18/20", "Summer 2019", "2019/21"])
def test_a_period_fingertips_does_not_write_is_refused(text) -> None:
    with pytest.raises(ValueError, match="2019 - 21|should|expected"):
        fingertips_period(text)


def test_a_superseded_code_keeps_its_values_and_is_warned_about_naming_its_successor() -> None:
    dorset = EndedArea("Dorset", 2018, (("E06000059", "Dorset"),))
    result = parsed(CAMPYLOBACTER, ended={"E10000009": dorset})
    (warning,) = [f for f in result.report.findings if f.rule == "obsolete_code"]
    first = next(i for i, row in enumerate(file_rows(CAMPYLOBACTER))
                 if row["Area Code"] == "E10000009")
    assert (warning.severity, warning.line, warning.column, warning.value) == \
        ("warning", 2 + 2 * first, "Area Code", "E10000009")
    assert "replaced by E06000059 Dorset in 2019" in warning.message
    assert (result.breakdowns["area_code"] == "E10000009").sum() == 5
    assert "E06000059" not in set(result.breakdowns["area_code"])


def write(tmp_path: Path, change) -> Path:
    """File 3 with one record changed by `change(fields)`."""
    rows = list(csv.reader(io.StringIO(ALCOHOL.read_text(), newline="")))
    change(rows[5])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path = tmp_path / "indicator-data.csv"
    path.write_text(out.getvalue())
    return path


@pytest.mark.parametrize(("index", "bad", "rule", "column"), [
    (12, "82.3O", "non_numeric", "Value"),
    (17, "-", "non_numeric", "Count"),
    (11, "2019/2020", "bad_period", "Time period"),
    (4, "E0600OOO1", "invalid_code", "Area Code"),
    (0, "", "missing_columns", "Indicator ID"),
])
def test_a_bad_field_is_an_error_naming_file_line_column_and_value(tmp_path, index, bad,
                                                                   rule, column) -> None:
    def change(fields: list[str]) -> None:
        fields[index] = bad

    path = write(tmp_path, change)
    result = fingertips.parse(path, {}, None, {})
    (error,) = result.report.errors
    assert (error.rule, error.file, error.line, error.column, error.value) == \
        (rule, str(path), 6, column, bad)


def test_a_row_longer_than_the_header_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, lambda fields: fields.append("extra"))
    (error,) = fingertips.parse(path, {}, None, {}).report.errors
    assert (error.rule, error.line) == ("missing_columns", 6)
    assert "28 fields but the header has 27" in error.message
