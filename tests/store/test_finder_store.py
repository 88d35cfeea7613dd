"""The "worse and getting worse" finder against the real store built from data/: what it
finds is what the judgements and trends tables say, in both views, and never what the
viewer may not see."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from dashboard.security.access import PUBLIC, SYSTEM, Viewer
from dashboard.server.app import create_app
from dashboard.store import Store, make_cache
from dashboard.views import finder
from dashboard.views.explore import PARTNERSHIP_AREAS
from dashboard.views.finder import AREA, INDICATOR

SYNTHETIC = "synthetic-example-employment-support-starts"
OLDHAM = "E08000004"
OLDHAM_PARTNER = Viewer("partner", frozenset({"oldham"}), "pat")
WIGAN_PARTNER = Viewer("partner", frozenset({"wigan"}), "wyn")

# An independent reading of the build's tables (the oracle the finder is checked against).
BOTH = """
SELECT j.indicator_id, j.area_code, a.area_type, j.benchmark, j.level
FROM judgements j
JOIN trends t ON t.indicator_id = j.indicator_id AND t.area_code = j.area_code
     AND t.period_start = j.period_start AND t.period_duration = j.period_duration
JOIN areas a ON a.area_code = j.area_code
JOIN indicators i ON i.indicator_id = j.indicator_id
WHERE j.is_latest AND j.result = 'worse' AND t.trend = 'getting_worse'
  AND a.area_type IN ('lad', 'county') AND a.valid_to IS NULL AND j.area_code LIKE 'E%'
  AND i.access_level = 'public'
ORDER BY j.indicator_id, j.area_code, j.benchmark, j.level
"""
WORSE_COUNT = """
SELECT count(*) FROM judgements
WHERE area_code = ? AND is_latest AND benchmark = ? AND (level = ? OR level IS NULL)
  AND result = 'worse'
  AND indicator_id NOT LIKE 'iod%'
"""


def read(path: Path, text: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.execute(text, params or []).fetchall()


def found(store: Store, view: str, *args: object) -> list[dict]:
    frame = store.judged_indicators(*args) if view == AREA else store.judged_areas(*args)
    return finder.worse_and_worsening(finder.finder_rows(frame, view))


def assert_found_in_both_views(store: Store, indicator_id: str, code: str, area_type: str,
                               benchmark: str, level: float) -> None:
    by_area = found(store.for_viewer(PUBLIC), AREA, code, benchmark, level)
    assert indicator_id in {r["indicator_id"] for r in by_area}
    by_indicator = found(store.for_viewer(PUBLIC), INDICATOR, indicator_id, area_type,
                         benchmark, level)
    assert code in {r["area_code"] for r in by_indicator}


def test_what_the_tables_say_is_worse_and_getting_worse_is_found_in_both_views(
        store, built_store_path):
    rows = read(built_store_path, BOTH)
    if not rows:
        pytest.skip("no row of this build is both worse and getting worse "
                    "(the patched-store test below still checks the finder)")
    for indicator_id, code, area_type, benchmark, level in rows[:5]:
        assert_found_in_both_views(store, indicator_id, code, area_type, benchmark, level)


def test_a_row_made_worse_and_getting_worse_is_found_in_both_views(built_store_path,
                                                                   tmp_path):
    """Independent of what this build happens to contain: a copy of the store in which
    one of Oldham's worse indicators is marked getting worse."""
    path = tmp_path / "patched.duckdb"
    shutil.copy(built_store_path, path)
    with duckdb.connect(str(path)) as connection:
        indicator_id, period = connection.execute(
            "SELECT indicator_id, period_start FROM judgements WHERE area_code = ? AND "
            "is_latest AND benchmark = 'england' AND (level = 0.95 OR level IS NULL) "
            "AND result = 'worse' "
            "AND indicator_id NOT LIKE 'iod%' ORDER BY indicator_id LIMIT 1",
            [OLDHAM]).fetchone()
        connection.execute("UPDATE trends SET trend = 'getting_worse', reason = "
                           "'Getting worse: patched for this test.' WHERE indicator_id = ? "
                           "AND area_code = ? AND period_start = ?",
                           [indicator_id, OLDHAM, period])
    patched = Store(path, make_cache())
    assert_found_in_both_views(patched, indicator_id, OLDHAM, "lad", "england", 0.95)
    (row,) = [r for r in found(patched, AREA, OLDHAM) if r["indicator_id"] == indicator_id]
    assert row["trend_reason"] == "Getting worse: patched for this test."
    assert row["comparison_word"] == "Worse" and row["trend_word"] == "Getting worse"


@pytest.mark.parametrize("benchmark", ["england", "region", "neighbours"])
@pytest.mark.parametrize("level", [0.95, 0.998])
def test_every_row_shown_is_worse_and_getting_worse_and_the_counts_add_up(
        store, built_store_path, benchmark, level):
    for code, _ in PARTNERSHIP_AREAS[:5]:
        rows = finder.finder_rows(store.judged_indicators(code, benchmark, level), AREA)
        for row in finder.worse_and_worsening(rows):
            assert row["comparison"] == "worse" and row["trend"] == "getting_worse"
            assert row["comparison_reason"].startswith("Worse")
            assert row["trend_reason"].startswith("Getting worse")
        counts = finder.count_rows(rows)
        (expected,) = read(built_store_path, WORSE_COUNT, [code, benchmark, level])[0]
        assert counts.worse == expected, (code, benchmark, level)
        assert counts.both <= min(counts.worse, counts.getting_worse)
    areas = finder.finder_rows(store.judged_areas("employment-rate", "lad", benchmark,
                                                  level), INDICATOR)
    assert 250 < len(areas) < 320  # current English local authorities
    assert all(r["area_code"].startswith("E") for r in areas)
    for row in finder.worse_and_worsening(areas):
        assert row["comparison"] == "worse" and row["trend"] == "getting_worse"


def test_rows_carry_the_stored_judgement_at_the_chosen_level_and_benchmark(store):
    england = store.judged_indicators(OLDHAM, "england", 0.95)
    region = store.judged_indicators(OLDHAM, "region", 0.998)
    assert set(england["benchmark"].dropna()) == {"england"}
    assert set(england["level"].dropna()) == {0.95}
    assert set(region["benchmark_name"].dropna()) == {"North West"}
    assert set(region["level"].dropna()) == {0.998}
    counties = store.judged_areas("employment-rate", "county")
    assert set(counties["area_type"]) == {"county"} and "E10000017" in set(
        counties["area_code"])


def test_a_partner_only_indicator_never_reaches_the_public(store):
    views = {name: store.for_viewer(viewer) for name, viewer in (
        ("public", PUBLIC), ("wigan", WIGAN_PARTNER), ("oldham", OLDHAM_PARTNER),
        ("admin", SYSTEM))}
    for name in ("public", "wigan"):
        view = views[name]
        assert SYNTHETIC not in set(view.judged_indicators(OLDHAM)["indicator_id"]), name
        assert view.judged_areas(SYNTHETIC).empty, name
        assert SYNTHETIC not in set(view.trend_coverage()["indicator_id"]), name
    for name in ("oldham", "admin"):  # the check above is not vacuous
        assert SYNTHETIC in set(views[name].judged_indicators(OLDHAM)["indicator_id"]), name
        assert not views[name].judged_areas(SYNTHETIC).empty, name


def test_the_page_treats_a_hidden_indicator_as_unknown(settings, store):
    from layouts import worsening

    app = create_app(settings, store=store)
    with app.server.test_request_context("/worsening"):
        page = worsening.layout(indicator=SYNTHETIC)
        assert page.children[0].children == "Indicator not found"
        assert SYNTHETIC not in str(worsening.layout(area=OLDHAM))
