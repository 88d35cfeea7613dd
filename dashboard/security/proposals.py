"""Targets proposed in the app by a partnership's editors and agreed (or sent back) by a
data manager, kept in the accounts database beside the audit log.

A proposal is a targets-file record (partnership, indicator, area, baseline and target
periods, target value, milestones, owner) with the proposer's reasons. It is checked
against the store as `placeboard targets load` checks a file before it is kept, and
again when it is agreed. Agreeing writes it into the store (the `apply` the caller
passes: dashboard.store.derived.targets.merge_proposal) and only then marks it agreed, so
an agreed proposal is always a stored target. Decided proposals never change. Every
step is audited (`target_proposed`, `target_agreed`, `target_declined`,
`target_withdrawn`, target ``proposal:<id>``) with the actor.

Four eyes: a data manager may not agree a target they proposed themselves.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update

from dashboard.common import clock
from dashboard.security.access import PermissionDenied, Viewer
from dashboard.security.accounts import AccountError, Accounts
from dashboard.security.accounts_database import TARGET_PROPOSALS
from dashboard.security.duties import is_data_manager, is_editor

STATES = ("proposed", "agreed", "declined", "withdrawn")
STATE_WORDS = {"proposed": "Waiting for agreement", "agreed": "Agreed",
               "declined": "Sent back", "withdrawn": "Withdrawn"}
MAX_PERIOD, MAX_OWNER, MAX_RATIONALE, MAX_NOTE = 20, 200, 4000, 2000
MAX_MILESTONES = 10
NOT_EDITOR = ("Only the partnership's editors can propose its targets: sign in as an "
              "editor of {name}")
NOT_MANAGER = "Only a data manager can agree a target or send it back"
OWN_PROPOSAL = ("You proposed this target, so another data manager must agree it "
                "(one person may not both propose and agree a target)")
DECIDED = "This proposal was {state} on {day}: it can no longer be changed"


class ProposalError(AccountError):
    """A proposal that cannot be kept or decided; `problems` lists every reason."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class Fields:
    """A proposal's fields as written, checked on their own (see `checked_fields`)."""

    indicator_id: str
    area_code: str
    baseline_period: str
    target_period: str
    target_value: float
    milestones: tuple[tuple[str, float], ...]
    owner: str
    rationale: str


@dataclass(frozen=True)
class Proposal:
    id: int
    partnership_id: str
    fields: Fields
    proposed_by: str
    proposed_at: str
    state: str
    decided_by: str | None = None
    decided_at: str | None = None
    decision_note: str | None = None

    @property
    def audit_target(self) -> str:
        return f"proposal:{self.id}"

    @property
    def state_words(self) -> str:
        return STATE_WORDS.get(self.state, self.state)

    def record(self) -> dict[str, Any]:
        """The proposal as a targets-file record."""
        return record_of(self.partnership_id, self.fields)


def record_of(partnership_id: str, fields: Fields) -> dict[str, Any]:
    """A targets-file record (docs/targets.md) of a proposal's fields."""
    record: dict[str, Any] = {
        "partnership": partnership_id, "indicator": fields.indicator_id,
        "area": fields.area_code, "baseline_period": fields.baseline_period,
        "target_period": fields.target_period, "target_value": fields.target_value}
    if fields.milestones:
        record["milestones"] = dict(fields.milestones)
    if fields.owner:
        record["owner"] = fields.owner
    return record


# -- checking (pure) ----------------------------------------------------------------------

def _text(value: Any) -> str:
    lines = ("" if value is None else str(value)).strip().splitlines()
    return "\n".join(" ".join(line.split()) for line in lines)


def _number(text: str) -> float | None:
    try:
        number = float(text.strip().rstrip("%").replace(",", ""))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def milestones_of(value: Any, problems: list[str]) -> tuple[tuple[str, float], ...]:
    """Milestones written as "2025: 5.9, 2026: 5.4" (or one a line)."""
    text = _text(value)
    if not text:
        return ()
    out = []
    for part in (p.strip() for p in text.replace("\n", ",").replace(";", ",").split(",")):
        if not part:
            continue
        period, sep, number = part.partition(":")
        parsed = _number(number) if sep else None
        if not period.strip() or parsed is None:
            problems.append(f"Milestone “{part[:40]}” is not a period and a value: write "
                            "them as 2025: 5.9, 2026: 5.4")
            continue
        out.append((period.strip(), parsed))
    if len(out) > MAX_MILESTONES:
        problems.append(f"A target has at most {MAX_MILESTONES} milestones "
                        f"(this has {len(out)})")
    return tuple(out)


def checked_fields(form: Mapping[str, Any]) -> Fields:
    """The form's fields read and checked on their own (the store checks the rest):
    an indicator and area chosen, periods given, a number for the value, milestones
    readable, the reasons written. Raises ProposalError with every problem."""
    problems: list[str] = []
    values = {k: _text(form.get(k)) for k in (
        "indicator", "area", "baseline_period", "target_period", "target_value",
        "milestones", "owner", "rationale")}
    if not values["indicator"]:
        problems.append("Choose the indicator")
    if not values["area"]:
        problems.append("Choose the area")
    for name, words in (("baseline_period", "baseline period"),
                        ("target_period", "target period")):
        if not values[name]:
            problems.append(f"Give the {words}, as the indicator's periods are written "
                            "(for example 2022 or 2022-23)")
        elif len(values[name]) > MAX_PERIOD:
            problems.append(f"The {words} is at most {MAX_PERIOD} characters")
    value = _number(values["target_value"])
    if value is None:
        problems.append(f"The target value “{values['target_value'][:40]}” is not a "
                        "number" if values["target_value"] else "Give the target value")
    milestones = milestones_of(values["milestones"], problems)
    if len(values["owner"]) > MAX_OWNER:
        problems.append(f"The owner is at most {MAX_OWNER} characters")
    if not values["rationale"]:
        problems.append("Say why this target: what it is based on and what will make it "
                        "happen")
    elif len(values["rationale"]) > MAX_RATIONALE:
        problems.append(f"The reasons are at most {MAX_RATIONALE} characters "
                        f"(these are {len(values['rationale'])})")
    if problems:
        raise ProposalError(problems)
    return Fields(values["indicator"], values["area"], values["baseline_period"],
                  values["target_period"], float(value), milestones, values["owner"],
                  values["rationale"])


# -- who may do what ----------------------------------------------------------------------

def may_propose(accounts: Accounts, viewer: Viewer, partnership_id: str) -> bool:
    return viewer.signed_in and is_editor(accounts, viewer.user, viewer.role,
                                          partnership_id)


def may_decide(accounts: Accounts, viewer: Viewer) -> bool:
    return viewer.signed_in and is_data_manager(accounts, viewer.user, viewer.role)


def may_read(accounts: Accounts, viewer: Viewer, partnership_id: str) -> bool:
    """A partnership's proposals are read by its editors and by data managers."""
    return may_propose(accounts, viewer, partnership_id) or may_decide(accounts, viewer)


# -- the database ---------------------------------------------------------------------------

def _proposal(row: Any) -> Proposal:
    milestones = tuple((str(k), float(v)) for k, v in json.loads(row.milestones or "{}")
                       .items())
    fields = Fields(row.indicator_id, row.area_code, row.baseline_period, row.target_period,
                    float(row.target_value), milestones, row.owner or "", row.rationale)
    return Proposal(int(row.id), row.partnership_id, fields, row.proposed_by,
                    row.proposed_at, row.state, row.decided_by, row.decided_at,
                    row.decision_note)


def listing(accounts: Accounts, partnership_id: str) -> list[Proposal]:
    """A partnership's proposals: those waiting first, then the newest."""
    p = TARGET_PROPOSALS.c
    with accounts._reading() as con:
        rows = con.execute(select(TARGET_PROPOSALS).where(
            p.partnership_id == partnership_id).order_by(p.id.desc())).all()
    found = [_proposal(row) for row in rows]
    return sorted(found, key=lambda item: item.state != "proposed")


def get(accounts: Accounts, partnership_id: str, proposal_id: int) -> Proposal | None:
    p = TARGET_PROPOSALS.c
    if not 0 < proposal_id < 2 ** 63:
        return None
    with accounts._reading() as con:
        row = con.execute(select(TARGET_PROPOSALS).where(
            (p.id == proposal_id) & (p.partnership_id == partnership_id))).first()
    return _proposal(row) if row is not None else None


def agreed(accounts: Accounts) -> list[Proposal]:
    """Every agreed proposal, in the order they were agreed (a rebuilt store applies
    them again, after the targets files)."""
    p = TARGET_PROPOSALS.c
    with accounts._reading() as con:
        rows = con.execute(select(TARGET_PROPOSALS).where(p.state == "agreed")
                           .order_by(p.decided_at, p.id)).all()
    return [_proposal(row) for row in rows]


def propose(accounts: Accounts, viewer: Viewer, partnership_id: str, fields: Fields,
            store_problems: Callable[[dict[str, Any]], list[str]],
            partnership_name: str | None = None) -> Proposal:
    """Keep a proposal from an editor of the partnership (anyone else: PermissionDenied)
    once `store_problems` (the store's checks of its record) finds none."""
    if not may_propose(accounts, viewer, partnership_id):
        raise PermissionDenied(NOT_EDITOR.format(name=partnership_name or partnership_id))
    problems = store_problems(record_of(partnership_id, fields))
    if problems:
        raise ProposalError(problems)
    at = clock.iso(clock.now())
    with accounts._transaction() as con:
        result = con.execute(TARGET_PROPOSALS.insert().values(
            partnership_id=partnership_id, indicator_id=fields.indicator_id,
            area_code=fields.area_code, baseline_period=fields.baseline_period,
            target_period=fields.target_period, target_value=fields.target_value,
            milestones=json.dumps(dict(fields.milestones)), owner=fields.owner,
            rationale=fields.rationale, proposed_by=viewer.label(), proposed_at=at,
            state="proposed"))
        new_id = int(result.inserted_primary_key[0])
        accounts._audit(con, viewer.label(), "target_proposed", f"proposal:{new_id}", {
            "partnership": partnership_id, "indicator": fields.indicator_id,
            "area": fields.area_code, "target": f"{fields.target_value:g} by "
            f"{fields.target_period}"})
    found = get(accounts, partnership_id, new_id)
    assert found is not None
    return found


def _decide(accounts: Accounts, viewer: Viewer, item: Proposal, state: str,
            note: str, action: str, detail: dict[str, Any]) -> Proposal:
    p = TARGET_PROPOSALS.c
    with accounts._transaction() as con:
        done = con.execute(update(TARGET_PROPOSALS).where(
            (p.id == item.id) & (p.state == "proposed")).values(
            state=state, decided_by=viewer.label(), decided_at=clock.iso(clock.now()),
            decision_note=note or None))
        if done.rowcount != 1:
            raise ProposalError(["Someone decided this proposal at the same moment: "
                                 "reload the page to read what they did"])
        accounts._audit(con, viewer.label(), action, item.audit_target, {
            "partnership": item.partnership_id, "indicator": item.fields.indicator_id,
            "area": item.fields.area_code, **detail})
    found = get(accounts, item.partnership_id, item.id)
    assert found is not None
    return found


def _open(item: Proposal) -> None:
    if item.state != "proposed":
        day = (item.decided_at or "")[:10]
        raise ProposalError([DECIDED.format(state=item.state_words.lower(), day=day)])


def agree(accounts: Accounts, viewer: Viewer, item: Proposal, note: Any,
          apply: Callable[[Proposal], None]) -> Proposal:
    """A data manager agrees a proposal: `apply` writes it into the store (raising
    ProposalError if the store now refuses it), then it is marked agreed and audited."""
    if not may_decide(accounts, viewer):
        raise PermissionDenied(NOT_MANAGER)
    _open(item)
    if item.proposed_by == viewer.label():
        raise ProposalError([OWN_PROPOSAL])
    note = _text(note)
    if len(note) > MAX_NOTE:
        raise ProposalError([f"A comment is at most {MAX_NOTE} characters"])
    apply(item)
    return _decide(accounts, viewer, item, "agreed", note, "target_agreed", {
        "target": f"{item.fields.target_value:g} by {item.fields.target_period}",
        "proposed_by": item.proposed_by})


def decline(accounts: Accounts, viewer: Viewer, item: Proposal, note: Any) -> Proposal:
    """A data manager sends a proposal back, saying why (required)."""
    if not may_decide(accounts, viewer):
        raise PermissionDenied(NOT_MANAGER)
    _open(item)
    note = _text(note)
    if not note:
        raise ProposalError(["Say why the proposal is sent back, so the editor can "
                             "change it"])
    if len(note) > MAX_NOTE:
        raise ProposalError([f"A comment is at most {MAX_NOTE} characters"])
    return _decide(accounts, viewer, item, "declined", note, "target_declined",
                   {"comment": note})


def withdraw(accounts: Accounts, viewer: Viewer, item: Proposal) -> Proposal:
    """An editor of the partnership withdraws a proposal still waiting."""
    if not may_propose(accounts, viewer, item.partnership_id):
        raise PermissionDenied(NOT_EDITOR.format(name=item.partnership_id))
    _open(item)
    return _decide(accounts, viewer, item, "withdrawn", "", "target_withdrawn", {})
