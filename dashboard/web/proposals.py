"""Proposed targets: /scorecard/<p>/proposals (the partnership's proposals; for its
editors, the form to propose one) and /scorecard/<p>/proposals/<id> (the proposal, how
ambitious it is against its statistical neighbours and England, its own trend and a
suggested range; for a data manager, agree or send back; for an editor, withdraw).

The rules live in dashboard.security.proposals; the store's checks and the write of an
agreed target in dashboard.store.derived.targets. Someone who may not read a
partnership's proposals gets 404, as for a partnership that does not exist.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, abort, redirect, request
from flask_wtf.csrf import validate_csrf
from wtforms.validators import ValidationError

from dashboard.common import clock
from dashboard.common.formatting import format_value
from dashboard.methods import targets as model
from dashboard.methods.targets.context import ambition_view, ambition_words
from dashboard.security import proposals
from dashboard.security.access import PermissionDenied
from dashboard.security.proposals import Proposal, ProposalError
from dashboard.store.derived import targets as stored_targets
from dashboard.web import runtime
from dashboard.web.auth import login_url
from dashboard.web.proposal_templates import DETAIL, LISTING
from dashboard.web.submission_pages import FORM_EXPIRED, page

FORM_FIELDS = ("indicator", "area", "baseline_period", "target_period", "target_value",
               "milestones", "owner", "rationale")
NOT_SAVED = "The proposal was not kept:"
NOT_DECIDED = "Nothing was changed:"
DONE = {"agree": "Agreed: the target is on the scorecard now.",
        "decline": "Sent back to the partnership's editors with your comment.",
        "withdraw": "Withdrawn."}
DONE_STATE = {DONE["agree"]: "agreed", DONE["decline"]: "declined",
              DONE["withdraw"]: "withdrawn"}


def _readable(partnership_id: str) -> dict:
    """The partnership, for someone who may read its proposals (else 404)."""
    info = runtime.store().partnership(partnership_id)
    viewer = runtime.viewer()
    if info is None or not proposals.may_read(runtime.accounts(), viewer, partnership_id):
        abort(404)
    return info


def _signed_in(path: str) -> Response | None:
    return None if runtime.viewer().signed_in else redirect(login_url(path), code=303)


def _areas(info: dict) -> list[dict]:
    codes = [info["area_code"]] if info.get("area_code") else list(info.get("members") or [])
    names = [info.get("area_name")] if info.get("area_code") else list(
        info.get("member_names") or [])
    return [{"code": c, "name": n or c} for c, n in zip(codes, names)]


def _titles() -> dict[str, str]:
    return {row["indicator_id"]: row["title"] for row in runtime.store().indicator_list()}


def _target_text(value: float, period: str, meta: dict) -> str:
    return f"{format_value(value, meta)} by {period}"


def listing(partnership_id: str, problems: list[str] | None = None, status: int = 200,
            form: dict | None = None) -> Response:
    redirected = _signed_in(f"/scorecard/{partnership_id}/proposals")
    if redirected:
        return redirected
    info = _readable(partnership_id)
    store, titles = runtime.store(), _titles()
    names = {a["code"]: a["name"] for a in _areas(info)}
    rows = [{"id": p.id, "title": titles.get(p.fields.indicator_id, p.fields.indicator_id),
             "area": names.get(p.fields.area_code, p.fields.area_code),
             "target": _target_text(p.fields.target_value, p.fields.target_period,
                                    store.indicator(p.fields.indicator_id) or {}),
             "by": p.proposed_by, "at": clock.uk_time(clock.parse(p.proposed_at)),
             "state": p.state_words}
            for p in proposals.listing(runtime.accounts(), partnership_id)]
    prefill = {k: request.args.get(k, "")[:200] for k in FORM_FIELDS}
    return page(f"{info['name']}: proposed targets", LISTING, status, info=info,
                partnership_id=partnership_id, rows=rows, problems=problems,
                problems_heading=NOT_SAVED,
                can_propose=proposals.may_propose(runtime.accounts(), runtime.viewer(),
                                                  partnership_id),
                indicators=sorted(store.indicator_list(), key=lambda r: r["title"]),
                areas=_areas(info), form=form or prefill)


def _store_problems(record: dict) -> list[str]:
    return stored_targets.record_problems(runtime.settings().store_path, record)


def propose(partnership_id: str) -> Response:
    redirected = _signed_in(f"/scorecard/{partnership_id}/proposals")
    if redirected:
        return redirected
    info = _readable(partnership_id)
    form = {k: request.form.get(k, "")[:5000] for k in FORM_FIELDS}
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return listing(partnership_id, [FORM_EXPIRED], 400, form)
    try:
        fields = proposals.checked_fields(form)
        item = proposals.propose(runtime.accounts(), runtime.viewer(), partnership_id,
                                 fields, _store_problems, info["name"])
    except PermissionDenied:
        abort(403)
    except ProposalError as exc:
        return listing(partnership_id, exc.problems, 400, form)
    return redirect(f"/scorecard/{partnership_id}/proposals/{item.id}", code=303)


def _spread_rows(ambition: Any, meta: dict) -> list[dict]:
    decimals = int(meta.get("decimals") if meta.get("decimals") is not None else 1) + 1
    rows = []
    for spread in (ambition.neighbours, ambition.england):
        if spread is not None:
            rows.append({"label": spread.label, "n": spread.n, "as_well": spread.as_well,
                         "quartiles": [f"{q:+,.{decimals}f}" for q in spread.quartiles]})
    return rows


def _ambition(item: Proposal, meta: dict, area_name: str) -> dict:
    """The proposal's ambition for the template (lines, spread tables), or why none."""
    target = stored_targets.proposed_target(runtime.settings().store_path, item.record())
    if target is None:
        return {"ambition_lines": [], "no_ambition": (
            "The store no longer accepts this proposal as it stands (see above), so its "
            "ambition cannot be worked out.")}
    store = runtime.store()
    series = store.target_series(target.indicator_id, (target.area_code,)) or []
    ambition = ambition_view(store, target, meta, series)
    if ambition is None:
        return {"ambition_lines": [], "baseline_value": target.baseline_value,
                "no_ambition": "There are too few published periods to compare this "
                "target's change with other areas."}
    decimals = int(meta.get("decimals") if meta.get("decimals") is not None else 1) + 1
    percent = (meta.get("unit") or meta.get("suffix")) == "%"
    return {"ambition_lines": ambition_words(ambition, target, meta, area_name,
                                             proposed=True),
            "spreads": _spread_rows(ambition, meta), "needed": f"{ambition.needed:+,.{decimals}f}",
            "span": f"{ambition.span[0]} to {ambition.span[1]}",
            "unit": "percentage points" if percent else (meta.get("unit") or "units"),
            "baseline_value": target.baseline_value}


def _current(partnership_id: str, item: Proposal, meta: dict) -> str | None:
    frame = runtime.store().partnership_targets(partnership_id)
    if frame.empty:
        return None
    same = frame[(frame["indicator_id"] == item.fields.indicator_id)
                 & (frame["area_code"] == item.fields.area_code)]
    if same.empty:
        return None
    row = same.iloc[0]
    return _target_text(float(row["target_value"]), str(row["target_period_label"]), meta)


def detail(partnership_id: str, proposal_id: int, message: str | None = None,
           problems: list[str] | None = None, status: int = 200, note: str = "") -> Response:
    redirected = _signed_in(f"/scorecard/{partnership_id}/proposals/{proposal_id}")
    if redirected:
        return redirected
    info = _readable(partnership_id)
    accounts, viewer = runtime.accounts(), runtime.viewer()
    item = proposals.get(accounts, partnership_id, proposal_id)
    if item is None:
        abort(404)
    if message is not None and item.state != DONE_STATE.get(message):
        message = None  # "?done=agree" on a proposal not agreed says nothing
    store, f = runtime.store(), item.fields
    meta = store.indicator(f.indicator_id) or {}
    area_name = {a["code"]: a["name"] for a in _areas(info)}.get(f.area_code, f.area_code)
    if item.state == "proposed" and not problems:
        problems = _store_problems(item.record()) or None
    context = _ambition(item, meta, area_name)
    baseline = context.get("baseline_value")
    current = _current(partnership_id, item, meta)
    waiting = item.state == "proposed"
    return page(f"Proposed target: {meta.get('title') or f.indicator_id}", DETAIL, status,
                info=info, partnership_id=partnership_id, item=item,
                indicator_title=meta.get("title") or f.indicator_id, area_name=area_name,
                message=message, problems=problems, problems_heading=NOT_DECIDED, note=note,
                target_text=_target_text(f.target_value, f.target_period, meta),
                baseline_text=(f"{format_value(baseline, meta)} in {f.baseline_period} "
                               "(published)" if baseline is not None else f.baseline_period),
                milestones=", ".join(f"{format_value(v, meta)} by {p}"
                                     for p, v in f.milestones),
                proposed_at=clock.uk_time(clock.parse(item.proposed_at)),
                decided_at=clock.uk_time(clock.parse(item.decided_at))
                if item.decided_at else "", current=current,
                chart_link=(f"/target/{partnership_id}/{f.indicator_id}?area={f.area_code}"
                            f"&propose={f.target_value:g}") if current else None,
                can_decide=waiting and proposals.may_decide(accounts, viewer),
                can_withdraw=waiting and proposals.may_propose(accounts, viewer,
                                                               partnership_id),
                **context)


def _apply(item: Proposal) -> None:
    try:
        stored_targets.merge_proposal(runtime.settings().store_path, item.record(),
                                      stored_targets.source_of(item.id,
                                                               runtime.viewer().label()))
    except model.UnreadableTargets as exc:
        raise ProposalError([str(exc)]) from None


def decide(partnership_id: str, proposal_id: int) -> Response:
    redirected = _signed_in(f"/scorecard/{partnership_id}/proposals/{proposal_id}")
    if redirected:
        return redirected
    _readable(partnership_id)
    accounts, viewer = runtime.accounts(), runtime.viewer()
    item = proposals.get(accounts, partnership_id, proposal_id)
    if item is None:
        abort(404)
    note = request.form.get("note", "")[:5000]
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return detail(partnership_id, proposal_id, problems=[FORM_EXPIRED], status=400,
                      note=note)
    decision = request.form.get("decision")
    if decision not in DONE:
        abort(400)
    try:
        if decision == "agree":
            proposals.agree(accounts, viewer, item, note, _apply)
        elif decision == "decline":
            proposals.decline(accounts, viewer, item, note)
        else:
            proposals.withdraw(accounts, viewer, item)
    except PermissionDenied:
        abort(403)
    except ProposalError as exc:
        return detail(partnership_id, proposal_id, problems=exc.problems, status=400,
                      note=note)
    return redirect(f"/scorecard/{partnership_id}/proposals/{proposal_id}?done={decision}",
                    code=303)


def register(server: Flask) -> None:
    base = "/scorecard/<partnership_id>/proposals"
    server.add_url_rule(base, "placeboard_proposals",
                        lambda partnership_id: listing(partnership_id), methods=["GET"])
    server.add_url_rule(base, "placeboard_propose", propose, methods=["POST"])
    server.add_url_rule(base + "/<int:proposal_id>", "placeboard_proposal",
                        lambda partnership_id, proposal_id: detail(
                            partnership_id, proposal_id,
                            message=DONE.get(request.args.get("done", ""))),
                        methods=["GET"])
    server.add_url_rule(base + "/<int:proposal_id>", "placeboard_proposal_decide", decide,
                        methods=["POST"])
