"""Submissions through the API: `POST /api/v1/submissions` (a file, as multipart/form-data
field `file`, with an optional `partnership`) and `GET /api/v1/submissions/<id>`.

Sending needs a personal token with the `submit` scope (a session cookie is never enough
to write: no form token protects a script's request). The file is checked at once with
the load's rules, as on /submit: 201 with the submission waiting for review, or 422 with
its report when it has errors (kept, so the submitter can read it again). Reading one
needs a token (or a session) of its submitter or a data manager; anyone else gets 404.
"""

from __future__ import annotations

from flask import Blueprint, Response, json, request

from dashboard.api import responses
from dashboard.api.params import ApiError
from dashboard.ingest.files import UnreadableFile
from dashboard.security import submissions
from dashboard.security.accounts import AccountError
from dashboard.security.duties import is_data_manager
from dashboard.security.submissions import Submission
from dashboard.views.submissions import STATUS_WORDS, status_sentence
from dashboard.web import runtime
from dashboard.web.api_tokens import request_token
from dashboard.web.submission_pages import receive


def document(item: Submission) -> dict:
    """A submission as the API answers it: its state, and its report as checked."""
    return {"id": item.id, "status": item.status, "status_text": STATUS_WORDS[item.status],
            "sentence": status_sentence(item), "file_name": item.file_name,
            "submitter": item.submitter, "partnership_id": item.partnership_id or None,
            "access_level": item.access_level, "embargo_until": item.embargo_until,
            "created_at": item.created_at, "decided_at": item.decided_at,
            "review_comment": item.review_comment, "published_at": item.published_at,
            "load_id": item.load_id, "page": f"/submissions/{item.id}",
            "report": item.report}


def _json(body: dict, status: int) -> Response:
    response = Response(json.dumps({"data": body}, ensure_ascii=False), status=status,
                        mimetype=responses.JSON_TYPE)
    response.headers["Cache-Control"] = "no-store"
    return response


def create() -> Response:
    token = request_token()
    if token is None:
        raise ApiError(401, "Send a personal API token with the submit scope (Authorization: "
                            "Bearer pb_...): make one on your account page.")
    if token.scope != "submit":
        raise ApiError(403, "This token may only read: make one with the submit scope to "
                            "send data.")
    request.max_content_length = runtime.settings().max_upload_bytes + 65_536
    unknown = sorted(set(request.form) - {"partnership"} | set(request.files) - {"file"})
    if unknown or set(request.args):
        raise ApiError(400, f"Unknown field(s): {', '.join(unknown or sorted(request.args))}."
                            " Send the file as 'file' and, if you belong to several "
                            "partnerships, 'partnership'.")
    try:
        item = receive(request.form.get("partnership"), request.files.get("file"))
    except AccountError as exc:
        raise ApiError(403, f"{str(exc)[:1].upper()}{str(exc)[1:]}.") from None
    except UnreadableFile as exc:
        raise ApiError(400, f"{exc}.") from None
    response = _json(document(item), 201 if item.status == "pending" else 422)
    response.headers["Location"] = f"{request.script_root}/api/v1/submissions/{item.id}"
    return response


def one(submission_id: int) -> Response:
    viewer = runtime.viewer()
    item = submissions.get(runtime.accounts(), submission_id)
    manager = viewer.signed_in and is_data_manager(runtime.accounts(), viewer.user,
                                                   viewer.role)
    if item is None or not submissions.may_read(viewer, item, manager):
        raise ApiError(404, f"No submission {submission_id} (it may not exist, or it is "
                            "not yours to read).")
    return _json(document(item), 200)


def register(api: Blueprint) -> None:
    api.add_url_rule("/submissions", "create_submission", create, methods=["POST"])
    api.add_url_rule("/submissions/<int:submission_id>", "get_submission", one,
                     methods=["GET"])
