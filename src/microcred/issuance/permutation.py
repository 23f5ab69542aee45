"""The keyed order in which status list slots are handed out (docs/adr/0021-status-list-allocation.md).

Each list has a random secret key; its ``k``-th allocation gets index ``permuted_index(k)``: a bijection of
``range(size)``, so two allocations never share an index, and an order no one without the key can predict,
so an index reveals neither when a credential was issued nor which credentials were issued together
(https://www.w3.org/TR/vc-bitstring-status-list/#privacy-considerations).
"""

from __future__ import annotations

import hmac
from typing import Final

__all__ = ["permuted_index"]

_ROUNDS: Final = 4


def _round(key: bytes, round_number: int, value: int, mask: int) -> int:
    digest = hmac.digest(key, bytes([round_number]) + value.to_bytes(8, "big"), "sha256")
    return int.from_bytes(digest[:8], "big") & mask


def permuted_index(counter: int, *, key: bytes, size: int) -> int:
    """The ``counter``-th slot of a list of ``size`` entries: a balanced 4-round Feistel network (HMAC-SHA256
    round function) over the smallest even-bit domain covering ``size``, cycle-walking back into range
    (format-preserving encryption; each walk step stays inside the permutation's cycle, so the map from
    ``range(size)`` to ``range(size)`` is a bijection)."""
    if size <= 0 or not 0 <= counter < size:
        raise IndexError(f"counter {counter} outside a list of {size} entries")
    half_bits = max(1, ((size - 1).bit_length() + 1) // 2)
    mask = (1 << half_bits) - 1
    value = counter
    while True:
        left, right = value >> half_bits, value & mask
        for round_number in range(_ROUNDS):
            left, right = right, left ^ _round(key, round_number, right, mask)
        value = (left << half_bits) | right
        if value < size:
            return value
