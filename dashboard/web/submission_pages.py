"""The submission pages: /submit (send a file: checked at once, kept for review),
/submissions (yours; every one for data managers) and /submissions/<id> (its checks, what
it adds or revises, its small counts, every step taken, and for data managers the review:
approve with an access level and an embargo time, or reject with a comment).

Plain Flask forms with a CSRF token each (dashboard.web.auth explains why Dash's own
callbacks carry none). Someone not signed in is sent to sign in; a submission someone
may not read answers 404, as one that does not exist, so its number reveals nothing.
"""

from __future__ import annotations

import hashlib
from typing import Any

from flask import Flask, Response, abort, redirect, render_template_string, request
from flask_wtf.csrf import generate_csrf, validate_csrf
from markupsafe import Markup
from wtforms.validators import ValidationError

from dashboard.common import attribution, clock
from dashboard.ingest.files import UnreadableFile
from dashboard.ingest.submission_check import check_upload
from dashboard.security import submissions
from dashboard.security.accounts import AccountError
from dashboard.security.duties import is_data_manager
from dashboard.security.submissions import Submission
from dashboard.views import submissions as words
from dashboard.web import publishing, runtime
from dashboard.web.auth import login_url
from dashboard.web.submission_templates import DETAIL, LISTING, SHELL, SUBMIT

FORM_EXPIRED = "The form had expired: send it again."


def page(title: str, body: str, status: int = 200, **context: Any) -> Response:
    """A plain server-rendered page in the shared shell (no-store: it carries a form
    token)."""
    inner = render_template_string(body, csrf_token=generate_csrf(), **context)
    html = render_template_string(SHELL, title=title, body=Markup(inner),
                                  attribution=attribution.REQUIRED_LINES)
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


def _manager() -> bool:
    viewer = runtime.viewer()
    return viewer.signed_in and is_data_manager(runtime.accounts(), viewer.user, viewer.role)


def submit_form(error: str | None = None, status: int = 200) -> Response:
    viewer = runtime.viewer()
    if not viewer.signed_in:
        return redirect(login_url("/submit"), code=303)
    return page("Send data", SUBMIT, status, error=error,
                 partnerships=words.partnership_choices(viewer),
                 max_mb=runtime.settings().max_upload_bytes // 1_048_576)


def receive(viewer_partnership: str | None, upload: Any) -> Submission:
    """Check an uploaded file and keep it as a submission (raises UnreadableFile,
    AccountError): shared by the page and the API."""
    viewer, settings = runtime.viewer(), runtime.settings()
    partnership = (viewer_partnership or "").strip()
    if not partnership and len(viewer.partnerships) == 1:
        partnership = next(iter(viewer.partnerships))
    if partnership and partnership not in viewer.partnerships and not viewer.is_admin:
        raise AccountError(f"you are not a member of partnership {partnership!r}")
    if upload is None or not upload.filename:
        raise UnreadableFile("choose a file to send")
    content = upload.read(settings.max_upload_bytes + 1)
    checked = check_upload(settings.store_path, settings.data_dir, upload.filename, content)
    return submissions.create(runtime.accounts(), viewer, partnership, checked.file_name,
                              content, hashlib.sha256(content).hexdigest(),
                              checked.file_format, checked.report, passed=checked.ok)


def submit() -> Response:
    viewer = runtime.viewer()
    if not viewer.signed_in:
        return redirect(login_url("/submit"), code=303)
    request.max_content_length = runtime.settings().max_upload_bytes + 65_536
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return submit_form(FORM_EXPIRED, 400)
    try:
        item = receive(request.form.get("partnership"), request.files.get("file"))
    except (UnreadableFile, AccountError) as exc:
        return submit_form(str(exc), 400)
    return redirect(f"/submissions/{item.id}", code=303)


def listing() -> Response:
    viewer = runtime.viewer()
    if not viewer.signed_in:
        return redirect(login_url("/submissions"), code=303)
    manager = _manager()
    items = submissions.listed(runtime.accounts(), None if manager else viewer.user)
    if manager:  # what waits for a decision first
        items.sort(key=lambda s: (s.status not in submissions.OPEN, -s.id))
    rows = [{"id": s.id, "file_name": s.file_name, "submitter": s.submitter,
             "partnership_id": s.partnership_id, "status": words.STATUS_WORDS[s.status],
             "sent": clock.uk_time(clock.parse(s.created_at))} for s in items]
    intro = ("Every submission, those waiting for review first: you are a data manager."
             if manager else "The files you have sent, newest first.")
    return page("Submissions", LISTING, rows=rows, intro=intro)


def _readable(submission_id: int) -> Submission:
    item = submissions.get(runtime.accounts(), submission_id)
    if item is None or not submissions.may_read(runtime.viewer(), item, _manager()):
        abort(404)
    return item


def detail(submission_id: int, message: str | None = None, error: str | None = None,
           form: dict | None = None, status: int = 200) -> Response:
    if not runtime.viewer().signed_in:
        return redirect(login_url(f"/submissions/{submission_id}"), code=303)
    item = _readable(submission_id)
    report = item.report
    return page(
        f"Submission {item.id}", DETAIL, status, item=item, report=report,
        status_words=words.STATUS_WORDS[item.status], sentence=words.status_sentence(item),
        sent=clock.uk_time(clock.parse(item.created_at)),
        level=words.describe_level(item.access_level),
        checks=(report.get("quality") or {}).get("file", item.file_name) + ": "
        + _checks_sentence(report),
        findings=words.finding_rows(report), changes=words.change_sentence(report),
        revised=(report.get("changes") or {}).get("revised_examples", []),
        small=words.small_count_sentence(report),
        events=words.event_rows(submissions.events(runtime.accounts(), item.id)),
        can_review=_manager() and item.status in submissions.OPEN,
        levels=words.level_choices(item), message=message, error=error,
        form=form or {"embargo_date": "", "embargo_time": "", "comment": ""})


def _checks_sentence(report: dict) -> str:
    quality = report.get("quality") or {}
    errors, warnings = int(quality.get("errors") or 0), int(quality.get("warnings") or 0)
    return (f"{errors} error{'s' if errors != 1 else ''} and {warnings} "
            f"warning{'s' if warnings != 1 else ''}.")


def decide(submission_id: int) -> Response:
    if not runtime.viewer().signed_in:
        return redirect(login_url(f"/submissions/{submission_id}"), code=303)
    item = _readable(submission_id)
    if not _manager():
        abort(403)
    form = {k: request.form.get(k, "") for k in ("embargo_date", "embargo_time", "comment")}
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return detail(submission_id, error=FORM_EXPIRED, form=form, status=400)
    approve = request.form.get("decision") == "approve"
    try:
        embargo = words.parse_release(form["embargo_date"], form["embargo_time"]) \
            if approve else None
        decided = submissions.decide(runtime.accounts(), item, runtime.viewer().label(),
                                     approve, form["comment"], embargo,
                                     request.form.get("access_level"))
    except (ValueError, AccountError) as exc:
        return detail(submission_id, error=str(exc), form=form, status=400)
    if decided.status == "scheduled" and decided.embargo_until is None:
        publishing.publish_due(runtime.settings(), runtime.accounts())  # publish now
    return redirect(f"/submissions/{submission_id}", code=303)


def register(server: Flask) -> None:
    server.add_url_rule("/submit", "placeboard_submit_form", lambda: submit_form(),
                        methods=["GET"])
    server.add_url_rule("/submit", "placeboard_submit", submit, methods=["POST"])
    server.add_url_rule("/submissions", "placeboard_submissions", listing, methods=["GET"])
    server.add_url_rule("/submissions/<int:submission_id>", "placeboard_submission",
                        lambda submission_id: detail(submission_id), methods=["GET"])
    server.add_url_rule("/submissions/<int:submission_id>", "placeboard_submission_decide",
                        decide, methods=["POST"])
