"""Recording a board meeting as presented, and its plain pages: /scorecard/<p>/meetings
(the partnership's meetings; for its editors and data managers, the form to record one)
and /scorecard/<p>/meetings/<date>.pdf (the board pack as presented, for those who see
the partnership's own view). The scorecard itself shows a meeting at
/scorecard/<p>?meeting=<date> (layouts/scorecard.py)."""

from __future__ import annotations

from typing import NamedTuple

from flask import Flask, Response, abort, redirect, request
from flask_wtf.csrf import validate_csrf
from wtforms.validators import ValidationError

from dashboard.common import clock
from dashboard.exports import boardpack
from dashboard.methods import targets
from dashboard.security import exceptions, meetings
from dashboard.security.access import PUBLIC, Viewer
from dashboard.security.accounts import AccountError
from dashboard.security.duties import is_data_manager, is_editor
from dashboard.store import Store
from dashboard.views.meetings import frozen_records, number_words, since_last
from dashboard.web import runtime
from dashboard.web.auth import audit_export
from dashboard.web.submission_pages import FORM_EXPIRED, page
from dashboard.web.submission_templates import MEETINGS

VERSION_FIELDS = ("dataset_id", "dataset_title", "publisher", "source_date", "load_id",
                  "loaded_at", "sha256", "indicators")


class Since(NamedTuple):
    """What has changed since the last meeting: the heading, the lines (as
    dashboard.views.meetings.since_last gives them) and the meeting's date."""

    heading: str
    lines: list[dict]
    meeting_date: str


def last_meeting_changes(partnership_id: str, card: list[dict]) -> Since | None:
    """What has changed since the last meeting for the request's viewer, or None when
    no meeting is recorded."""
    accounts = runtime.accounts()
    recorded = meetings.listed(accounts, partnership_id)
    if not recorded:
        return None
    last = meetings.get(accounts, partnership_id, recorded[0].meeting_date)
    revised = runtime.store().partnership_revisions_since(
        partnership_id, since=clock.parse(last.recorded_at))
    return Since(f"Since the last meeting ({last.title}, {last.meeting_date})",
                 since_last(meetings.view_for(last, runtime.viewer()), card,
                            earlier_revisions(revised, card)),
                 last.meeting_date)


def earlier_revisions(revised: list[dict], card: list[dict]) -> list[dict]:
    """Revisions of periods before each target's latest (a revised latest value is found
    by comparing the records themselves), as lines for `since_last`."""
    titles = {row["indicator_id"]: row.get("title") for row in card}
    latest = {(row["indicator_id"], row["area_code"]): row.get("latest_period")
              for row in card}
    lines = []
    for item in revised:
        key = (item["indicator_id"], item["area_code"])
        if key not in latest or item.get("period_label") == latest[key]:
            continue
        lines.append({"indicator_id": item["indicator_id"],
                      "title": titles.get(item["indicator_id"]) or item["indicator_id"],
                      "text": f"{item.get('period_label')} revised: was "
                              f"{number_words(item.get('previous_value'))}, now "
                              f"{number_words(item.get('value'))}"})
    return lines


def with_reports(records: list[dict], reports: dict) -> list[dict]:
    """Records with each target's current exception report in place of the targets
    file's commentary, owner and action."""
    out = []
    for row in records:
        report = reports.get((row["indicator_id"], row["area_code"]))
        if report is not None:
            row = {**row, "commentary": report.commentary, "owner": report.owner,
                   "action": "; ".join(f"{a.action} (due {a.due_date}, "
                                       f"{a.progress.replace('_', ' ')})"
                                       for a in report.actions),
                   "exception_version": report.version,
                   "exception_written": f"{report.written_by}, {report.written_at}"}
        out.append(row)
    return out


def snapshot(store: Store, partnership_id: str) -> tuple[dict, bytes]:
    """What a meeting keeps: the scorecard as the partnership and as the public see it
    (with the exception reports as written), the data versions behind it, and the board
    pack PDF (the partnership's)."""
    members = store.for_viewer(Viewer("partner", frozenset({partnership_id}),
                                      user=f"board:{partnership_id}"))
    public = store.for_viewer(PUBLIC)
    versions = members.data_versions(partnership_id)
    shown = public.partnership(partnership_id) is not None
    reports = exceptions.latest_for_partnership(runtime.accounts(), partnership_id)
    card = targets.frame_records(members.scorecard(partnership_id))
    pdf = boardpack.build_boardpack(members, partnership_id, reports=reports,
                                    since=last_meeting_changes(partnership_id, card))
    return ({"partnership": frozen_records(with_reports(card, reports)),
             "public": frozen_records(with_reports(targets.frame_records(
                 public.scorecard(partnership_id)), reports)) if shown else [],
             "versions": frozen_records([{k: row.get(k) for k in VERSION_FIELDS}
                                         for row in versions.to_dict("records")])},
            pdf)


def may_record(viewer: Viewer, partnership_id: str) -> bool:
    accounts = runtime.accounts()
    return viewer.signed_in and (is_data_manager(accounts, viewer.user, viewer.role)
                                 or is_editor(accounts, viewer.user, viewer.role,
                                              partnership_id))


def _partnership(partnership_id: str) -> dict:
    info = runtime.store().partnership(partnership_id)
    if info is None:
        abort(404)
    return info


def listing(partnership_id: str, error: str | None = None, status: int = 200,
            form: dict | None = None) -> Response:
    info = _partnership(partnership_id)
    viewer = runtime.viewer()
    rows = [{"date": m.meeting_date, "title": m.title, "by": m.recorded_by,
             "at": clock.uk_time(clock.parse(m.recorded_at))}
            for m in meetings.listed(runtime.accounts(), partnership_id)]
    return page(f"{info['name']}: board meetings", MEETINGS, status, info=info,
                partnership_id=partnership_id, rows=rows, error=error,
                can_record=may_record(viewer, partnership_id),
                pdf=meetings.sees_partnership_view(viewer, partnership_id),
                form=form or {"meeting_date": clock.now().astimezone(clock.UK)
                              .date().isoformat(), "title": ""})


def record(partnership_id: str) -> Response:
    _partnership(partnership_id)
    viewer = runtime.viewer()
    if not viewer.signed_in:
        abort(404)
    if not may_record(viewer, partnership_id):
        abort(403)
    form = {k: request.form.get(k, "") for k in ("meeting_date", "title")}
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return listing(partnership_id, FORM_EXPIRED, 400, form)
    try:
        kept, pdf = snapshot(runtime.store(), partnership_id)
        meeting = meetings.record(runtime.accounts(), viewer.label(), partnership_id,
                                  form["meeting_date"], form["title"], kept, pdf)
    except AccountError as exc:
        return listing(partnership_id, str(exc), 400, form)
    return redirect(f"/scorecard/{partnership_id}?meeting={meeting.meeting_date}",
                    code=303)


def pdf(partnership_id: str, meeting_date: str) -> Response:
    _partnership(partnership_id)
    if not meetings.sees_partnership_view(runtime.viewer(), partnership_id):
        abort(404)
    data = meetings.boardpack(runtime.accounts(), partnership_id, meeting_date)
    if data is None:
        abort(404)
    audit_export("meeting board pack", partnership=partnership_id, meeting=meeting_date)
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{partnership_id}-board-pack-{meeting_date}.pdf"')
    response.headers["Cache-Control"] = "private, no-store"
    return response


def register(server: Flask) -> None:
    server.add_url_rule("/scorecard/<partnership_id>/meetings", "placeboard_meetings",
                        lambda partnership_id: listing(partnership_id), methods=["GET"])
    server.add_url_rule("/scorecard/<partnership_id>/meetings", "placeboard_meeting_record",
                        record, methods=["POST"])
    server.add_url_rule("/scorecard/<partnership_id>/meetings/<meeting_date>.pdf",
                        "placeboard_meeting_pdf", pdf, methods=["GET"])
