"""Custom areas: a named group of LSOAs or wards (a regeneration area, a estate, a
patch) that a signed-in person saves, kept in the accounts database beside the audit log.

Who may see one is decided here, where it is read, as the store decides for its rows: the
owner, and people in the owner's partnership the area was saved for. Anyone else (the
public, another partnership's user) is answered as if the area did not exist (`get`
returns None), so its number reveals nothing. Each save and deletion is audited
(`custom_area_saved`, `custom_area_deleted`, target ``custom_area:<id>``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import or_, select

from dashboard.common import clock
from dashboard.security.access import PermissionDenied, Viewer
from dashboard.security.accounts import AccountError, Accounts
from dashboard.security.accounts_database import CUSTOM_AREAS

MAX_NAME = 120
MAX_MEMBERS = 500
MEMBER_CODE = re.compile(r"^E0[15]\d{6}$")
NOT_SIGNED_IN = "Sign in to save a custom area"
NOT_OWNER = "Only the person who saved this custom area can change or delete it"


@dataclass(frozen=True)
class CustomArea:
    id: int
    owner: str
    partnership_id: str
    name: str
    members: tuple[str, ...]
    created_at: str
    updated_at: str

    @property
    def code(self) -> str:
        """How the area is named in addresses and pickers: custom:<id>."""
        return f"custom:{self.id}"

    @property
    def href(self) -> str:
        return f"/area/custom/{self.id}"


def _row(row: tuple) -> CustomArea:
    return CustomArea(int(row[0]), row[1], row[2] or "", row[3],
                      tuple(c for c in str(row[4]).split(",") if c), row[5], row[6])


_COLUMNS = ("id", "owner", "partnership_id", "name", "members", "created_at", "updated_at")


def _visible_to(viewer: Viewer):
    """The SQL condition: the viewer's own areas and those of their partnerships."""
    c = CUSTOM_AREAS.c
    shared = [c.partnership_id.in_(sorted(viewer.partnerships))] if viewer.partnerships else []
    return or_(c.owner == (viewer.user or ""), *shared)


def parse_id(text: object) -> int | None:
    """'12', 'custom:12' -> 12; anything else None."""
    value = str(text or "").strip().lower().removeprefix("custom:").removeprefix("custom/")
    return int(value) if value.isdigit() and len(value) < 12 else None


def get(accounts: Accounts, viewer: Viewer, area_id: object) -> CustomArea | None:
    """The custom area with this id if the viewer may see it; None otherwise (unknown or
    not theirs: the same answer)."""
    number = parse_id(area_id)
    if number is None or not viewer.signed_in or not viewer.user:
        return None
    c = CUSTOM_AREAS.c
    query = select(*(c[n] for n in _COLUMNS)).where((c.id == number) & _visible_to(viewer))
    with accounts._reading() as con:
        row = con.execute(query).first()
    return _row(tuple(row)) if row else None


def visible(accounts: Accounts, viewer: Viewer) -> list[CustomArea]:
    """Every custom area the viewer may see, by name."""
    if not viewer.signed_in or not viewer.user:
        return []
    c = CUSTOM_AREAS.c
    query = select(*(c[n] for n in _COLUMNS)).where(_visible_to(viewer)).order_by(c.name, c.id)
    with accounts._reading() as con:
        return [_row(tuple(row)) for row in con.execute(query)]


def checked(name: object, members: Iterable[object]) -> tuple[str, tuple[str, ...]]:
    """A name and member codes as saved, or AccountError saying what is wrong."""
    text = " ".join(str(name or "").split())
    if not text:
        raise AccountError("Give the custom area a name")
    if len(text) > MAX_NAME:
        raise AccountError(f"The name is {len(text)} characters long; at most {MAX_NAME}")
    codes = tuple(dict.fromkeys(str(m).strip().upper() for m in members if str(m).strip()))
    bad = [c for c in codes if not MEMBER_CODE.match(c)]
    if bad:
        raise AccountError("Not an LSOA (E01...) or ward (E05...) code: " + ", ".join(bad[:5]))
    if not codes:
        raise AccountError("Choose at least one neighbourhood (LSOA) or ward")
    if len(codes) > MAX_MEMBERS:
        raise AccountError(f"{len(codes):,} areas chosen; a custom area has at most "
                           f"{MAX_MEMBERS}")
    return text, codes


def save(accounts: Accounts, viewer: Viewer, name: object, members: Iterable[object],
         partnership_id: str | None = None, area_id: int | None = None) -> CustomArea:
    """Save a new custom area (or change the owner's own `area_id`) for a signed-in
    person, shared with `partnership_id` (one of theirs; by default their first, if
    any). Audited `custom_area_saved`."""
    if not viewer.signed_in or not viewer.user:
        raise PermissionDenied(NOT_SIGNED_IN)
    text, codes = checked(name, members)
    theirs = sorted(viewer.partnerships)
    if partnership_id and partnership_id not in theirs:
        raise AccountError(f"You are not in the partnership {partnership_id!r}")
    shared_with = partnership_id or (theirs[0] if theirs else "")
    at = clock.iso(clock.now())
    values = {"name": text, "members": ",".join(codes), "partnership_id": shared_with,
              "updated_at": at}
    c = CUSTOM_AREAS.c
    with accounts._transaction() as con:
        if area_id is None:
            area_id = int(con.execute(CUSTOM_AREAS.insert().values(
                owner=viewer.user, created_at=at, **values)).inserted_primary_key[0])
            created = at
        else:
            owner = con.execute(select(c.owner, c.created_at).where(c.id == area_id)).first()
            if owner is None or owner[0] != viewer.user:
                raise PermissionDenied(NOT_OWNER)
            con.execute(CUSTOM_AREAS.update().where(c.id == area_id).values(**values))
            created = owner[1]
        accounts._audit(con, viewer.label(), "custom_area_saved", f"custom_area:{area_id}",
                        {"name": text, "members": len(codes), "partnership": shared_with})
    return CustomArea(area_id, viewer.user, shared_with, text, codes, created, at)


def delete(accounts: Accounts, viewer: Viewer, area_id: int) -> bool:
    """Delete the owner's own custom area (anyone else: PermissionDenied). Audited."""
    c = CUSTOM_AREAS.c
    with accounts._transaction() as con:
        owner = con.execute(select(c.owner).where(c.id == area_id)).scalar()
        if owner is None:
            return False
        if owner != viewer.user:
            raise PermissionDenied(NOT_OWNER)
        con.execute(CUSTOM_AREAS.delete().where(c.id == area_id))
        accounts._audit(con, viewer.label(), "custom_area_deleted", f"custom_area:{area_id}",
                        {})
    return True
