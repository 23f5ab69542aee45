"""A short-lived, process-wide cache of what verification reads from our own database: organisations' DID
documents, status list credentials and issuer-trust verdicts.

Entries live ``LOCAL_CACHE_SECONDS`` at most, and every save or delete of a status list, signing key,
organisation or trust-list entry in this process clears the cache at once (signals, connected in
``apps.py``; the trust-list services also clear it after their bulk updates). So within one process a
revocation or key change shows on the very next verification; a change made by another process (a
background worker) shows within ``LOCAL_CACHE_SECONDS``. A value loaded while such a change happened is
not stored (the generation moved on).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, Final, TypeVar

__all__ = ["LOCAL_CACHE_SECONDS", "cached", "invalidate"]

LOCAL_CACHE_SECONDS: Final = 5.0
_MAX_ENTRIES: Final = 4096
T = TypeVar("T")

_lock = threading.Lock()
_generation = 0
_entries: dict[Hashable, tuple[float, int, Any]] = {}


def invalidate(*_args: Any, **_kwargs: Any) -> None:
    """Forget everything (a signal receiver, hence the ignored arguments)."""
    global _generation
    with _lock:
        _generation += 1
        _entries.clear()


def cached(key: Hashable, load: Callable[[], T]) -> T:
    """``load()``'s value for ``key``, reused while fresh. Exceptions are not cached."""
    now = time.monotonic()
    hit = _entries.get(key)
    if hit is not None and hit[0] > now and hit[1] == _generation:
        value: T = hit[2]
        return value
    generation = _generation
    value = load()
    with _lock:
        if generation == _generation:
            if len(_entries) >= _MAX_ENTRIES:
                _entries.clear()
            _entries[key] = (now + LOCAL_CACHE_SECONDS, generation, value)
    return value
