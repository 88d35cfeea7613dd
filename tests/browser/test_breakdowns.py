"""The indicator page's breakdowns in real headless Chromium: Campylobacter incidence
(Fingertips 93356) for England by deprivation decile, and by age for Dorset's pre-2019
county, with their intervals, equal to the bundled export; a superseded area says so;
a small count is withheld for the public with the one label."""

from __future__ import annotations

import csv
import io

from selenium.webdriver.common.by import By

from dashboard.common.config import DATA_DIR
from dashboard.methods.disclosure import WITHHELD_LABEL
from tests.browser.conftest import console_errors, wait_until

TIMEOUT = 20
EXPORT = DATA_DIR / "fingertips" / "countyua_campylobacter_93356.csv"
DECILES = "County & UA deprivation deciles in England (IMD2015)"
ORDER = ["Most deprived", "Second most deprived", "Third more deprived", "Fourth more deprived",
         "Fifth more deprived", "Fifth less deprived", "Fourth less deprived",
         "Third less deprived", "Second least deprived", "Least deprived"]


def published(area: str, period: str) -> list[dict[str, str]]:
    rows = csv.DictReader(io.StringIO(EXPORT.read_text(), newline=""))
    return [r for r in rows if r["Area Code"] == area and r["Time period"] == period]


def shown(value: str) -> str:
    """A rate as the page shows it (one decimal place, as published to more)."""
    return f"{float(value):,.1f}"


def table_rows(dash_duo, table_id: str) -> dict[str, list[str]]:
    """A table's rows by their label: the text of each cell after it."""
    table = dash_duo.find_element(f"#{table_id}")
    return {row.find_element(By.TAG_NAME, "th").text:
            [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
            for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")}


def open_page(dash_duo, query: str) -> None:
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/indicator/fingertips-93356?{query}")
    dash_duo.wait_for_element("#indicator-breakdowns-heading", timeout=TIMEOUT)


def table_with_caption(dash_duo, words: str) -> str:
    """The id of the breakdown table whose caption ends with `words`."""
    wait_until(lambda: any(t.find_element(By.TAG_NAME, "caption").text.endswith(words)
                           for t in dash_duo.find_elements("#indicator-breakdowns table")),
               TIMEOUT)
    return next(t.get_attribute("id") for t in dash_duo.find_elements(
        "#indicator-breakdowns table")
        if t.find_element(By.TAG_NAME, "caption").text.endswith(words))


def test_breakdowns_by_decile_and_age_show_with_their_intervals(dash_duo, app):
    dash_duo.start_server(app)
    open_page(dash_duo, "area=E92000001")
    assert dash_duo.find_element("#indicator-breakdowns-heading").text == \
        "Breakdowns for England, 2017"
    deciles = table_rows(dash_duo, table_with_caption(dash_duo, DECILES))
    expected = [r for r in published("E92000001", "2017") if r["Category Type"] == DECILES]
    assert list(deciles) == [f"{words} decile (IMD2015)" for words in ORDER]
    assert len(expected) == 10
    for row in expected:
        value, ci95, count, denominator, note = deciles[row["Category"]]
        assert value == shown(row["Value"])
        assert ci95 == "no interval published"  # aggregates: the export has none
        assert count == f"{int(row['Count']):,}"
        assert denominator == f"{int(row['Denominator']):,}"
        assert note == row["Value note"]
    chart = dash_duo.find_element("#indicator-breakdowns figure")
    assert "Dots for 10 values" in chart.find_element(By.CSS_SELECTOR, ".chart-alt") \
        .get_attribute("textContent")
    assert "Office for Health Improvement and Disparities" in chart.text

    # Dorset's pre-2019 county, 2016: All ages and 0-9 yrs, each with its 95% interval
    open_page(dash_duo, "area=E10000009&period=2016")
    note = dash_duo.find_element("#indicator-breakdowns-superseded").text
    assert note == ("Dorset (E10000009) was replaced by Dorset (E06000059) in 2019; these "
                    "values are for the old area.")
    ages = table_rows(dash_duo, table_with_caption(dash_duo, "By age (Persons)"))
    assert list(ages) == ["All ages", "0-9 yrs"]
    for row in (r for r in published("E10000009", "2016") if not r["Category"]):
        value, ci95, count, denominator, _note = ages[row["Age"]]
        assert value == shown(row["Value"])
        assert ci95 == f"{shown(row['Lower CI 95.0 limit'])} to " \
                       f"{shown(row['Upper CI 95.0 limit'])}"
        assert (count, denominator) == (f"{int(row['Count']):,}",
                                        f"{int(row['Denominator']):,}")
    assert console_errors(dash_duo) == []


def test_a_small_count_of_a_breakdown_is_withheld_for_the_public(dash_duo, app):
    dash_duo.start_server(app)
    open_page(dash_duo, "area=E09000002&period=2016")  # Barking and Dagenham: 0-9 yrs, 1
    ages = table_rows(dash_duo, table_with_caption(dash_duo, "By age (Persons)"))
    assert ages["0-9 yrs"][:4] == [WITHHELD_LABEL] * 4
    (row,) = [r for r in published("E09000002", "2016")
              if r["Age"] == "All ages" and not r["Category"]]
    assert ages["All ages"][0] == shown(row["Value"])
    assert console_errors(dash_duo) == []
