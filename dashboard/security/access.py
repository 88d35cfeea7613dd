"""Who may see what: viewers, roles and access levels (pure; no I/O).

Every dataset and indicator has an access level:

- ``public``: everyone, including anonymous residents;
- ``partners:<id>[,<id>...]``: members of those partnerships (and admins);
- ``restricted:<role>[,<role>...]``: people with those roles (and admins).

The store applies these rules to every query (dashboard/store/base.py), so a page,
callback, download or export can only see what its viewer may see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ROLES = ("public", "partner", "analyst", "admin")
SIGNED_IN_ROLES = ("partner", "analyst", "admin")
ROLE_LABELS = {"public": "Public (not signed in)", "partner": "Partner",
               "analyst": "Analyst", "admin": "Administrator"}
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class AccessError(ValueError):
    """An access level or role that cannot be understood."""


class PermissionDenied(PermissionError):
    """The viewer may not do this (e.g. change access levels without being an admin)."""


@dataclass(frozen=True)
class Viewer:
    """The person a query is answered for."""

    role: str = "public"
    partnerships: frozenset[str] = field(default_factory=frozenset)
    user: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise AccessError(f"unknown role {self.role!r}; expected one of {', '.join(ROLES)}")
        object.__setattr__(self, "partnerships", frozenset(self.partnerships))

    @property
    def signed_in(self) -> bool:
        return self.role != "public"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def disclosure_controlled(self) -> bool:
        """Public outputs get disclosure control, and so do partners outside their own
        partnerships' areas: a partner's data-sharing agreement covers their partnership's
        areas (where they see values as stored), not everyone else's small numbers.
        Analysts and admins work under theirs and see values as stored everywhere."""
        return self.role in ("public", "partner")

    def cache_key(self) -> str:
        """What results may depend on: role and partnerships, never the user's name."""
        return f"{self.role}|{','.join(sorted(self.partnerships))}"

    def label(self) -> str:
        return self.user or ROLE_LABELS[self.role]


PUBLIC = Viewer()
SYSTEM = Viewer(role="admin", user="system")  # the command line: whoever can read the file


@dataclass(frozen=True)
class AccessLevel:
    """A parsed access level: kind is public, partners or restricted."""

    kind: str
    members: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, text: str | None) -> AccessLevel:
        """Parse ``public``, ``partners:a,b`` or ``restricted:analyst``; blank = public."""
        text = (text or "public").strip()
        if text == "public":
            return cls("public")
        kind, sep, rest = text.partition(":")
        kind = kind.strip()
        members = frozenset(m.strip() for m in rest.split(",") if m.strip())
        if not sep or kind not in ("partners", "restricted") or not members:
            raise AccessError(f"access level {text!r} is not understood; expected 'public', "
                              "'partners:<partnership id>[,...]' or 'restricted:<role>[,...]'")
        if kind == "restricted":
            unknown = sorted(members - set(SIGNED_IN_ROLES))
            if unknown:
                raise AccessError(f"access level {text!r} names unknown role(s) "
                                  f"{', '.join(unknown)}; expected {', '.join(SIGNED_IN_ROLES)}")
        else:
            bad = sorted(m for m in members if not _ID.match(m))
            if bad:
                raise AccessError(f"access level {text!r}: {', '.join(bad)} is not a "
                                  "partnership id (lower-case letters, digits, - and _)")
        return cls(kind, members)

    def __str__(self) -> str:
        if self.kind == "public":
            return "public"
        return f"{self.kind}:{','.join(sorted(self.members))}"

    def describe(self) -> str:
        """Plain words for the Data and admin pages."""
        if self.kind == "public":
            return "Public: anyone can see it"
        if self.kind == "partners":
            return "Partners only: members of " + ", ".join(sorted(self.members))
        return "Restricted to " + ", ".join(ROLE_LABELS[r].lower() + "s"
                                            for r in sorted(self.members))


def can_see(viewer: Viewer, level: AccessLevel | str | None) -> bool:
    """Whether a viewer may see data with this access level. Admins see everything."""
    if not isinstance(level, AccessLevel):
        try:
            level = AccessLevel.parse(level)
        except AccessError:
            return viewer.is_admin  # an unreadable level is closed, never open
    if viewer.is_admin or level.kind == "public":
        return True
    if level.kind == "partners":
        return viewer.signed_in and bool(viewer.partnerships & level.members)
    return viewer.role in level.members


def visible(viewer: Viewer, levels: dict[str, str]) -> set[str]:
    """The keys (indicator or dataset ids) of `levels` the viewer may see."""
    return {key for key, level in levels.items() if can_see(viewer, level)}
