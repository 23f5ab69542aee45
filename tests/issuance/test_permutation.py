"""The keyed slot order: a bijection of range(size) (never a duplicate), different per key, not sequential."""

from __future__ import annotations

import itertools
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred.issuance.permutation import permuted_index


@settings(max_examples=40, deadline=None)
@given(size=st.integers(min_value=1, max_value=3000), key=st.binary(min_size=32, max_size=32))
def test_every_counter_gets_a_distinct_index_in_range(size: int, key: bytes) -> None:
    indexes = [permuted_index(counter, key=key, size=size) for counter in range(size)]
    assert sorted(indexes) == list(range(size))


def test_the_full_list_size_is_a_permutation() -> None:
    size, key = 131_072, os.urandom(32)
    indexes = {permuted_index(counter, key=key, size=size) for counter in range(size)}
    assert len(indexes) == size
    assert min(indexes) == 0
    assert max(indexes) == size - 1


def test_order_depends_on_the_key_and_is_not_sequential() -> None:
    size = 131_072
    first = [permuted_index(counter, key=b"k" * 32, size=size) for counter in range(64)]
    second = [permuted_index(counter, key=b"j" * 32, size=size) for counter in range(64)]
    assert first != second
    gaps = [abs(b - a) for a, b in itertools.pairwise(first)]
    assert sum(gap == 1 for gap in gaps) < 4  # consecutive issuances do not land side by side


@pytest.mark.parametrize("counter", [-1, 8])
def test_counters_outside_the_list_are_refused(counter: int) -> None:
    with pytest.raises(IndexError):
        permuted_index(counter, key=b"k" * 32, size=8)
