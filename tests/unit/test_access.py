"""Access levels and viewers (dashboard/security/access.py), and the SQL access declarations."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.security.access import (
    PUBLIC,
    SYSTEM,
    AccessError,
    AccessLevel,
    Viewer,
    can_see,
    visible,
)
from dashboard.store.sql_files import ACCESS_KINDS, SQL_DIR, access_rule

OLDHAM_PARTNER = Viewer("partner", frozenset({"oldham"}), "pat")
WIGAN_PARTNER = Viewer("partner", frozenset({"wigan"}), "wyn")
ANALYST = Viewer("analyst", frozenset(), "ana")
ADMIN = Viewer("admin", frozenset(), "ada")


@pytest.mark.parametrize("text, expected", [
    ("public", "public"), ("", "public"), (None, "public"),
    ("partners:oldham", "partners:oldham"), ("partners: wigan , oldham", "partners:oldham,wigan"),
    ("restricted:analyst", "restricted:analyst"),
    ("restricted:admin,analyst", "restricted:admin,analyst"),
])
def test_levels_parse_and_normalise(text, expected):
    assert str(AccessLevel.parse(text)) == expected


@pytest.mark.parametrize("text, words", [
    ("secret", "not understood"), ("partners:", "not understood"),
    ("restricted:wizard", "unknown role"), ("partners:Old Ham", "not a partnership id"),
    ("restricted:public", "unknown role"),
])
def test_bad_levels_say_what_was_expected(text, words):
    with pytest.raises(AccessError, match=words):
        AccessLevel.parse(text)


@pytest.mark.parametrize("level, public, oldham, wigan, analyst, admin", [
    ("public", True, True, True, True, True),
    ("partners:oldham", False, True, False, False, True),
    ("partners:oldham,wigan", False, True, True, False, True),
    ("restricted:analyst", False, False, False, True, True),
    ("restricted:partner", False, True, True, False, True),
    ("restricted:admin", False, False, False, False, True),
    ("not a level", False, False, False, False, True),  # unreadable = closed
])
def test_who_sees_what(level, public, oldham, wigan, analyst, admin):
    seen = [can_see(v, level) for v in (PUBLIC, OLDHAM_PARTNER, WIGAN_PARTNER, ANALYST, ADMIN)]
    assert seen == [public, oldham, wigan, analyst, admin]


def test_an_analyst_in_a_partnership_sees_its_data():
    member = Viewer("analyst", frozenset({"oldham"}), "ana")
    assert can_see(member, "partners:oldham")
    assert not can_see(member, "partners:wigan")


def test_visible_filters_keys():
    levels = {"a": "public", "b": "partners:oldham", "c": "restricted:analyst"}
    assert visible(PUBLIC, levels) == {"a"}
    assert visible(OLDHAM_PARTNER, levels) == {"a", "b"}
    assert visible(SYSTEM, levels) == {"a", "b", "c"}


def test_viewer_cache_key_depends_on_access_not_name():
    assert Viewer("partner", frozenset({"oldham"}), "x").cache_key() == \
        Viewer("partner", frozenset({"oldham"}), "y").cache_key()
    assert OLDHAM_PARTNER.cache_key() != WIGAN_PARTNER.cache_key()
    # partners: outside their own partnerships' areas (the store exempts those)
    assert PUBLIC.disclosure_controlled and OLDHAM_PARTNER.disclosure_controlled
    assert not Viewer(role="analyst").disclosure_controlled
    with pytest.raises(AccessError):
        Viewer("superuser")


def test_every_sql_file_declares_how_access_applies():
    names = sorted(p.stem for p in Path(SQL_DIR).glob("*.sql"))
    assert names
    for name in names:
        rule = access_rule(name)
        assert rule.kind in ACCESS_KINDS, name
