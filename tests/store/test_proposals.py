"""Targets proposed in the app by a partnership's editor and agreed by a data manager:
the proposal shows where it sits in the neighbours' distribution of change (checked by
hand against the store's own numbers); agreeing writes it into the store and onto the
scorecard; every step is audited with its actor; nobody else reads or decides; a
rebuilt store applies the agreed targets again."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import duckdb
import numpy as np
import pytest

from dashboard.common.config import Settings
from dashboard.security import proposals
from dashboard.security.duties import set_duties
from dashboard.server.app import create_app
from dashboard.store.derived.targets import apply_agreed
from tests.signing import PASSWORD, form_token, sign_in
from tests.store.test_target_context import NEIGHBOURS

PROPOSAL = {"indicator": "claimant-count", "area": "E08000004", "baseline_period": "2022",
            "target_period": "2027", "target_value": "3.5",
            "milestones": "2025: 4.9, 2026: 4.2", "owner": "Oldham Work and Skills",
            "rationale": "The new employment hubs reach the wards with most claimants."}


@pytest.fixture()
def app(built_store_path: Path, tmp_path: Path, settings: Settings):
    store = tmp_path / "store.duckdb"
    shutil.copy2(built_store_path, store)
    app = create_app(replace(settings, store_path=store,
                             accounts_path=tmp_path / "accounts.sqlite"))
    accounts = app.server.extensions["placeboard"]["accounts"]
    for name, partnerships in (("eve", ["oldham"]), ("pat", ["oldham"]),
                               ("walt", ["wigan"])):
        accounts.add_user(name, PASSWORD, "partner", partnerships)
    accounts.add_user("dora", PASSWORD, "analyst", [])
    set_duties(accounts, "eve", ["editor:oldham"])
    set_duties(accounts, "walt", ["editor:wigan"])
    set_duties(accounts, "dora", ["data_manager"])
    yield app
    app.server.extensions["placeboard"]["store"].close()


def client_as(app, name: str | None):
    client = app.server.test_client()
    if name:
        sign_in(client, name)
    return client


def propose(client, **changes: str):
    token = form_token(client, "/scorecard/oldham/proposals")
    return client.post("/scorecard/oldham/proposals",
                       data={**PROPOSAL, **changes, "csrf_token": token})


def decide(client, proposal_id: int, decision: str, note: str = ""):
    path = f"/scorecard/oldham/proposals/{proposal_id}"
    return client.post(path, data={"decision": decision, "note": note,
                                   "csrf_token": form_token(client, "/submit")})


def stored_target(app) -> tuple[float, str]:
    store = app.server.extensions["placeboard"]["store"]
    row = store.partnership_targets("oldham").query("indicator_id == 'claimant-count'")
    return float(row["target_value"].iloc[0]), str(row["source_file"].iloc[0])


def audit(app, action: str) -> list[tuple[str, str]]:
    log = app.server.extensions["placeboard"]["accounts"].audit_log(action=action)
    return list(zip(log["actor"], log["target"]))


def test_checked_fields_name_every_problem() -> None:
    with pytest.raises(proposals.ProposalError) as caught:
        proposals.checked_fields({"indicator": "claimant-count", "target_value": "lots",
                                  "milestones": "2025 4.9"})
    assert caught.value.problems == [
        "Choose the area",
        "Give the baseline period, as the indicator's periods are written (for example "
        "2022 or 2022-23)",
        "Give the target period, as the indicator's periods are written (for example "
        "2022 or 2022-23)",
        "The target value “lots” is not a number",
        "Milestone “2025 4.9” is not a period and a value: write them as 2025: 5.9, "
        "2026: 5.4",
        "Say why this target: what it is based on and what will make it happen"]
    fields = proposals.checked_fields(PROPOSAL)
    assert fields.target_value == 3.5 and fields.milestones == (("2025", 4.9), ("2026", 4.2))


def test_editor_proposes_data_manager_agrees_and_the_scorecard_changes(app) -> None:
    eve = client_as(app, "eve")
    answer = propose(eve)
    assert answer.status_code == 303
    path = answer.headers["Location"]
    page = eve.get(path).text
    assert "Waiting for agreement" in page and "3.5% by 2027" in page
    assert "Agreed target now</dt><dd>5.0% by 2027" in page
    # where it sits among the neighbours' changes a year, 2020 to 2025, by hand:
    # needed (3.5 - 6.5) / 5 = -0.60; those that fell at least as fast
    changes = np.array([(b - a) / 5 for a, b in NEIGHBOURS.values()])
    as_well = int((changes <= -0.6 + 1e-9).sum())
    assert as_well == 3
    assert (f"{as_well} of 14 statistical neighbours did as well over 2020 to 2025; it "
            "needs a faster improvement than 79% of them made (the 79th percentile).") \
        in page
    median, upper = np.percentile(changes, [50, 75])
    cells = re.search(r'id="proposal-spread-1">.*?<tbody><tr>(.*?)</tr>', page, re.DOTALL).group(1)
    values = re.findall(r"<td>([^<]*)</td>", cells)
    assert values[2:4] == [f"{median:+.2f}", f"{upper:+.2f}"]
    assert values[5:] == ["-0.60", "3 of 14"]
    assert 'id="proposal-agree"' not in page  # an editor does not decide
    assert stored_target(app)[0] == 5.0       # nothing changes until it is agreed

    dora = client_as(app, "dora")
    assert decide(dora, int(path.rsplit("/", 1)[1]), "agree", "Agreed at the board")\
        .status_code == 303
    assert "Agreed: the target is on the scorecard now." in dora.get(
        path + "?done=agree").text
    value, source = stored_target(app)
    assert value == 3.5 and source.startswith("proposal 1, agreed in the app by dora")
    assert audit(app, "target_proposed") == [("eve", "proposal:1")]
    assert audit(app, "target_agreed") == [("dora", "proposal:1")]
    # decided: it cannot be decided again
    assert decide(dora, 1, "decline", "no").status_code == 400


def test_a_proposal_the_store_refuses_is_not_kept(app) -> None:
    eve = client_as(app, "eve")
    answer = propose(eve, target_period="2019", indicator="claimant-count")
    assert answer.status_code == 400
    assert "The proposal was not kept:" in answer.text
    assert "Target period" in answer.text
    assert proposals.listing(app.server.extensions["placeboard"]["accounts"], "oldham") == []


def test_only_editors_propose_and_only_data_managers_decide(app) -> None:
    assert client_as(app, None).get("/scorecard/oldham/proposals").status_code == 303
    assert client_as(app, "pat").get("/scorecard/oldham/proposals").status_code == 404
    assert client_as(app, "walt").get("/scorecard/oldham/proposals").status_code == 404
    eve = client_as(app, "eve")
    assert propose(eve).status_code == 303
    assert client_as(app, "walt").get("/scorecard/oldham/proposals/1").status_code == 404
    assert decide(eve, 1, "agree").status_code == 403
    dora = client_as(app, "dora")
    refused = decide(dora, 1, "decline")
    assert refused.status_code == 400 and "Say why the proposal is sent back" in refused.text
    assert decide(dora, 1, "decline", "Too timid: neighbours did better").status_code == 303
    page = eve.get("/scorecard/oldham/proposals/1").text
    assert "Sent back" in page and "Too timid: neighbours did better" in page
    assert audit(app, "target_declined") == [("dora", "proposal:1")]
    assert stored_target(app)[0] == 5.0


def test_a_data_manager_may_not_agree_their_own_proposal(app) -> None:
    accounts = app.server.extensions["placeboard"]["accounts"]
    set_duties(accounts, "dora", ["data_manager", "editor:oldham"])
    dora = client_as(app, "dora")
    assert propose(dora).status_code == 303
    refused = decide(dora, 1, "agree")
    assert refused.status_code == 400 and "another data manager must agree it" in refused.text
    assert decide(dora, 1, "withdraw").status_code == 303
    assert audit(app, "target_withdrawn") == [("dora", "proposal:1")]


def test_a_rebuilt_store_applies_the_agreed_targets_again(app, built_store_path,
                                                          tmp_path) -> None:
    eve, dora = client_as(app, "eve"), client_as(app, "dora")
    propose(eve)
    decide(dora, 1, "agree")
    settings = app.server.extensions["placeboard"]["settings"]
    fresh = tmp_path / "rebuilt.duckdb"
    shutil.copy2(built_store_path, fresh)  # as a build leaves it: the examples' 5.0
    with duckdb.connect(str(fresh)) as con:
        apply_agreed(con, settings)
        rows = con.execute("SELECT target_value, source_file FROM targets WHERE "
                           "partnership_id = 'oldham' AND indicator_id = 'claimant-count'"
                           ).fetchall()
        milestones = con.execute("SELECT period_label, value FROM target_milestones WHERE "
                                 "partnership_id = 'oldham' AND indicator_id = "
                                 "'claimant-count' ORDER BY 1").fetchall()
    assert rows == [(3.5, "proposal 1, agreed in the app by dora")]
    assert milestones == [("2025", 4.9), ("2026", 4.2)]


def test_a_done_message_shows_only_for_what_was_done(app) -> None:
    eve = client_as(app, "eve")
    propose(eve)
    page = eve.get("/scorecard/oldham/proposals/1?done=agree").text
    assert "Agreed: the target is on the scorecard now." not in page
    assert "Waiting for agreement" in page
