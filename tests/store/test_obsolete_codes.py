"""Codes that have ended (Cumbria, E10000006, replaced in 2023 by Cumberland and
Westmorland and Furness): a file using one for a later period is warned about, naming
the successors, and the indicator page says the area was replaced, with links, while
still showing the old area's published values."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from dashboard import cli
from dashboard.common.geography import ENGLAND

CUMBRIA, CUMBERLAND, WESTMORLAND = "E10000006", "E06000063", "E06000064"
HEADER = "indicator,area_code,period,value\n"


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_check_warns_about_a_code_used_after_it_ended(built_store_path: Path, tmp_path: Path,
                                                      capsys) -> None:
    path = tmp_path / "county-widgets.csv"
    path.write_text(HEADER + f"Widgets,{CUMBRIA},2021,1.5\nWidgets,{CUMBRIA},2024,2.5\n"
                    f"Widgets,{CUMBRIA},2025,2.0\n")
    code, out = run(capsys, "check", str(path), "--store", str(built_store_path))
    assert code == 0, out
    assert f"line 3, column area_code: value '{CUMBRIA}'" in out
    assert "Cumbria" in out and "ended in 2022" in out and "2 rows" in out
    assert f"{CUMBERLAND} Cumberland" in out and f"{WESTMORLAND} Westmorland and Furness" in out


def test_a_code_used_while_it_was_valid_is_not_warned_about(built_store_path: Path,
                                                           tmp_path: Path, capsys) -> None:
    path = tmp_path / "county-widgets.csv"
    path.write_text(HEADER + f"Widgets,{CUMBRIA},2021,1.5\nWidgets,{CUMBRIA},2022/23,2.5\n")
    code, out = run(capsys, "check", str(path), "--store", str(built_store_path))
    assert code == 0 and "Obsolete" not in out and "ended in" not in out, out


def test_load_warns_and_records_the_finding(built_store_path: Path, tmp_path: Path, capsys,
                                            monkeypatch) -> None:
    import shutil

    store = tmp_path / "store.duckdb"
    shutil.copy(built_store_path, store)
    monkeypatch.setattr(cli.data, "load_steps", list)
    path = tmp_path / "county-widgets.csv"
    path.write_text(HEADER + f"Widgets,{CUMBRIA},2024,2.5\n")
    (tmp_path / "county-widgets.json").write_text(json.dumps({"source": "A county"}))
    code, out = run(capsys, "load", str(path), "--store", str(store))
    assert code == 0 and "loaded as load" in out
    assert "ended in 2022" in out and CUMBERLAND in out
    with duckdb.connect(str(store), read_only=True) as con:
        rule, value = con.execute("SELECT rule, value FROM quality_findings f JOIN loads l "
                                  "USING (load_id) WHERE l.file = ?", [str(path)]).fetchone()
    assert (rule, value) == ("obsolete_code", CUMBRIA)


@pytest.fixture()
def request_context(settings, store):
    from dashboard.server.app import create_app

    app = create_app(settings, store=store)
    with app.server.test_request_context():
        yield store


def test_indicator_page_says_the_area_was_replaced_and_shows_its_values(request_context):
    from layouts import indicator

    page = indicator.layout(indicator_id="apprenticeship-starts-england", area=CUMBRIA)
    text = str(page.to_plotly_json())
    assert "Cumbria (E10000006) is no longer in use" in text
    assert "Cumberland (E06000063)" in text and "Westmorland and Furness (E06000064)" in text
    assert f"/indicator/apprenticeship-starts-england?area={CUMBERLAND}" in text
    assert f"/indicator/apprenticeship-starts-england?area={WESTMORLAND}" in text
    assert "last published for the old area" in text
    selection = indicator.resolve(request_context, "apprenticeship-starts-england", CUMBRIA)
    assert selection.area == CUMBRIA and selection.area_chosen  # its values are shown


def test_indicator_page_without_values_for_the_old_code_points_to_successors(
        request_context):
    from layouts import indicator

    page = indicator.layout(indicator_id="claimant-count", area=CUMBRIA)
    text = str(page.to_plotly_json())
    assert "Cumbria (E10000006) is no longer in use" in text
    assert f"/indicator/claimant-count?area={CUMBERLAND}" in text
    assert "England is shown" in text
    assert indicator.resolve(request_context, "claimant-count", CUMBRIA).area == ENGLAND


def test_area_page_still_says_the_area_was_replaced(request_context):
    from layouts import area

    text = str(area.layout(code=CUMBRIA).to_plotly_json())
    assert "no longer in use" in text and f"/area/{CUMBERLAND}" in text
    assert "area-replaced" in text
