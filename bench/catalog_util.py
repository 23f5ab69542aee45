"""Shared constants and logging for bench/catalog.py and its modules."""

from __future__ import annotations

import time

SEARCH_TARGET_MS = 50.0
DETAIL_TARGET_MS = 100.0


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)
