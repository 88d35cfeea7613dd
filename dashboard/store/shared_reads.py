"""Which partners' shared datasets a piece of work read: the capture under the
data-sharing ledger (dashboard/security/ledger.py keeps it, dashboard/web/ledger.py
records it once per request).

A shared dataset is one whose access level (the store's, or an administrator's change)
is ``partners:<ids>``; its owners are those partnerships. `BaseStore.query` and
`records` note every shared dataset whose values they return
(`AccessState.shared_read`) into the collector of the current context, kept in a
`contextvars.ContextVar` so that threads and requests never see each other's. Outside a
collector (the command line, a test) nothing is kept.

Memoized reads (dashboard/store/cache.py) run under a collector of their own
(`collected`) and keep what they touched with their result, so a cached answer given to
a second person is noted for that person too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextvars import ContextVar, Token
from typing import TypeVar

T = TypeVar("T")
Touched = dict[str, tuple[str, ...]]  # shared dataset id -> its owners (partnership ids)

_COLLECTOR: ContextVar[Touched | None] = ContextVar("placeboard_shared_reads", default=None)


def start() -> Token:
    """Open a collector for the current context (e.g. one web request)."""
    return _COLLECTOR.set({})


def finish(token: Token) -> Touched:
    """Close the collector `start` opened; the shared datasets read under it."""
    found = _COLLECTOR.get() or {}
    try:
        _COLLECTOR.reset(token)
    except ValueError:  # closed in another context than it was opened in
        _COLLECTOR.set(None)
    return found


def note(touched: Mapping[str, tuple[str, ...]]) -> None:
    """Add shared datasets read to the current collector, if one is open."""
    if touched:
        found = _COLLECTOR.get()
        if found is not None:
            found.update(touched)


def collected(call: Callable[[], T]) -> tuple[T, Touched]:
    """`call()` under a collector of its own, and what it read; what it read is noted
    in the enclosing collector too."""
    token = _COLLECTOR.set({})
    try:
        result = call()
        touched = _COLLECTOR.get() or {}
    finally:
        _COLLECTOR.reset(token)
    note(touched)
    return result, touched
