"""The indicator page's breakdowns as a person reads them: which tables there are and in
what order, the numbers and words in their cells, the chart's dots, whiskers and text
alternative, and the note for a superseded area."""

from __future__ import annotations

from dashboard.figures.breakdowns import breakdown_figure
from dashboard.methods.disclosure import WITHHELD_LABEL
from dashboard.views import breakdowns

META = {"title": "Campylobacter incidence rate/100,000", "unit": "Rate per 100,000",
        "measure": "Rate per 100,000", "value_type": "rate", "decimals": None}


def row(sex="Persons", age="All ages", category_type="", category="", order=None,
        value=94.72, period="2015", **extra) -> dict:
    return {"indicator_id": "fingertips-93356", "area_code": "E92000001",
            "period_label": period, "sex": sex, "age": age, "category_type": category_type,
            "category": category, "category_order": order, "value": value,
            "lci": extra.get("lci"), "uci": extra.get("uci"),
            "lci_998": extra.get("lci_998"), "uci_998": extra.get("uci_998"),
            "numerator": extra.get("numerator"), "denominator": extra.get("denominator"),
            "status": extra.get("status"), "note": extra.get("note")}


DECILE = "County & UA deprivation deciles in England (IMD2015)"
ROWS = [
    row(lci=93.91, uci=95.54, numerator=51897, denominator=54786327),
    row(age="0-9 yrs", value=217.88, lci=214.39, uci=221.42, lci_998=212.0, uci_998=223.9,
        numerator=14799, denominator=6792143),
    row(category_type=DECILE, category="Least deprived decile (IMD2015)", order=10,
        value=110.6, note="Aggregated from all known lower geography values"),
    row(category_type=DECILE, category="Most deprived decile (IMD2015)", order=1,
        value=69.62, note="Aggregated from all known lower geography values"),
    row(sex="Male", value=101.2), row(sex="Female", value=88.0),
    row(period="2016", value=89.1),
]


def test_each_kind_of_breakdown_is_a_group_categories_first_then_age_then_sex():
    groups = breakdowns.breakdown_groups(ROWS, "2015", META)
    assert [(g["kind"], g["title"]) for g in groups] == [
        ("category", DECILE), ("age", "By age (Persons)"), ("sex", "By sex (All ages)")]
    deciles, ages, sexes = groups
    assert [r["label"] for r in deciles["rows"]] == ["Most deprived decile (IMD2015)",
                                                     "Least deprived decile (IMD2015)"]
    assert [r["label"] for r in ages["rows"]] == ["All ages", "0-9 yrs"]
    assert [r["label"] for r in sexes["rows"]] == ["Persons", "Male", "Female"]
    assert ages["has_998"] and not deciles["has_998"]


def test_the_cells_read_as_published_with_no_interval_said_in_words():
    groups = breakdowns.breakdown_groups(ROWS, "2015", META)
    most = groups[0]["rows"][0]
    assert (most["value_text"], most["ci95_text"], most["count_text"]) == \
        ("69.6", "no interval published", "not published")
    assert most["note"] == "Aggregated from all known lower geography values"
    young = groups[1]["rows"][1]
    assert (young["ci95_text"], young["ci998_text"], young["count_text"],
            young["denominator_text"]) == ("214.4 to 221.4", "212.0 to 223.9", "14,799",
                                           "6,792,143")
    assert breakdowns.count_text(4018.333333) == "4,018.33"
    assert breakdowns.count_text(0.0) == "0"


def test_a_withheld_row_reads_the_one_label_in_every_cell_it_withholds():
    withheld = row(age="0-9 yrs", value=None, status="c", note=WITHHELD_LABEL)
    (ages,) = [g for g in breakdowns.breakdown_groups([ROWS[0], withheld], "2015", META)]
    cells = ages["rows"][1]
    assert [cells[k] for k in ("value_text", "ci95_text", "ci998_text", "count_text",
                               "denominator_text")] == [WITHHELD_LABEL] * 5
    assert cells["note"] is None


def test_a_period_with_only_the_headline_has_no_groups():
    assert breakdowns.breakdown_groups(ROWS, "2016", META) == []
    assert breakdowns.none_sentence("England", "2016") == \
        "No breakdowns by category, age or sex are published for England in 2016."
    assert breakdowns.section_title("England", "2017") == "Breakdowns for England, 2017"


def test_the_chart_draws_dots_whiskers_and_the_headline_beside_categories():
    groups = breakdowns.breakdown_groups(ROWS, "2015", META)
    headline = breakdowns.headline_row(ROWS, "2015", META)
    assert (headline["label"], headline["value"]) == ("Persons, All ages", 94.72)
    ages = breakdown_figure(groups[1], META, headline)
    wide, values = ages["data"]
    assert wide["name"] == "99.8% confidence interval"
    assert values["x"] == [94.72, 217.88] and values["y"] == ["All ages", "0-9 yrs"]
    assert [round(v, 2) for v in values["error_x"]["arrayminus"]] == [0.81, 3.49]
    assert ages["layout"]["shapes"] == []  # the headline is a row here, not a line
    deciles = breakdown_figure(groups[0], META, headline)
    (line,) = deciles["layout"]["shapes"]
    assert line["x0"] == 94.72
    assert deciles["data"][0]["name"] == "Value (no confidence interval published)"
    sentence = breakdowns.chart_sentence(META, groups[0], headline)
    assert "highest Least deprived decile (IMD2015) at 110.6" in sentence
    assert "lowest Most deprived decile (IMD2015) at 69.6" in sentence
    assert "none with a confidence interval published" in sentence
    assert "dashed line is the value for Persons, All ages, 94.7" in sentence


def test_a_row_without_a_value_is_named_on_the_chart_not_drawn():
    blank = row(age="0-9 yrs", value=None, note="Value for Cornwall & Isles of Scilly combined")
    (ages,) = breakdowns.breakdown_groups([ROWS[0], blank], "2015", META)
    figure = breakdown_figure(ages, META)
    assert figure["data"][-1]["y"] == ["All ages"]
    assert [a["text"] for a in figure["layout"]["annotations"]] == ["<i>no data</i>"]
    assert "1 without a value (0-9 yrs)" in breakdowns.chart_sentence(META, ages, None)


def test_a_superseded_area_is_named_with_the_year_it_was_replaced():
    dorset = {"area_code": "E10000009", "area_name": "Dorset", "valid_to": 2018,
              "replaced_by": "E06000059"}
    assert breakdowns.superseded(dorset) == {"name": "Dorset", "code": "E10000009",
                                             "year": 2019, "ended": 2018}
    assert breakdowns.superseded({**dorset, "valid_to": None}) is None
