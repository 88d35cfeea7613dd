"""Query memoization on flask-caching backends (SimpleCache, or Redis when configured).

The backends are used directly rather than through `flask_caching.Cache.memoize` so the
same cached store works in the CLI, tests and the app without a Flask app context.
Keys include the store file's identity, so a rebuilt store (swapped in with
os.replace) never serves stale results. A cached result is kept with the partners'
shared datasets it read (dashboard/store/shared_reads.py), which a hit notes again: the
data-sharing ledger records every person a cached answer reaches.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import pickle
import time
from collections.abc import Callable
from typing import Any, TypeVar

from flask_caching.backends import NullCache, RedisCache, SimpleCache
from flask_caching.backends.base import BaseCache
from redis.exceptions import RedisError

from dashboard.store.shared_reads import collected, note

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger(__name__)


REDIS_TIMEOUT_S = 1.0  # a Redis that does not answer within this counts as a miss
OUTAGE_LOG_EVERY_S = 60.0


class SharedCache(RedisCache):
    """The Redis cache several workers and instances share. Redis is only a cache here:
    when it cannot be reached, a read is a miss and a write is skipped (logged once a
    minute), so pages are slower, never failed."""

    _last_logged = 0.0

    def _unavailable(self, exc: Exception) -> None:
        now = time.monotonic()
        if now - SharedCache._last_logged >= OUTAGE_LOG_EVERY_S:
            SharedCache._last_logged = now
            log.warning("Redis cache unavailable, answering without it: %s", exc)

    def get(self, key: str) -> Any:
        try:
            return super().get(key)
        except RedisError as exc:
            self._unavailable(exc)
            return None

    def set(self, key: str, value: Any, timeout: Any = None) -> Any:
        try:
            return super().set(key, value, timeout)
        except RedisError as exc:
            self._unavailable(exc)
            return False


def make_cache(redis_url: str | None = None, timeout: int = 600) -> BaseCache:
    """SimpleCache by default (per process); the shared Redis cache when a URL is given."""
    if redis_url:
        import redis

        client = redis.Redis.from_url(redis_url, socket_timeout=REDIS_TIMEOUT_S,
                                      socket_connect_timeout=REDIS_TIMEOUT_S)
        return SharedCache(host=client, default_timeout=timeout, key_prefix="placeboard:")
    return SimpleCache(threshold=2000, default_timeout=timeout)


def null_cache() -> BaseCache:
    return NullCache()


def _normalise(value: Any) -> Any:
    """Lists and sets become sorted tuples so equal selections share a cache entry."""
    if isinstance(value, (list, set, frozenset)):
        return tuple(sorted(_normalise(v) for v in value))
    if isinstance(value, tuple):
        return tuple(_normalise(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _normalise(v)) for k, v in value.items()))
    return value


KEY_PREFIX = "q2:"  # entries are (result, shared datasets read); "q:" held results alone


def memoized(func: F) -> F:
    """Memoize a Store method on the store's cache backend; results are copied out. The
    shared datasets the call read are kept with its result and noted again on a hit."""

    @functools.wraps(func)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        cache: BaseCache = self.cache
        key_source = repr((func.__qualname__, self.identity(), self.access_key(),
                           _normalise(args), _normalise(kwargs)))
        key = KEY_PREFIX + hashlib.sha1(key_source.encode()).hexdigest()
        hit = cache.get(key)
        if hit is not None:
            result, touched = pickle.loads(hit)
            note(touched)
            return result
        result, touched = collected(lambda: func(self, *args, **kwargs))
        cache.set(key, pickle.dumps((result, touched), protocol=pickle.HIGHEST_PROTOCOL))
        return result

    return wrapper  # type: ignore[return-value]
