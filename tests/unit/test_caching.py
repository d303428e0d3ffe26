"""The process cache helper: entries expire after their TTL, names are unique."""

import pytest
from cachetools import TTLCache

from contest.core.caching import ProcessCache, register


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_an_entry_is_served_until_its_ttl_and_read_again_after():
    clock = Clock()
    cache = ProcessCache("exam_settings_like", TTLCache(maxsize=8, ttl=5.0, timer=clock))
    cache.put(7, "settings v1")
    clock.now += 4.9
    assert cache.get(7) == "settings v1"
    clock.now += 0.1
    assert cache.get(7) is None
    assert len(cache) == 0


def test_a_name_is_declared_once():
    with pytest.raises(ValueError):
        register("attempt_facts", TTLCache(maxsize=1, ttl=1))
