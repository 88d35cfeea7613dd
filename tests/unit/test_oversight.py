"""The regional oversight view's page model (dashboard/views/oversight.py): pure records in,
rows and sentences out."""

from __future__ import annotations

from dashboard.views import oversight as view

NORTH_WEST = {"area_code": "E12000002", "area_name": "North West", "area_type": "region"}


def target(indicator: str, status: str, theme: str, travel: str = "improved",
           labels: tuple[str, ...] = ("2023/24", "2024/25"), **extra) -> dict:
    return {"indicator_id": indicator, "area_code": "E08000004", "area_name": "Oldham",
            "title": indicator.replace("-", " ").capitalize(), "theme": theme,
            "status": status, "reason": f"Why {indicator} is {status}.", "travel": travel,
            "spark_labels": list(labels), "latest_period": labels[-1] if labels else None,
            "illustrative": True, **extra}


def partnership(pid: str, name: str, members: list[tuple[str, str]]) -> dict:
    return {"partnership_id": pid, "name": name, "partnership_type": "local strategic partnership",
            "members": [c for c, _ in members], "member_names": [n for _, n in members]}


PARTNERSHIPS = [
    partnership("cumbria", "Cumbria", [("E06000063", "Cumberland"),
                                       ("E06000064", "Westmorland and Furness")]),
    partnership("oldham", "Oldham", [("E08000004", "Oldham")]),
    partnership("empty", "Empty", [("E08000010", "Wigan")]),
]
CARDS = {
    "cumbria": [target("gcse", "off_track", "skills", "worsened"),
                target("claimant-count", "on_track", "work and worklessness"),
                target("housing-stock", "no_data", "housing", "not_compared", ("2024/25",))],
    "oldham": [target("pay", "missed", "work and worklessness", "no_change"),
               target("absence", "on_track", "skills"),
               target("emissions", "achieved", "environment"),
               target("affordability", "at_risk", "housing", "worsened")],
}


def test_only_english_regions_and_england_have_an_oversight_view():
    assert view.is_oversight_place(NORTH_WEST)
    assert view.is_oversight_place({"area_code": "E92000001", "area_type": "nation"})
    assert not view.is_oversight_place({"area_code": "W92000004", "area_type": "nation"})
    assert not view.is_oversight_place({"area_code": "E08000004", "area_type": "lad"})
    assert not view.is_oversight_place(None)


def test_every_partnership_with_its_counts_side_by_side():
    page = view.oversight_view(PARTNERSHIPS, CARDS)
    assert [r["name"] for r in page["rows"]] == ["Cumbria", "Oldham", "Empty"]
    cumbria, oldham, empty = page["rows"]
    assert list(cumbria["counts"]) == ["achieved", "on_track", "at_risk", "off_track",
                                       "missed", "no_data"]
    assert cumbria["counts"] == {"achieved": 0, "on_track": 1, "at_risk": 0,
                                 "off_track": 1, "missed": 0, "no_data": 1}
    assert oldham["counts"]["missed"] == 1 and oldham["total"] == 4
    assert empty["total"] == 0 and empty["summary"] == "no targets"
    assert cumbria["href"] == "/scorecard/cumbria"
    assert cumbria["members"] == "Cumberland (E06000063), Westmorland and Furness (E06000064)"
    assert page["totals"] == {"achieved": 1, "on_track": 2, "at_risk": 1, "off_track": 1,
                              "missed": 1, "no_data": 1}
    assert page["summary"] == ("3 partnerships, 7 targets: 1 achieved, 2 on track, 1 at risk, "
                               "1 off track, 1 missed, 1 no data")
    assert page["shown"] == "Showing all 3 partnerships."
    assert page["listed_ids"] == ["cumbria", "oldham", "empty"]
    assert page["illustrative"]


def test_what_changed_counts_each_targets_direction_of_travel():
    cumbria, oldham, _ = view.oversight_view(PARTNERSHIPS, CARDS)["rows"]
    assert cumbria["changes"] == {"improved": 1, "worsened": 1, "no_change": 0,
                                  "not_compared": 1}
    assert cumbria["change_summary"] == "1 improved, 1 worsened; 1 not compared"
    assert oldham["change_summary"] == "2 improved, 1 worsened, 1 no change"
    texts = {t["title"]: t["change_text"] for t in cumbria["targets"]}
    assert texts == {"Gcse": "Worsened since 2023/24",
                     "Claimant count": "Improved since 2023/24",
                     "Housing stock": "Not compared: no earlier published value to compare "
                                      "with"}
    assert "does not show which statuses changed" in view.CHANGE_EXPLAINED


def test_a_theme_filter_counts_only_that_themes_targets():
    page = view.oversight_view(PARTNERSHIPS, CARDS, themes=["housing"])
    assert [r["id"] for r in page["rows"]] == ["cumbria", "oldham"]  # Empty has none
    assert [r["total"] for r in page["rows"]] == [1, 1]
    assert page["rows"][1]["counts"]["at_risk"] == 1
    assert page["shown"] == ("Showing 2 of 3 partnerships: counting their targets in "
                             "housing.")
    # the options count the chosen themes' targets; themes come from every target
    assert {o["value"]: o["label"] for o in page["status_options"]}["no_data"] == "○ No data (1)"
    assert [o["value"] for o in page["theme_options"]] == [
        "environment", "housing", "skills", "work and worklessness"]


def test_a_status_filter_lists_partnerships_with_such_a_target():
    page = view.oversight_view(PARTNERSHIPS, CARDS, statuses=["missed", "off_track"])
    assert [r["id"] for r in page["rows"]] == ["cumbria", "oldham"]
    assert [[t["status"] for t in r["targets"]] for r in page["rows"]] == [
        ["off_track"], ["missed"]]
    # the counts stay every status of their targets
    assert page["rows"][1]["counts"]["on_track"] == 1
    assert page["shown"] == ("Showing 2 of 3 partnerships: those with a target missed or "
                             "off track.")
    none = view.oversight_view(PARTNERSHIPS, CARDS, themes=["environment"],
                               statuses=["off_track"])
    assert none["rows"] == [] and none["listed_ids"] == []


def test_targets_link_to_their_pages_with_status_words_and_shapes():
    item = view.oversight_view(PARTNERSHIPS, CARDS)["rows"][1]["targets"][0]
    assert item["href"] == "/target/oldham/pay?area=E08000004"
    assert item["status_label"] == "⊘ Missed"
    assert item["reason"] == "Why pay is missed."


def test_filters_and_downloads_live_in_the_query_string():
    assert view.filter_search([], []) == ""
    assert view.filter_search(["skills", "housing"], ["on_track", "missed", "bogus"]) == \
        "?theme=housing%2Cskills&status=missed%2Con_track"
    assert view.chosen("housing,skills", ["missed", "nonsense"]) == (["housing", "skills"],
                                                                     ["missed"])
    assert view.download_href("E12000002", "csv", ["housing"], []) == \
        "/oversight/E12000002/returns.csv?theme=housing"
    assert view.oversight_href("E92000001") == "/oversight/E92000001"


def test_the_index_lists_england_then_the_regions_with_their_partnerships():
    places = [NORTH_WEST, {"area_code": "E92000001", "area_name": "England", "area_type": "nation"},
              {"area_code": "E12000001", "area_name": "North East", "area_type": "region"},
              {"area_code": "W92000004", "area_name": "Wales", "area_type": "nation"}]
    regions = [{"partnership_id": "oldham", "region_code": "E12000002",
                "nation_code": "E92000001"},
               {"partnership_id": "cumbria", "region_code": "E12000002",
                "nation_code": "E92000001"}]
    rows = view.place_rows(places, regions)
    assert [(r["name"], r["partnerships"]) for r in rows] == [
        ("England", 2), ("North East", 0), ("North West", 2)]
    assert view.place_words("North West") == "the North West"
    assert view.place_words("London") == "London"
    assert view.region_summary(0, []) == \
        "No partnerships that you can see have member areas here."
