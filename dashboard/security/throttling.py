"""Sign-in throttling's rules: which address an attempt counts against, how long an
address waits after repeated failures, and the password hash checked for unknown users.
The failures themselves are kept in the accounts database (`accounts_database`), counted
and written by `Accounts` (`accounts`).

Sign-in throttling is kept there rather than in Redis: it must hold across instances
whether or not Redis is configured, it is written in the same transaction as the audit
entry for the attempt, and Redis here is a cache that may be flushed. It cannot be used
to lock someone else out: failures are counted per account *and address* (5 in 15
minutes stop that address trying that account) and per address (after 10 failures in 15
minutes, each further attempt from that address waits twice as long as the one before,
up to 15 minutes). Nobody signing in from another address is affected. IPv6 addresses
count per /64 network (one machine usually has a whole /64), IPv4 addresses one by one.
Times are each instance's clock, so instances keep their clocks in step (NTP).
"""

from __future__ import annotations

import ipaddress
import secrets
import threading
from dataclasses import dataclass

from werkzeug.security import generate_password_hash

LOCKOUT_FAILURES = 5          # failed sign-ins for one account from one address ...
LOCKOUT_WINDOW_S = 15 * 60    # ... within this window stop that address trying it
ADDRESS_FREE_FAILURES = 10    # failures from one address (any accounts) before back-off
UNKNOWN_ADDRESS = "unknown"


@dataclass(frozen=True)
class Refusal:
    """Why sign-in attempts from an address are refused for now, and for how long."""

    reason: str          # "account and address" or "address back-off"
    retry_after_s: int   # seconds until an attempt will be considered again


def address_key(ip: str | None) -> str:
    """The address sign-in limits count: an IPv4 address, or an IPv6 /64 network (one
    machine usually holds a whole /64, so counting single IPv6 addresses is no limit)."""
    if not ip:
        return UNKNOWN_ADDRESS
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return ip.strip()[:64] or UNKNOWN_ADDRESS
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is None:
        return str(ipaddress.IPv6Network((int(address) >> 64 << 64, 64)))
    return str(address.ipv4_mapped or address) if isinstance(
        address, ipaddress.IPv6Address) else str(address)


def address_backoff_s(failures: int) -> int:
    """Seconds an address must wait after its latest failure: none for the first
    ADDRESS_FREE_FAILURES, then 2, 4, 8, ... seconds, never more than the window."""
    extra = failures - ADDRESS_FREE_FAILURES
    if extra <= 0:
        return 0
    return min(LOCKOUT_WINDOW_S, 2 ** min(extra, 20))


_dummy_hash_lock = threading.Lock()
_dummy_hash_value: list[str] = []


# Passwords are hashed with werkzeug's scrypt at its default cost (n = 2**15, r = 8,
# p = 1). The test suite lowers PASSWORD_METHOD for speed (tests/conftest.py: hundreds
# of test users are made); a unit test holds the default here.
DEFAULT_PASSWORD_METHOD = "scrypt:32768:8:1"
PASSWORD_METHOD = DEFAULT_PASSWORD_METHOD


def password_hash(password: str) -> str:
    """A salted hash of a password, of the method and cost every password gets."""
    return generate_password_hash(password, method=PASSWORD_METHOD)


def dummy_hash() -> str:
    """A password hash of the same method and cost as real ones, checked for unknown
    usernames so that a sign-in takes as long whether or not the user exists (made once
    per process: making it per attempt doubled the time for unknown users)."""
    with _dummy_hash_lock:
        if not _dummy_hash_value:
            _dummy_hash_value.append(password_hash(secrets.token_hex(16)))
        return _dummy_hash_value[0]
