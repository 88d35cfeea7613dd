"""Residents' public pages in real headless Chromium: find an area by name, ward or
neighbourhood; read plain-English headlines with the published values; the page at a
phone's width; helpful pages for unknown codes and empty searches. Expected values are
read from the bundled source files."""

from __future__ import annotations

import itertools
from urllib.parse import parse_qs, urlparse

import pandas as pd
from selenium.webdriver.common.keys import Keys

from dashboard.common.config import DATA_DIR
from dashboard.views import public_places, public_scorecard
from tests.browser.conftest import console_errors, wait_until

TIMEOUT = 20
OLDHAM = "E08000004"
RESULT = "#public-results li[data-code='{code}'] a"
CLAIMANT_CARD = ".headline-card[data-indicator='claimant-count']"


def claimant_count(area: str) -> tuple[str, float, str, float]:
    """(latest year, value, previous year, value) of the published Claimant Count."""
    frame = pd.read_csv(DATA_DIR / "ons" / "claimant-count" / "claimant-count.csv",
                        encoding="utf-8-sig", dtype={"areacd": str, "period": str})
    rows = frame[(frame["areacd"] == area) & (frame["indicator"] == "Claimant Count")
                 & frame["observation"].notna()].copy()
    rows["year"] = rows["period"].str[:4]
    rows = rows.sort_values("year")
    latest, previous = rows.iloc[-1], rows.iloc[-2]
    return latest["year"], float(latest["observation"]), previous["year"], \
        float(previous["observation"])


def employment_decile(lsoa: str) -> int:
    frame = pd.read_csv(DATA_DIR / "iod" / "iod2025_lsoa21_scores_ranks_deciles.csv.gz",
                        usecols=["LSOA21CD", "Employment_decile"])
    return int(frame.loc[frame["LSOA21CD"] == lsoa, "Employment_decile"].iloc[0])



def search(dash_duo, text: str) -> None:
    box = dash_duo.wait_for_element("#public-search", timeout=TIMEOUT)
    box.clear()
    box.send_keys(text)


def phone_width(dash_duo, width: int = 375) -> None:
    """A phone-sized viewport (desktop Chrome will not make a window this narrow)."""
    dash_duo.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 800, "deviceScaleFactor": 1, "mobile": True})


def open_fold(dash_duo, heading_id: str) -> None:
    """Open a folded section of the area page by its summary, as a resident would."""
    summary = dash_duo.wait_for_element(f"summary:has(#{heading_id})", timeout=TIMEOUT)
    if summary.find_element("xpath", "..").get_attribute("open") is None:
        summary.click()
    wait_until(lambda: summary.find_element("xpath", "..").get_attribute("open") is not None)


def heading_levels(dash_duo) -> list[int]:
    return [int(h.tag_name[1]) for h in dash_duo.find_elements(
        "main h1, main h2, main h3, main h4, main h5, main h6")]


def test_find_oldham_by_name_and_read_the_published_claimant_count(dash_duo, app):
    year, value, previous_year, previous = claimant_count(OLDHAM)
    _, england, _, _ = claimant_count("E92000001")
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/public")
    dash_duo.wait_for_text_to_equal("h1", "Find out about your area", timeout=TIMEOUT)
    assert dash_duo.find_element("label[for='public-search']").text == "Place name or postcode"
    search(dash_duo, "Oldham")
    link = dash_duo.wait_for_element(RESULT.format(code=OLDHAM), timeout=TIMEOUT)
    assert link.find_element("css selector", ".result-name").text == "Oldham"
    assert link.find_element("css selector", ".result-desc").text == "Council area"
    link.click()
    dash_duo.wait_for_text_to_equal("h1", "Oldham", timeout=TIMEOUT)
    assert urlparse(dash_duo.driver.current_url).path == f"/public/area/{OLDHAM}"
    # the number at a glance; the sentence and chart in the folded section
    dash_duo.wait_for_text_to_equal(
        ".glance-item[data-indicator='claimant-count'] .glance-value", f"{value:.1f}%",
        timeout=TIMEOUT)
    open_fold(dash_duo, "public-theme-work-and-benefits")
    sentence = dash_duo.wait_for_element(f"{CLAIMANT_CARD} .headline-sentence",
                                         timeout=TIMEOUT).text
    assert sentence.startswith(
        f"In Oldham, {value:.1f}% of people aged 16 to 64 claimed unemployment-related "
        f"benefits in {year}, ")
    words = sentence.split(f"in {year}, ")[1].split(" across England")[0]
    assert words in ("more than", "the same as", "less than")
    assert sentence.endswith((f"across England ({england:.1f}%).",
                              f"across England ({england:.1f}%), though the difference is "
                              "not statistically clear."))
    if round(value, 1) > round(previous, 1):
        change = f"It has risen since {previous_year}, when it was {previous:.1f}%."
    elif round(value, 1) < round(previous, 1):
        change = f"It has fallen since {previous_year}, when it was {previous:.1f}%."
    else:
        change = f"It is the same as in {previous_year} ({previous:.1f}%)."
    assert dash_duo.find_element(f"{CLAIMANT_CARD} .headline-change").text == change
    # the comparison is a word with a shape, never colour alone
    tag = dash_duo.find_element(f"{CLAIMANT_CARD} .public-tag").text
    assert tag.split()[0] in "▲▼●" and tag.endswith("England")
    assert dash_duo.find_element(f"{CLAIMANT_CARD} .headline-value").text == f"{value:.1f}%"
    # a chart with a text alternative and a source line
    dash_duo.wait_for_element("#public-area-trend-claimant-count .main-svg", timeout=TIMEOUT)
    figure = dash_duo.find_element("figure.chart")
    alt = figure.find_element("css selector", ".chart-alt").get_attribute("textContent")
    assert f"to {value:.1f}%" in alt and "Line chart" in alt
    assert "Source: Office for National Statistics" in figure.text
    assert console_errors(dash_duo) == []


def test_scorecard_in_plain_words_labelled_illustrative(dash_duo, app, store):
    statuses = list(store.scorecard("oldham")["status"])
    expected = public_scorecard.scorecard_summary("Oldham", statuses, illustrative=True)
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/public/area/{OLDHAM}")
    section = dash_duo.wait_for_element("#public-area-targets", timeout=TIMEOUT)
    assert "How the Oldham partnership is doing against its targets" in section.text
    open_fold(dash_duo, "public-targets-title")
    assert expected in section.text
    assert expected.startswith(f"Oldham partnership has {len(statuses)} illustrative targets")
    assert "Illustrative examples, not agreed targets." in section.text
    items = section.find_elements("css selector", ".target-item")
    assert len(items) == len(statuses)
    claimant = section.find_element("css selector", ".target-item[data-indicator='claimant-count']")
    assert "claiming unemployment-related benefits in Oldham" in claimant.text
    assert claimant.find_element("css selector", ".status-tag").text.split()[0] in "★✔▲✖⊘○"
    assert console_errors(dash_duo) == []


def test_a_ward_search_lands_on_its_council_page(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/public")
    search(dash_duo, "Coldhurst")
    link = dash_duo.wait_for_element(RESULT.format(code="E05014650"), timeout=TIMEOUT)
    assert link.text.splitlines() == ["Coldhurst", "Ward in Oldham"]
    # Enter goes straight to the one place with that name
    dash_duo.find_element("#public-search").send_keys(Keys.ENTER)
    dash_duo.wait_for_text_to_equal("h1", "Oldham", timeout=TIMEOUT)
    url = urlparse(dash_duo.driver.current_url)
    assert url.path == f"/public/area/{OLDHAM}"
    assert parse_qs(url.query) == {"place": ["E05014650"]}
    place = dash_duo.wait_for_element("#public-area-place", timeout=TIMEOUT)
    assert place.text.startswith("Coldhurst is a ward in Oldham.")
    assert "the rest of this page is about Oldham as a whole" in place.text
    dash_duo.wait_for_element(f"{CLAIMANT_CARD} .headline-sentence", timeout=TIMEOUT)
    assert console_errors(dash_duo) == []


def test_a_neighbourhood_says_how_deprived_it_is_for_employment(dash_duo, app):
    lsoa = "E01005320"  # Oldham 024A
    decile = employment_decile(lsoa)
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/public")
    search(dash_duo, lsoa)
    link = dash_duo.wait_for_element(RESULT.format(code=lsoa), timeout=TIMEOUT)
    assert link.find_element("css selector", ".result-desc").text.startswith(
        "Neighbourhood in ")
    link.click()
    place = dash_duo.wait_for_element("#public-area-place", timeout=TIMEOUT)
    dash_duo.wait_for_text_to_equal("h1", "Oldham", timeout=TIMEOUT)
    # named by its ward and council, its statistical name after
    assert place.text.startswith("A neighbourhood in Alexandra ward, Oldham (official name "
                                 "Oldham 024A).")
    assert f"This neighbourhood is {public_places.decile_words(decile)}" in place.text
    assert console_errors(dash_duo) == []


def test_the_page_works_at_a_phone_width(dash_duo, app):
    dash_duo.start_server(app)
    phone_width(dash_duo, 375)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/public")
    dash_duo.wait_for_text_to_equal("h1", "Find out about your area", timeout=TIMEOUT)
    width = dash_duo.driver.execute_script("return document.documentElement.clientWidth")
    assert width == 375
    for selector in ("#public-search", "#public-search-submit"):
        assert dash_duo.find_element(selector).size["height"] >= 44  # tap targets
    search(dash_duo, "Oldham")
    link = dash_duo.wait_for_element(RESULT.format(code=OLDHAM), timeout=TIMEOUT)
    assert link.size["height"] >= 44 and link.size["width"] <= 375
    link.click()
    dash_duo.wait_for_text_to_equal("h1", "Oldham", timeout=TIMEOUT)
    dash_duo.wait_for_element("#public-area-trend-claimant-count .main-svg", timeout=TIMEOUT)
    dash_duo.wait_for_element("#public-area-deciles .main-svg", timeout=TIMEOUT)
    wait_until(lambda: dash_duo.driver.execute_script(
        "return document.documentElement.scrollWidth") <= 375)
    open_fold(dash_duo, "public-theme-work-and-benefits")
    card = dash_duo.find_element(CLAIMANT_CARD)
    assert card.size["width"] <= 375 and card.is_displayed()
    graph = dash_duo.find_element("#public-area-trend-claimant-count")
    assert graph.size["width"] <= 375
    levels = heading_levels(dash_duo)
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))  # no skips
    summary = dash_duo.find_element("#public-area-glossary summary")
    assert summary.size["height"] >= 44
    summary.click()
    assert "Confidence interval" in dash_duo.find_element("#public-area-glossary").text
    assert console_errors(dash_duo) == []


def test_unknown_codes_and_empty_searches_get_helpful_pages(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/public/area/E99999999")
    dash_duo.wait_for_text_to_equal("h1", "We could not find that area", timeout=TIMEOUT)
    problem = dash_duo.find_element(".problem-page")
    assert problem.get_attribute("role") == "alert"
    assert "There is no area with the code E99999999" in problem.text
    assert dash_duo.find_element("#public-search").is_displayed()  # search again, here
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/public/area/not-a-code")
    dash_duo.wait_for_text_to_equal("h1", "We could not find that area", timeout=TIMEOUT)
    assert "is not an area code we recognise" in dash_duo.find_element(".problem-page").text
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/public?q=")
    dash_duo.wait_for_text_to_equal("h1", "Type a place name to search", timeout=TIMEOUT)
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/public?q=Oldam")
    dash_duo.wait_for_text_to_equal("h1", "No places found", timeout=TIMEOUT)
    suggestions = dash_duo.find_element(".problem-page").text
    assert "Oldham (council area)" in suggestions
    # pressing Search with nothing typed says what to do
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/public")
    dash_duo.wait_for_element("#public-search-submit", timeout=TIMEOUT).click()
    dash_duo.wait_for_text_to_equal("h1", "Type a place name to search", timeout=TIMEOUT)
    assert "Traceback" not in dash_duo.find_element("main").text
    assert console_errors(dash_duo) == []


def oldham_postcode() -> tuple[str, str, str]:
    """(postcode, LSOA, ward name) of a real Oldham postcode from the shipped lookup whose
    LSOA is in Oldham and whose ward is its LSOA's ward (so the page and the postcode name
    the same ward)."""
    folder = DATA_DIR / "postcodes"
    codes = pd.read_parquet(folder / "postcode_lsoa21_wd24_england.parquet",
                            filters=[("postcode", ">=", "OL"), ("postcode", "<", "OL~")])
    lsoas = pd.read_csv(DATA_DIR / "iod" / "lookup_lsoa21_ward24_lad24_rgn24.csv.gz",
                        dtype=str)
    lsoas = lsoas[lsoas["LAD24CD"] == OLDHAM]
    rows = codes.merge(lsoas, left_on=["lsoa21cd", "wd24cd"], right_on=["LSOA21CD", "WD24CD"])
    row = rows.sort_values("postcode").iloc[len(rows) // 3]
    return f"{row['postcode'][:-3]} {row['postcode'][-3:]}", row["lsoa21cd"], row["WD24NM"]


def test_a_postcode_on_a_phone_opens_its_neighbourhood_and_central_london_is_explained(
        dash_duo, app):
    postcode, lsoa, ward = oldham_postcode()
    dash_duo.start_server(app)
    dash_duo.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    dash_duo.wait_for_page(url=f"{dash_duo.server_url}/public")
    search(dash_duo, postcode.lower())
    result = dash_duo.wait_for_element(RESULT.format(code=lsoa), timeout=TIMEOUT)
    assert result.find_element("css selector", ".result-name").text == postcode
    assert result.find_element("css selector", ".result-desc").text.endswith(
        f"in {ward} ward, Oldham")
    dash_duo.find_element("#public-search").send_keys(Keys.ENTER)
    dash_duo.wait_for_text_to_equal("h1", "Oldham", timeout=TIMEOUT)
    url = urlparse(dash_duo.driver.current_url)
    assert (url.path, parse_qs(url.query)) == (f"/public/area/{OLDHAM}", {"place": [lsoa]})
    place = dash_duo.wait_for_element("#public-area-place", timeout=TIMEOUT)
    assert place.text.startswith(f"A neighbourhood in {ward} ward, Oldham (official name ")
    # the page's "Search for another area", then a postcode the lookup does not have
    dash_duo.find_element("a.tap-link[href='/public']").click()
    search(dash_duo, "EC1A 1BB")
    explanation = ("Postcodes in central London districts such as EC1A are not in the lookup "
                   "we use; search for the council, e.g. City of London or Westminster.")
    wait_until(lambda: dash_duo.find_element("#public-results").text == explanation)
    dash_duo.find_element("#public-search").send_keys(Keys.ENTER)  # the results page too
    wait_until(lambda: parse_qs(urlparse(dash_duo.driver.current_url).query) == {
        "q": ["EC1A 1BB"]})
    wait_until(lambda: dash_duo.find_element("#public-results").text == explanation)
    notes = dash_duo.find_element("#public-search-postcode-attribution")
    assert notes.find_element("css selector", "summary").text == "About postcode search"
    assert console_errors(dash_duo) == []
