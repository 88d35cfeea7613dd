"""The administration page's logic: access levels and the audit log (pure; no Dash).

Access levels shown are the store's defaults (from its `datasets` and `indicators`
tables) with any changes an administrator made (kept in the accounts database, so a
rebuild of the store never undoes them)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from dashboard.security.access import AccessError, AccessLevel, PermissionDenied, Viewer
from dashboard.security.accounts import OVERRIDE_KINDS, AccountError, Accounts

AUDIT_ACTIONS = ("login", "login_failed", "login_refused", "logout", "access_change",
                 "export", "load", "user_add", "user_remove", "token_created",
                 "token_revoked", "token_used", "token_refused", "duties_set",
                 "submission_made", "submission_approved", "submission_rejected",
                 "submission_published", "submission_failed", "meeting_recorded",
                 "exception_edited", "target_proposed", "target_agreed",
                 "target_declined", "target_withdrawn", "custom_area_saved",
                 "custom_area_deleted")
AUDIT_LIMIT = 200
NOT_ADMIN = "Only an administrator can do this: sign in as an administrator"
ACCESS_COLUMNS = ["kind", "key", "title", "dataset_id", "default_level", "level", "changed",
                  "meaning", "note"]


def describe_level(level: str | None) -> str:
    """Plain words for an access level (an unreadable one is closed, never open)."""
    try:
        return AccessLevel.parse(level).describe()
    except AccessError:
        return f"Not understood ({level!r}): only administrators can see it"


def access_table(datasets: pd.DataFrame, indicators: pd.DataFrame,
                 overrides: dict[tuple[str, str], str]) -> pd.DataFrame:
    """One row per dataset, then per indicator, with its default and current level."""
    rows = []
    dataset_levels = {}
    for item in datasets.sort_values("dataset_id").itertuples():
        default = item.access_level or "public"
        level = overrides.get(("dataset", item.dataset_id), default)
        dataset_levels[item.dataset_id] = level
        rows.append({"kind": "dataset", "key": item.dataset_id, "title": item.title,
                     "dataset_id": item.dataset_id, "default_level": default, "level": level,
                     "changed": ("dataset", item.dataset_id) in overrides,
                     "meaning": describe_level(level), "note": ""})
    for item in indicators.sort_values(["dataset_id", "indicator_id"]).itertuples():
        default = item.access_level or "public"
        level = overrides.get(("indicator", item.indicator_id), default)
        dataset_level = dataset_levels.get(item.dataset_id, "public")
        note = "" if dataset_level == "public" else (
            f"Its dataset's level ({dataset_level}) applies too: a person needs both")
        rows.append({"kind": "indicator", "key": item.indicator_id, "title": item.title,
                     "dataset_id": item.dataset_id, "default_level": default, "level": level,
                     "changed": ("indicator", item.indicator_id) in overrides,
                     "meaning": describe_level(level), "note": note})
    return pd.DataFrame(rows, columns=ACCESS_COLUMNS)


def key_options(table: pd.DataFrame, kind: str | None) -> list[dict]:
    """Dropdown options (label "title (id)") for the datasets or indicators in a table."""
    chosen = table[table["kind"] == kind] if kind in OVERRIDE_KINDS else table.iloc[0:0]
    return [{"label": f"{row.title} ({row.key})", "value": row.key}
            for row in chosen.sort_values("title").itertuples()]


@dataclass(frozen=True)
class ChangeResult:
    ok: bool
    message: str


def change_access(accounts: Accounts, viewer: Viewer, kind: str | None, key: str | None,
                  level: str | None, table: pd.DataFrame) -> ChangeResult:
    """Change one access level for an administrator; anyone else is refused. `table` is
    the current access_table, so a change can only name a dataset or indicator that
    exists. Accounts.set_access checks the permission again and audits the change."""
    if not viewer.is_admin:
        return ChangeResult(False, NOT_ADMIN)
    if kind not in OVERRIDE_KINDS:
        return ChangeResult(False, "Choose whether to change a dataset or an indicator")
    if not key:
        return ChangeResult(False, f"Choose the {kind} to change")
    if key not in set(table.loc[table["kind"] == kind, "key"]):
        return ChangeResult(False, f"There is no {kind} {key!r} in this store")
    if not (level or "").strip():
        return ChangeResult(False, "Type the new access level (for example public)")
    try:
        normalised = accounts.set_access(kind, key, level.strip(), viewer)
    except (AccountError, PermissionDenied) as exc:
        return ChangeResult(False, str(exc))
    return ChangeResult(True, f"The {kind} {key} is now {normalised}: "
                              f"{describe_level(normalised)}.")


def detail_text(detail: str | None) -> str:
    """An audit entry's details as "key: value; ..." (its JSON as stored otherwise)."""
    if not detail:
        return ""
    try:
        values = json.loads(detail)
    except ValueError:
        return detail
    if not isinstance(values, dict):
        return str(values)
    parts = []
    for key, value in values.items():
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value) or "none"
        parts.append(f"{key}: {'none' if value is None else value}")
    return "; ".join(parts)


def audit_entries(accounts: Accounts, viewer: Viewer, action: str | None = None,
                  limit: int = AUDIT_LIMIT) -> pd.DataFrame:
    """The audit log, newest first, optionally of one action (administrators only)."""
    if not viewer.is_admin:
        raise PermissionDenied(NOT_ADMIN)
    chosen = action if action in AUDIT_ACTIONS else None
    log = accounts.audit_log(limit=limit, action=chosen)
    return log.assign(details=[detail_text(d) for d in log["detail"]])
