"""Passwords are hashed at werkzeug's full scrypt cost outside the test suite (the suite
lowers it for speed in tests/conftest.py)."""

from __future__ import annotations

from werkzeug.security import check_password_hash, generate_password_hash

from dashboard.security import throttling


def test_the_production_password_method_is_scrypt_at_full_cost() -> None:
    assert throttling.DEFAULT_PASSWORD_METHOD == "scrypt:32768:8:1"
    # the same as werkzeug's own default, so hashes made before are read alike
    assert generate_password_hash("x").startswith(throttling.DEFAULT_PASSWORD_METHOD + "$")


def test_a_password_hash_carries_its_method_and_checks() -> None:
    made = throttling.password_hash("correct horse battery staple")
    assert made.startswith(throttling.PASSWORD_METHOD + "$")
    assert check_password_hash(made, "correct horse battery staple")
    assert not check_password_hash(made, "correct horse battery stapler")
