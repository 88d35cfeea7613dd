"""Board meetings recorded as presented: the scorecard a board saw stays as it was after
a revised data file is loaded and a target is changed; the live scorecard shows the new
figures, and "since the last meeting" lists the differences. Recording is for editors
and data managers, audited and never changed; each audience reads its own view."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from dashboard.cli.data import load_steps
from dashboard.common.config import DATA_DIR, Settings
from dashboard.ingest.loader import load_files
from dashboard.security import meetings
from dashboard.security.duties import set_duties
from dashboard.server.app import create_app
from dashboard.store.derived.targets import load_files as load_targets
from dashboard.views.meetings import since_last
from tests.signing import sign_in

PASSWORD = "correct horse battery staple"


@pytest.fixture()
def app(built_store_path: Path, tmp_path: Path, settings: Settings):
    from dataclasses import replace

    store = tmp_path / "store.duckdb"
    shutil.copy2(built_store_path, store)
    app = create_app(replace(settings, store_path=store))
    accounts = app.server.extensions["placeboard"]["accounts"]
    accounts.add_user("eve", PASSWORD, "partner", ["oldham"])
    accounts.add_user("pat", PASSWORD, "partner", ["oldham"])
    set_duties(accounts, "eve", ["editor:oldham"])
    yield app
    app.server.extensions["placeboard"]["store"].close()


def record(client, day: str, title: str):
    page = client.get("/scorecard/oldham/meetings").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    return client.post("/scorecard/oldham/meetings", data={
        "csrf_token": token.group(1) if token else "", "meeting_date": day, "title": title})


def scorecard(client, app, query: str = "") -> str:
    """The scorecard's content as the browser gets it (the pages router's answer)."""
    client.get("/")
    router = next(k for k in app.callback_map if "_pages_content.children" in k)
    body = {"output": router, "outputs": [{"id": p.rsplit(".", 1)[0],
                                           "property": p.rsplit(".", 1)[1]}
                                          for p in router.strip(".").split("...")],
            "inputs": [{"id": "_pages_location", "property": "pathname",
                        "value": "/scorecard/oldham"},
                       {"id": "_pages_location", "property": "search", "value": query}],
            "state": [], "changedPropIds": ["_pages_location.pathname"]}
    return json.dumps(client.post("/_dash-update-component", json=body).json,
                      ensure_ascii=False)


def revise_claimant_count(folder: Path, store: Path) -> None:
    """A revised claimant count file (Oldham's 2025 value 6.6 -> 4.2, 2024's 6.9 -> 7.1)
    and a target
    changed in the targets file (Oldham's claimant count target 5.0 -> 6.0)."""
    source = DATA_DIR / "ons" / "claimant-count"
    for name in ("claimant-count.csv", "claimant-count.json"):
        shutil.copy2(source / name, folder / name)
    path = folder / "claimant-count.csv"
    text = path.read_bytes().decode("utf-8-sig")
    old = "E08000004,Oldham,Local Authority District,Claimant Count,2025-01-01/P1Y,6.6,"
    earlier = "E08000004,Oldham,Local Authority District,Claimant Count,2024-01-01/P1Y,6.9,"
    assert old in text and earlier in text
    text = text.replace(old, old.replace(",6.6,", ",4.2,"))
    path.write_text(text.replace(earlier, earlier.replace(",6.9,", ",7.1,")),
                    encoding="utf-8")
    result = load_files(store, [path], DATA_DIR, refresh_steps=load_steps())
    assert result.ok, [f.report.summary() for f in result.files]
    targets = yaml.safe_load((DATA_DIR / "targets" / "examples.yaml").read_text())
    for target in targets["targets"]:
        if (target["partnership"], target["indicator"]) == ("oldham", "claimant-count"):
            target["target_value"] = 6.0
    changed = folder / "targets.yaml"
    changed.write_text(yaml.safe_dump(targets, sort_keys=False))
    assert load_targets(store, [changed]).ok


def test_a_meeting_stays_as_presented_after_new_data_and_rules(app, tmp_path: Path) -> None:
    editor, member, anyone = (app.server.test_client() for _ in range(3))
    sign_in(editor, "eve")
    sign_in(member, "pat")
    answer = record(editor, "2026-12-01", "Board meeting, December 2026")
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/scorecard/oldham?meeting=2026-12-01"
    before = scorecard(member, app, "?meeting=2026-12-01")
    assert "As presented at" in before and "6.6%" in before

    store = app.server.extensions["placeboard"]["settings"].store_path
    revise_claimant_count(tmp_path, store)

    presented = scorecard(member, app, "?meeting=2026-12-01")
    assert "6.6%" in presented and "5.0% by 2027" in presented  # as the board saw it
    live = scorecard(member, app)
    assert "4.2%" in live and "6.0% by 2027" in live
    assert "Since the last meeting (Board meeting, December 2026" in live
    line = '"Claimant count: "}, "type": "Strong", "namespace": "dash_html_components"}, "'
    plain = live.replace("Claimant Count", "Claimant count")
    assert line + '2025 revised: was 6.6, now 4.2"' in plain
    assert line + '✖ Off track → ★ Achieved"' in plain
    assert line + '2024 revised: was 6.9, now 7.1"' in plain  # an earlier period too
    assert "As presented at" in scorecard(anyone, app, "?meeting=2026-12-01")

    pdf = member.get("/scorecard/oldham/meetings/2026-12-01.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert anyone.get("/scorecard/oldham/meetings/2026-12-01.pdf").status_code == 404
    log = app.server.extensions["placeboard"]["accounts"].audit_log(
        action="meeting_recorded")
    assert list(log["actor"]) == ["eve"] and log["target"].iloc[0] == \
        "meeting:oldham:2026-12-01"


def test_only_editors_and_data_managers_record_and_never_twice(app) -> None:
    editor, member = app.server.test_client(), app.server.test_client()
    sign_in(editor, "eve")
    sign_in(member, "pat")
    assert "Record a meeting" not in member.get("/scorecard/oldham/meetings").text
    assert record(member, "2026-12-01", "Mine").status_code == 403
    assert record(editor, "2026-12-01", "First").status_code == 303
    again = record(editor, "2026-12-01", "Second")
    assert again.status_code == 400 and "already recorded" in again.text
    assert record(editor, "2026-13-45", "Bad").status_code == 400
    accounts = app.server.extensions["placeboard"]["accounts"]
    assert [m.title for m in meetings.listed(accounts, "oldham")] == ["First"]


def test_since_last_lists_status_changes_new_data_and_revisions() -> None:
    then = [{"indicator_id": "a", "area_code": "X", "title": "A", "status": "on_track",
             "latest_period": "2024", "latest_value": 5.0},
            {"indicator_id": "b", "area_code": "X", "title": "B", "status": "at_risk",
             "latest_period": "2024", "latest_value": 7.0},
            {"indicator_id": "c", "area_code": "X", "title": "C", "status": "at_risk",
             "latest_period": "2024", "latest_value": 1.0}]
    now = [{"indicator_id": "a", "area_code": "X", "title": "A", "status": "off_track",
            "latest_period": "2025", "latest_value": 6.0},
           {"indicator_id": "b", "area_code": "X", "title": "B", "status": "at_risk",
            "latest_period": "2024", "latest_value": 7.25}]
    lines = since_last(then, now)
    assert [(line["title"], line["kind"]) for line in lines] == [
        ("A", "status"), ("A", "new data"), ("B", "revised"), ("C", "removed")]
    assert lines[2]["text"] == "2024 revised: was 7, now 7.25"
