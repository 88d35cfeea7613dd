"""Exception reports kept in the accounts database (SQLite and PostgreSQL): every save a
new version, only a partnership's editors may save, each save audited with the actor and
what changed; and the checks a report must pass (pure)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dashboard.security import exceptions
from dashboard.security.access import PermissionDenied
from dashboard.security.accounts import Accounts
from dashboard.security.duties import set_duties
from dashboard.security.exceptions import ReportError, TargetKey

PASSWORD = "correct horse battery staple"
CLAIMANTS = TargetKey("oldham", "claimant-count", "E08000004")
PAY = TargetKey("oldham", "gross-median-weekly-pay", "E08000004")
ACTION = {"action": "Open two job clubs", "due_date": "2027-03-31",
          "progress": "in_progress", "note": "One open in Failsworth"}


@pytest.fixture()
def people(location: Path | str) -> Accounts:
    accounts = Accounts(location)
    accounts.add_user("edna", PASSWORD, "partner", ["oldham"])   # Oldham's editor
    accounts.add_user("owen", PASSWORD, "partner", ["oldham"])   # reads only
    accounts.add_user("wendy", PASSWORD, "partner", ["wigan"])   # Wigan's editor
    accounts.add_user("ann", PASSWORD, "admin")
    set_duties(accounts, "edna", ["editor:oldham"])
    set_duties(accounts, "wendy", ["editor:wigan"])
    yield accounts
    accounts.close()


def viewer(accounts: Accounts, name: str):
    return accounts.user(name).viewer()


def test_every_save_is_a_new_version_and_audited_with_what_changed(people: Accounts):
    edna = viewer(people, "edna")
    first, changed = exceptions.save(people, edna, CLAIMANTS, "off_track",
                                     "Claimants rose after the plant closed.", "Jobs board",
                                     [ACTION], based_on=0)
    assert (first.version, first.written_by, changed) == (
        1, "edna", ["first version, with 1 action"])
    second, changed = exceptions.save(
        people, edna, CLAIMANTS, "off_track", "Claimants rose after the plant closed.",
        "Oldham Works", [{**ACTION, "progress": "done"},
                         {"action": "Ask DWP for a second work coach", "due_date": "2027-06-30"}],
        based_on=1)
    assert second.version == 2
    assert changed == ["owner changed from “Jobs board” to “Oldham Works”",
                       "action added: “Ask DWP for a second work coach”",
                       "action “Open two job clubs”: progress in progress to done"]
    assert [r.version for r in exceptions.history(people, CLAIMANTS)] == [1, 2]
    first_kept = exceptions.history(people, CLAIMANTS)[0]
    assert (first_kept.owner, first_kept.actions[0].progress) == ("Jobs board", "in_progress")
    current = exceptions.latest(people, CLAIMANTS)
    assert current.owner == "Oldham Works"
    assert [(a.action, a.due_date, a.progress_words) for a in current.actions] == [
        ("Open two job clubs", date(2027, 3, 31), "Done"),
        ("Ask DWP for a second work coach", date(2027, 6, 30), "Not started")]
    log = people.audit_log(action="exception_edited")
    assert list(log["actor"]) == ["edna", "edna"]
    assert set(log["target"]) == {"exception:oldham/claimant-count/E08000004"}
    detail = json.loads(log["detail"].iloc[0])
    assert detail["version"] == 2 and "action added: “Ask DWP for a second work coach”" \
        in detail["changes"]


def test_only_the_partnerships_editors_save(people: Accounts):
    for name in ("owen", "wendy"):
        with pytest.raises(PermissionDenied, match="editor of Oldham"):
            exceptions.save(people, viewer(people, name), CLAIMANTS, "off_track", "Text",
                            "Owner", [ACTION], partnership_name="Oldham")
    report, _ = exceptions.save(people, viewer(people, "ann"), CLAIMANTS, "off_track",
                                "Text", "Owner", [ACTION])  # administrators edit all
    assert report.written_by == "ann"
    assert exceptions.history(people, CLAIMANTS) == [report]
    assert list(people.audit_log(action="exception_edited")["actor"]) == ["ann"]


def test_a_save_over_someone_elses_newer_version_is_refused(people: Accounts):
    exceptions.save(people, viewer(people, "ann"), CLAIMANTS, "missed", "A", "B", [ACTION],
                    based_on=0)
    with pytest.raises(ReportError, match="ann saved version 1 .* reload the page"):
        exceptions.save(people, viewer(people, "edna"), CLAIMANTS, "missed", "C", "D",
                        [ACTION], based_on=0)
    assert len(exceptions.history(people, CLAIMANTS)) == 1
    assert len(people.audit_log(action="exception_edited")) == 1


def test_the_latest_report_of_each_target_of_a_partnership(people: Accounts):
    edna = viewer(people, "edna")
    assert exceptions.latest_for_partnership(people, "oldham") == {}
    version = exceptions.version(people)
    exceptions.save(people, edna, CLAIMANTS, "off_track", "One", "O", [ACTION])
    assert exceptions.version(people) != version
    exceptions.save(people, edna, CLAIMANTS, "off_track", "Two", "O", [ACTION])
    exceptions.save(people, edna, PAY, "at_risk", "Pay", "O", [])
    exceptions.save(people, viewer(people, "wendy"),
                    TargetKey("wigan", "claimant-count", "E08000010"), "missed", "W", "O",
                    [ACTION])
    found = exceptions.latest_for_partnership(people, "oldham")
    assert {k: (r.version, r.commentary) for k, r in found.items()} == {
        ("claimant-count", "E08000004"): (2, "Two"),
        ("gross-median-weekly-pay", "E08000004"): (1, "Pay")}
    assert found[("gross-median-weekly-pay", "E08000004")].actions == ()


# -- the checks (pure) ------------------------------------------------------------------------

def problems(commentary="Text", owner="Owner", actions=(ACTION,), status="off_track"):
    with pytest.raises(ReportError) as caught:
        exceptions.checked_draft(commentary, owner, list(actions), status)
    return caught.value.problems


def test_a_report_says_every_problem_in_words():
    assert problems(commentary="  ", owner="", actions=[]) == [
        "Write the commentary: what is happening and why",
        "Name the owner: the person or body answerable for the target",
        "A target that is off track needs at least one action with a due date"]
    assert problems(actions=[{**ACTION, "due_date": "31/03/2027"}]) == [
        "Action 1: the due date “31/03/2027” is not a date; write it as YYYY-MM-DD, "
        "for example 2027-03-31"]
    assert problems(actions=[ACTION, {**ACTION, "action": "", "due_date": "2027-02-30"}]) == [
        "Action 2: say what the action is",
        "Action 2: the due date “2027-02-30” is not a date; write it as YYYY-MM-DD, "
        "for example 2027-03-31"]
    assert problems(actions=[{**ACTION, "progress": "finished"}]) == [
        "Action 1: progress “finished” is not one of not started, in progress, done, overdue"]
    assert problems(commentary="x" * 4001) == [
        "The commentary is at most 4000 characters (this is 4001)"]
    assert problems(actions=[{**ACTION, "due_date": "1999-12-31"}]) == [
        "Action 1: the due date 1999-12-31 is not between 2000 and 2100"]
    assert problems(status="on_track")[0].startswith(
        "An exception report is written for a target that is at risk, off track or missed")


def test_an_at_risk_target_may_have_no_action_and_blank_rows_are_left_out():
    draft = exceptions.checked_draft(" Watching  it\nclosely ", "Board", [
        {"action": " ", "due_date": None, "note": ""}], "at_risk")
    assert draft == exceptions.Draft("Watching it\nclosely", "Board", ())
    draft = exceptions.checked_draft("Text", "Owner", [
        {**ACTION, "due_date": "2027-03-31T00:00:00"}], "missed")
    assert draft.actions[0].due_date == date(2027, 3, 31)


def test_changes_in_words():
    one = exceptions.Draft("A", "B", (exceptions.Action("Do X", date(2027, 1, 1),
                                                        "not_started"),))
    two = exceptions.Draft("A2", "B", (exceptions.Action("Do X", date(2027, 2, 1),
                                                         "not_started", "asked"),
                                       exceptions.Action("Do Y", date(2027, 2, 1), "done")))
    assert exceptions.changes(one, two) == [
        "commentary changed", "action added: “Do Y”",
        "action “Do X”: due 2027-01-01 to 2027-02-01, note changed"]
    assert exceptions.changes(two, one) == [
        "commentary changed", "action removed: “Do Y”",
        "action “Do X”: due 2027-02-01 to 2027-01-01, note changed"]
    assert exceptions.changes(one, one) == ["no changes: confirmed as current"]


# -- out of date or missing (pure) ------------------------------------------------------------

def written(at: str, status: str = "off_track") -> exceptions.Report:
    return exceptions.Report(1, CLAIMANTS, 1, "Text", "Owner", status, "edna", at, ())


def test_which_reports_are_missing_out_of_date_or_current():
    from datetime import datetime

    import pandas as pd

    from dashboard.views.exceptions import freshness

    today = date(2026, 12, 2)
    report = written("2026-11-20T10:00:00+00:00")
    assert freshness(report, "on_track", None, today).state == "not_needed"
    assert freshness(None, "at_risk", None, today).reason == (
        "Exception report missing: the target is at risk and no report has been written")
    current = freshness(report, "off_track", datetime(2026, 11, 19, 9, 0), today)
    assert (current.state, current.reason) == (
        "current", "Exception report written by edna on 20 November 2026")
    assert freshness(report, "missed", None, today).reason == (
        "Exception report out of date: written on 20 November 2026 when the target was "
        "off track; it is now missed")
    # a naive time from the store is UTC; a pandas time as the store hands it back
    assert freshness(report, "off_track", pd.Timestamp("2026-11-21 08:00"), today).reason == (
        "Exception report out of date: written on 20 November 2026, before the latest "
        "data was loaded on 21 November 2026")
    assert freshness(report, "off_track", pd.NaT, today).state == "current"
    assert freshness(report, "off_track", None, date(2027, 2, 18)).state == "current"
    assert freshness(report, "off_track", None, date(2027, 2, 19)).reason == (
        "Exception report out of date: written on 20 November 2026, 91 days ago (more "
        "than 90)")


def test_the_scorecard_line_names_what_is_missing_and_out_of_date():
    from dashboard.views.exceptions import scorecard_line, scorecard_marks

    card = [{"indicator_id": "claimant-count", "area_code": "E08000004",
             "title": "Claimant Count", "status": "off_track"},
            {"indicator_id": "gross-median-weekly-pay", "area_code": "E08000004",
             "title": "Pay", "status": "at_risk"},
            {"indicator_id": "employment-rate", "area_code": "E08000004",
             "title": "Employment", "status": "on_track"}]
    today = date(2026, 12, 2)
    marks = scorecard_marks(card, {}, {}, today)
    assert scorecard_line(card, marks) == (
        "Exception reports: 2 missing (Claimant Count; Pay).")
    reports = {("claimant-count", "E08000004"): written("2026-11-20T10:00:00+00:00"),
               ("gross-median-weekly-pay", "E08000004"):
               written("2026-11-20T10:00:00+00:00", "off_track")}
    marks = scorecard_marks(card, reports, {}, today)
    assert scorecard_line(card, marks) == "Exception reports: 1 out of date (Pay)."
    reports[("gross-median-weekly-pay", "E08000004")] = written(
        "2026-11-20T10:00:00+00:00", "at_risk")
    assert scorecard_line(card, scorecard_marks(card, reports, {}, today)) == (
        "Exception reports: all 2 targets at risk, off track or missed have a current "
        "report.")
    assert scorecard_line(card[2:], marks) == (
        "No target is at risk, off track or missed: no exception report is needed.")


def test_the_scorecard_column_says_the_state_in_a_shape_and_a_word():
    from dashboard.views.exceptions import Freshness
    from layouts.scorecard import exception_link

    href = "/target/oldham/claimant-count#target-commentary"
    missing = Freshness("missing", "Exception report missing: the target is off track and "
                                   "no report has been written")
    assert missing.short_mark == "! Missing"
    assert exception_link(missing, href) == (
        f'[! Missing]({href} "! Exception report missing: the target is off track and no '
        'report has been written")')
    assert Freshness("out_of_date", "written before the status changed").short_mark == \
        "⟳ Out of date"
    assert Freshness("current", "written by edna").short_mark == "✓ Current"
    assert exception_link(Freshness("not_needed", ""), href) == "Not needed"
    assert exception_link(None, href) == ""
