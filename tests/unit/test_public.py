"""Plain English for residents (dashboard/views/public.py), without Dash or a store: headline
sentences, change since the previous period, suppressed and missing values, the scorecard
in plain words, search results and neighbourhood facts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.views import (
    public,
    public_charts,
    public_headlines,
    public_places,
    public_scorecard,
)

PCT = {"indicator_id": "claimant-count", "title": "Claimant Count", "unit": "%",
       "suffix": "%", "prefix": float("nan"), "decimals": 1, "value_type": "percentage",
       "polarity": "lower_is_better", "source_org": "Office for National Statistics",
       "source_date": "20/01/2026"}
YEARS = {"indicator_id": "male-healthy-life-expectancy", "unit": "yrs", "decimals": 1,
         "value_type": "years", "polarity": "higher_is_better"}
PAY = {"indicator_id": "gross-median-weekly-pay", "unit": "£", "prefix": "GBPSign",
       "decimals": 0, "value_type": "currency", "polarity": "higher_is_better"}
CLAIMANT = public.PHRASES["claimant-count"]


def rows(latest, previous=None, england=4.0, comparison="worse", status=None, note=None,
         labels=("2025", "2024"), previous_status=None, previous_note=None,
         england_previous=4.0) -> pd.DataFrame:
    """Rows as Store.headline_values returns them for one indicator."""
    records = [{"role": "area", "recency": 1, "period_label": labels[0], "value": latest,
                "status": status, "note": note, "comparison": comparison}]
    if previous is not None or previous_status:
        records.append({"role": "area", "recency": 2, "period_label": labels[1],
                        "value": previous, "status": previous_status, "note": previous_note,
                        "comparison": None})
    if england is not None:
        records.append({"role": "england", "recency": 1, "period_label": labels[0],
                        "value": england, "status": None, "note": None, "comparison": None})
        records.append({"role": "england", "recency": 2, "period_label": labels[1],
                        "value": england_previous, "status": None, "note": None,
                        "comparison": None})
    return pd.DataFrame(records)


# -- the headline sentence -------------------------------------------------------------------

def test_headline_reads_like_the_brief_with_more_than_england_and_rising():
    record = public_headlines.headline(CLAIMANT, rows(6.6, 5.9), PCT, "Oldham", "lad")
    assert record["sentence"] == (
        "In Oldham, 6.6% of people aged 16 to 64 claimed unemployment-related benefits in "
        "2025, more than across England (4.0%).")
    assert record["change"] == "It has risen since 2024, when it was 5.9%."
    assert record["value_text"] == "6.6%"  # a NaN prefix never reads 'nan'
    assert record["tag"] == "Worse than England" and record["glyph"] == "▼"
    assert record["source"] == ("Source: Office for National Statistics, Claimant Count "
                                "(published 20 January 2026).")


@pytest.mark.parametrize("comparison, polarity, words", [
    ("worse", "lower_is_better", "more than"),     # more claimants is worse
    ("better", "lower_is_better", "less than"),
    ("better", "higher_is_better", "more than"),
    ("worse", "higher_is_better", "less than"),
    ("higher", "no_judgement", "more than"),
    ("lower", "no_judgement", "less than"),
    ("similar", "lower_is_better", "about the same as"),
    ("not_compared", "lower_is_better", None),
    (None, "lower_is_better", None),
    ("better", "no_judgement", None),  # a judgement without a polarity cannot be placed
])
def test_comparison_words_from_the_stored_comparison(comparison, polarity, words):
    assert public_headlines.comparison_words(comparison, polarity, CLAIMANT) == words


def test_less_than_and_about_the_same_in_sentences():
    less = public_headlines.headline(CLAIMANT, rows(3.1, 3.1, england=4.0, comparison="better"),
                                     PCT, "Wigan", "lad")
    assert "3.1% of people aged 16 to 64" in less["sentence"]
    assert less["sentence"].endswith(", less than across England (4.0%).")
    assert less["tag"] == "Better than England" and less["glyph"] == "▲"
    same = public_headlines.headline(CLAIMANT, rows(4.04, 4.3, comparison="similar"), PCT,
                                     "Leeds", "lad")
    assert same["sentence"].endswith(", the same as across England (4.0%).")
    assert (same["glyph"], same["tag"]) == ("●", "Same as England")


NOT_CLEAR = ", though the difference is not statistically clear."
EMPLOYMENT = {**PCT, "indicator_id": "employment-rate", "polarity": "higher_is_better"}


@pytest.mark.parametrize("phrasing, meta, area, england, sentence_end", [
    # a 5-point gap the survey cannot tell from chance
    (public.PHRASES["employment-rate"], EMPLOYMENT, 70.0, 75.0,
     "were in paid work in 2025, less than across England (75.0%)" + NOT_CLEAR),
    (CLAIMANT, PCT, 4.1, 4.0, "in 2025, more than across England (4.0%)" + NOT_CLEAR),
    (public.PHRASES["gross-median-weekly-pay"], PAY, 590.4, 648.4,
     "before tax in 2025, less than across England (£648)" + NOT_CLEAR),
    (public.PHRASES["male-healthy-life-expectancy"], YEARS, 58.0, 61.5,
     "in good health, fewer than across England (61.5 years)" + NOT_CLEAR),
    # the same as shown: nothing to explain
    (CLAIMANT, PCT, 3.96, 4.04, "in 2025, the same as across England (4.0%)."),
])
def test_a_similar_figure_with_a_visible_gap_says_it_is_not_clearly_different(
        phrasing, meta, area, england, sentence_end):
    record = public_headlines.headline(phrasing, rows(area, england=england,
                                                      comparison="similar"),
                                       meta, "Oldham", "lad")
    assert record["sentence"].endswith(sentence_end), record["sentence"]
    assert "about the same" not in record["sentence"].lower()
    assert "about the same" not in record["tag"].lower()
    if sentence_end.endswith(NOT_CLEAR):
        assert (record["glyph"], record["tag"]) == ("●", "Not clearly different from England")


def test_similar_reads_about_the_same_only_without_a_gap_to_state():
    assert public_headlines.comparison_words("similar", "lower_is_better", CLAIMANT, 0) == \
        "the same as"
    assert public_headlines.comparison_words("similar", "lower_is_better", CLAIMANT, 5.0) \
        == "more than"
    assert public_headlines.comparison_words("similar", "higher_is_better", CLAIMANT, -5.0) \
        == "less than"
    # no England figure: the sentence names none, so nothing is called the same
    record = public_headlines.headline(CLAIMANT, rows(6.6, england=None, comparison="similar"),
                                       PCT, "Oldham", "lad")
    assert record["sentence"].endswith("benefits in 2025.")


def test_years_read_fewer_than_and_say_years():
    phrasing = public.PHRASES["male-healthy-life-expectancy"]
    record = public_headlines.headline(phrasing, rows(56.1, 57.6, england=60.9, comparison="worse",
                                                      labels=("2022-2024", "2021-2023")),
                                       YEARS, "Oldham", "lad")
    assert record["sentence"] == (
        "In Oldham, boys born in 2022 to 2024 could expect to live 56.1 years in good "
        "health, fewer than across England (60.9 years).")
    assert record["change"] == "It has fallen since 2021 to 2023, when it was 57.6 years."


def test_pay_reads_as_pounds_in_the_survey_month():
    phrasing = public.PHRASES["gross-median-weekly-pay"]
    record = public_headlines.headline(phrasing, rows(590.4, 579.6, england=648.4,
                                                      labels=("30 Apr 2025", "17 Apr 2024")),
                                       PAY, "Oldham", "lad")
    assert "was £590 before tax in April 2025, less than across England (£648)." in \
        record["sentence"]
    assert record["change"] == "It has risen since April 2024, when it was £580."


@pytest.mark.parametrize("latest, previous, expected", [
    (6.6, 5.9, "It has risen since 2024, when it was 5.9%."),
    (6.6, 6.9, "It has fallen since 2024, when it was 6.9%."),
    (6.6, 6.6, "It is the same as in 2024 (6.6%)."),
    (6.62, 6.58, "It is the same as in 2024 (6.6%)."),  # too small a change to see
    (6.6, None, None),
    (None, 6.6, None),
])
def test_change_since_the_previous_period(latest, previous, expected):
    assert public_headlines.change_sentence(latest, previous, "2024", PCT) == expected


def test_no_comparison_clause_when_england_has_no_value():
    record = public_headlines.headline(
        CLAIMANT, rows(6.6, 6.9, england=None, comparison="not_compared"), PCT, "Oldham", "lad")
    assert record["sentence"].endswith("benefits in 2025.")
    assert record["tag"] is None


def test_england_itself_is_not_compared_with_england():
    record = public_headlines.headline(CLAIMANT, rows(4.0, 4.0, england=4.0, comparison=None),
                                       PCT, "England", "nation")
    assert record["sentence"].startswith("Across England, 4.0% of people")
    assert "across England (" not in record["sentence"] and record["tag"] is None


def test_regions_read_with_the():
    record = public_headlines.headline(CLAIMANT, rows(5.0, 5.0), PCT, "North West", "region")
    assert record["sentence"].startswith("In the North West, 5.0%")
    assert public.place_phrase("London", "region") == "London"


# -- suppressed and missing values -----------------------------------------------------------

def test_a_suppressed_value_reads_as_its_note_never_zero_or_blank():
    record = public_headlines.headline(
        CLAIMANT, rows(float("nan"), 6.9, status="c", note="fewer than 5"), PCT, "Oldham", "lad")
    assert record["state"] == "suppressed"
    assert record["value_text"] == "fewer than 5"
    assert "is fewer than 5" in record["sentence"]
    assert "0" not in record["value_text"].replace("5", "") and record["value_text"].strip()
    assert record["change"] is None and record["tag"] is None


def test_other_suppression_notes_are_shown_in_words():
    note = "withheld so that small numbers cannot be worked out"
    record = public_headlines.headline(CLAIMANT, rows(None, 6.9, status="c", note=note), PCT,
                                       "Oldham")
    assert record["value_text"] == "not shown"
    assert record["sentence"].endswith(f"is not shown: {note}.")
    assert public.value_words(None, PCT, "x", "suppressed by the publisher") == "not shown"
    assert public.cell_words(None, PCT, "x", "suppressed by the publisher") == \
        "not shown (suppressed by the publisher)"
    assert public.cell_words(None, PCT, "c", "fewer than 5") == "fewer than 5"
    assert public.cell_words(6.6, PCT) == "6.6%"


def test_no_change_sentence_against_a_suppressed_previous_value():
    record = public_headlines.headline(CLAIMANT, rows(6.6, None, previous_status="c",
                                                      previous_note="fewer than 5"), PCT, "Oldham")
    assert record["state"] == "value" and record["change"] is None


def test_missing_data_says_so():
    record = public_headlines.headline(CLAIMANT, rows(6.6).iloc[0:0], PCT, "Cumbria", "county")
    assert record["state"] == "missing" and record["value_text"] == "no data"
    assert record["sentence"] == ("There is no published figure for people aged 16 to 64 "
                                  "claiming unemployment-related benefits in Cumbria.")
    unavailable = public_headlines.headline(
        CLAIMANT, rows(None, status="x", note="Data not available"), PCT, "Oldham")
    assert unavailable["state"] == "missing"
    assert unavailable["sentence"].endswith("in 2025 (Data not available).")
    assert public_headlines.missing_sentence("Cumbria", [record]) == \
        "No figures are published for Cumbria on: claiming unemployment-related benefits."


def test_headlines_skip_indicators_the_public_cannot_see():
    values = rows(6.6, 6.9).assign(indicator_id="claimant-count")
    indicators = pd.DataFrame([PCT])
    records = public_headlines.headlines(values, indicators, "Oldham", "lad")
    assert [r["indicator_id"] for r in records] == ["claimant-count"]
    assert public_headlines.by_theme(records)[0][0] == "Work and benefits"


def test_every_headline_indicator_has_words():
    for indicator_id in public.HEADLINE_IDS:
        phrasing = public.PHRASES[indicator_id]
        assert "{value}" in phrasing.statement and "{period}" in phrasing.statement
    assert set(public.HEADLINE_IDS) >= {
        "claimant-count", "employment-rate", "children-in-relative-poverty-after-housing-costs",
        "gross-median-weekly-pay", "male-healthy-life-expectancy",
        "female-healthy-life-expectancy", "gcses-in-english-and-maths", "no-qualifications"}


@pytest.mark.parametrize("label, words", [
    ("2025", "2025"), ("2024/25", "2024/25"), ("2022-2024", "2022 to 2024"),
    ("30 Apr 2025", "April 2025"), ("Mar 2024", "March 2024"),
    ("IoD 2025", "the Indices of Deprivation 2025"),
])
def test_period_words(label, words):
    assert public.period_words(label) == words


# -- the scorecard in plain words ------------------------------------------------------------

OLDHAM_STATUSES = (["achieved"] + ["on_track"] * 4 + ["at_risk"] * 4 + ["off_track"] * 2
                   + ["missed"])


def test_scorecard_summary_counts_in_plain_words():
    assert public_scorecard.scorecard_summary("Oldham", OLDHAM_STATUSES, illustrative=True) == (
        "Oldham partnership has 12 illustrative targets: 5 are on track or achieved, 4 at "
        "risk, 3 off track or missed.")
    assert public_scorecard.status_counts(OLDHAM_STATUSES) == {
        "on track or achieved": 5, "at risk": 4, "off track or missed": 3, "no_data": 0}


def test_scorecard_summary_with_ones_nones_and_no_data():
    assert public_scorecard.scorecard_summary("Wigan", ["on_track", "no_data", "missed"],
                                              False) == (
        "Wigan partnership has 3 targets: 1 is on track or achieved, none at risk, 1 off track "
        "or missed, 1 has no data yet.")
    assert public_scorecard.scorecard_summary("Kent", [], True) == \
        "Kent partnership has not published any targets yet."
    assert public_scorecard.scorecard_summary("Leeds", ["at_risk"], True) == (
        "Leeds partnership has 1 illustrative target: none are on track or achieved, 1 at "
        "risk, none off track or missed.")


TARGET = {"indicator_id": "claimant-count", "area_code": "E08000004", "area_name": "Oldham",
          "unit": "%", "suffix": "%", "prefix": float("nan"), "decimals": 1,
          "value_type": "percentage", "direction": "decrease", "baseline_value": 6.5,
          "baseline_period_label": "2022", "target_value": 5.0, "target_period_label": "2027",
          "latest_value": 6.6, "latest_period": "2025", "trajectory_value": 5.9,
          "status": "off_track", "illustrative": True}


def test_one_plain_sentence_per_target():
    assert public_scorecard.target_sentence(TARGET) == (
        "The share of people aged 16 to 64 claiming unemployment-related benefits in Oldham "
        "is off track: the aim is to bring it down from 6.5% in 2022 to 5.0% by 2027, and it "
        "was 6.6% in 2025, behind where it needed to be by then (5.9%).")
    achieved = public_scorecard.target_sentence({**TARGET, "status": "achieved",
                                                 "latest_value": 4.8})
    assert "has met its target: the aim was to bring it down" in achieved
    assert achieved.endswith("it was 4.8% in 2025, which meets the aim.")
    raised = public_scorecard.target_sentence({**TARGET, "indicator_id": "employment-rate",
                                               "direction": "increase", "status": "on_track"})
    assert "is on track: the aim is to raise it from" in raised
    no_data = public_scorecard.target_sentence({**TARGET, "status": "no_data",
                                                "latest_value": None})
    assert no_data.endswith("but there is no recent figure.")


def test_scorecard_items_carry_a_shape_with_every_status():
    items = public_scorecard.scorecard_items(
        pd.DataFrame([TARGET, {**TARGET, "status": "at_risk"}]))
    assert [i["status_text"] for i in items] == ["✖ Off track", "▲ At risk"]
    assert items[0]["topic"] == "Claiming unemployment-related benefits"


PARTNERSHIPS = pd.DataFrame([
    {"partnership_id": "oldham", "name": "Oldham", "area_code": None,
     "members": ["E08000004"]},
    {"partnership_id": "lcr", "name": "Liverpool City Region", "area_code": "E47000004",
     "members": ["E08000012", "E08000011"]},
    {"partnership_id": "lancashire", "name": "Lancashire", "area_code": None,
     "members": ["E10000017"]},
])


def test_partnerships_for_an_area_its_county_or_combined_authority():
    assert [p["partnership_id"] for p in public_scorecard.partnerships_for(
        PARTNERSHIPS, ["E08000004", None, "E47000001"])] == ["oldham"]
    assert [p["partnership_id"] for p in public_scorecard.partnerships_for(
        PARTNERSHIPS, ["E07000123", "E10000017", None])] == ["lancashire"]
    assert [p["partnership_id"] for p in public_scorecard.partnerships_for(
        PARTNERSHIPS, ["E08000013", "E08000013", "E47000004"])] == ["lcr"]


def test_a_partnership_is_public_unless_its_public_flag_is_false():
    assert len(public_scorecard.public_partnerships(PARTNERSHIPS)) == 3  # no column: all public
    flagged = PARTNERSHIPS.assign(public=[True, False, None])
    assert list(public_scorecard.public_partnerships(flagged)["partnership_id"]) == \
        ["oldham", "lancashire"]
    assert public_scorecard.partnerships_for(flagged, ["E08000012"]) == []


# -- places ----------------------------------------------------------------------------------

SEARCH = pd.DataFrame([
    {"area_code": "E05014650", "area_name": "Coldhurst", "area_type": "ward",
     "ward_name": None, "lad_code": "E08000004", "lad_name": "Oldham", "valid_to": None,
     "score": 1},
    {"area_code": "E01005320", "area_name": "Oldham 024A", "area_type": "lsoa",
     "ward_name": "Alexandra", "lad_code": "E08000004", "lad_name": "Oldham",
     "valid_to": None, "score": 4},
    {"area_code": "E10000006", "area_name": "Cumbria", "area_type": "county",
     "ward_name": None, "lad_code": None, "lad_name": None, "valid_to": 2022, "score": 4},
])


def test_search_results_lead_wards_and_neighbourhoods_to_their_council_page():
    results = public_places.search_results(SEARCH)
    assert results[0] == {"code": "E05014650", "name": "Coldhurst", "area_type": "ward",
                          "description": "Ward in Oldham",
                          "href": "/public/area/E08000004?place=E05014650"}
    assert results[1]["description"] == "Neighbourhood in Alexandra ward, Oldham"
    assert results[1]["href"] == "/public/area/E08000004?place=E01005320"
    assert results[2]["description"] == "County council area (until 2022)"
    assert results[2]["href"] == "/public/area/E10000006"


def test_search_destination_is_the_one_exact_match_or_the_results_page():
    assert public_places.search_destination("Coldhurst", SEARCH) == \
        "/public/area/E08000004?place=E05014650"
    two = pd.concat([SEARCH, SEARCH.iloc[[0]].assign(area_code="E05000001")])
    assert public_places.search_destination("Coldhurst", two) == "/public?q=Coldhurst"
    assert public_places.search_destination("  ", SEARCH) == "/public?q="
    assert public_places.search_destination("zzz", SEARCH.iloc[0:0]) == "/public?q=zzz"


def test_suggestions_for_a_misspelt_place():
    names = SEARCH.iloc[:1].assign(area_name="Oldham", area_type="lad",
                                   area_code="E08000004")
    assert public_places.suggest_places("Oldam", names) == [("Oldham (council area)",
                                                             "/public/area/E08000004")]
    assert public_places.suggest_places("", names) == []


def test_what_a_ward_or_neighbourhood_is():
    assert public_places.place_statement(SEARCH.iloc[0].to_dict()) == \
        "Coldhurst is a ward in Oldham."
    assert public_places.place_statement(SEARCH.iloc[1].to_dict()) == \
        "A neighbourhood in Alexandra ward, Oldham (official name Oldham 024A)."
    assert public_places.place_statement(SEARCH.iloc[2].to_dict()) is None


def test_a_neighbourhood_is_named_by_its_ward_and_council():
    lsoa = SEARCH.iloc[1].to_dict()
    assert public_places.neighbourhood_phrase(lsoa) == \
        "a neighbourhood in Alexandra ward, Oldham"
    assert public_places.neighbourhood_phrase({**lsoa, "ward_name": None}) == \
        "a neighbourhood in Oldham"
    assert public_places.neighbourhood_phrase({**lsoa, "ward_name": float("nan"),
                                               "lad_name": None}) == "a neighbourhood"


@pytest.mark.parametrize("decile, words", [
    (1, "among the 10% most deprived neighbourhoods in England for employment"),
    (3, "among the 30% most deprived neighbourhoods in England for employment"),
    (6, "among the 50% least deprived neighbourhoods in England for employment"),
    (10, "among the 10% least deprived neighbourhoods in England for employment"),
    (None, None), (11, None),
])
def test_decile_words(decile, words):
    assert public_places.decile_words(decile) == words


def test_neighbourhood_sentences_protect_a_small_count():
    values = pd.DataFrame([
        {"indicator_id": "iod-employment-decile", "value": 1.0, "numerator": None,
         "status": None, "note": None},
        {"indicator_id": "iod-employment-score", "value": 0.259, "numerator": 400.0,
         "status": None, "note": None},
    ])
    sentences = public_places.neighbourhood_sentences("Oldham 024A", values)
    assert sentences[0] == ("Oldham 024A is among the 10% most deprived neighbourhoods in "
                            "England for employment (Indices of Deprivation 2025).")
    assert sentences[1].startswith("About 26% of working-age people here")
    assert sentences[1].endswith("(about 400 people).")
    small = values.copy()
    small.loc[1, ["numerator", "status", "note"]] = [None, "c", "fewer than 5"]
    assert public_places.neighbourhood_sentences("X", small)[1].endswith("(fewer than 5 people).")


def test_decile_summary_and_text_alternatives():
    counts = pd.DataFrame({"decile": [1, 2, 10], "neighbourhoods": [39, 31, 2]})
    assert public_places.decile_summary("Oldham", counts).startswith(
        "Of Oldham's 72 neighbourhoods, 39 are among the 10% most deprived in England")
    assert "39 in tenth 1, 31 in tenth 2, 2 in tenth 10" in \
        public_charts.decile_description("Oldham", counts)
    series = pd.DataFrame({
        "area_code": ["E08000004"] * 3 + ["E92000001"] * 3,
        "period_label": ["2023", "2024", "2025"] * 2,
        "period_start": pd.to_datetime(["2023-01-01", "2024-01-01", "2025-01-01"] * 2),
        "value": [5.0, 6.9, 6.6, 3.7, 4.0, 4.0]})
    text = public_charts.trend_description(series, "E08000004", "Oldham", PCT, "Claimants")
    assert text == ("Line chart of claimants from 2023 to 2025. In Oldham it went from 5.0% "
                    "to 6.6%; the highest was 6.9% in 2024. Across England it went from 3.7% "
                    "to 4.0% over the same years.")


def test_glossary_covers_the_unavoidable_words():
    terms = " ".join(term for term, _ in public.GLOSSARY).lower()
    for word in ("claimant count", "confidence interval", "neighbourhood (lsoa)",
                 "deprivation", "decile"):
        assert word in terms


def test_units_in_words_where_a_number_alone_would_not_say():
    meta = {"indicator_id": "greenhouse-gas-emissions", "unit": "Tonnes of CO2 equivalent",
            "suffix": None, "decimals": 1, "value_type": "rate"}
    assert public.value_words(7.06, meta) == "7.1 tonnes"
    target = {**TARGET, **meta, "direction": "decrease", "baseline_value": 7.1,
              "target_value": 5.8, "latest_value": 6.2, "status": "on_track"}
    assert "bring it down from 7.1 tonnes in 2022 to 5.8 tonnes by 2027" in \
        public_scorecard.target_sentence(target)


# -- figures ---------------------------------------------------------------------------------

def test_trend_figure_tells_lines_apart_by_dash_and_marker_not_colour_alone():
    from dashboard.figures import public as figures

    series = pd.DataFrame({
        "area_code": ["E08000004", "E08000004", "E92000001", "E92000001"],
        "period_label": ["2024", "2025", "2024", "2025"],
        "period_start": pd.to_datetime(["2024-01-01", "2025-01-01"] * 2),
        "value": [6.9, 6.6, 4.0, 4.0]})
    fig = go.Figure(figures.trend(series, "E08000004", "Oldham", PCT))  # validates the dict
    oldham, england = fig.data
    assert (oldham.name, england.name) == ("Oldham", "England")
    assert list(oldham.y) == [6.9, 6.6] and list(england.y) == [4.0, 4.0]
    assert oldham.line.dash == "solid" and england.line.dash == "dash"
    assert oldham.marker.symbol != england.marker.symbol
    assert fig.layout.yaxis.ticksuffix == "%"
    empty = go.Figure(figures.trend(series.iloc[0:0], "E08000004", "Oldham", PCT))
    assert empty.layout.annotations[0].text == "No figures for Oldham"


def test_decile_and_status_figures_label_every_bar():
    from dashboard.figures import public as figures

    deciles = go.Figure(figures.deciles(
        pd.DataFrame({"decile": [1, 10], "neighbourhoods": [39, 2]}), "Oldham"))
    bars = deciles.data[0]
    assert len(bars.x) == 10 and list(bars.y)[:2] == [39, 0] and list(bars.text)[-1] == "2"
    assert go.Figure(figures.status_bars({})).layout.annotations[0].text == "No targets"
    status = go.Figure(figures.status_bars(public_scorecard.status_counts(OLDHAM_STATUSES)))
    bars = status.data[0]
    assert list(bars.y) == ["On track or achieved", "At risk", "Off track or missed"]
    assert list(bars.x) == [5, 4, 3] and list(bars.text) == ["5", "4", "3"]
