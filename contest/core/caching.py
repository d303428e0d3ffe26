"""Every process cache, declared in one place.

A cache here is a `cachetools` cache behind a lock, with its size, its lifetime and the reason a
stale entry does no harm. Nothing else in the application keeps data between requests, so
``clear_all()`` resets a process (tests call it after emptying the tables, whose ids are reused).

This module is infrastructure: it imports neither the exam nor the question bank code, so both
may use it.
"""

from __future__ import annotations

from collections.abc import Hashable
from threading import Lock
from typing import Any

from cachetools import Cache, FIFOCache, LRUCache, TTLCache


class ProcessCache:
    """A named cachetools cache whose reads and writes are safe from any thread."""

    __slots__ = ("name", "_cache", "_lock")

    def __init__(self, name: str, cache: Cache):
        self.name = name
        self._cache = cache
        self._lock = Lock()

    def get(self, key: Hashable, default: Any = None) -> Any:
        with self._lock:
            return self._cache.get(key, default)

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._cache[key] = value

    def forget(self, key: Hashable) -> None:
        with self._lock:
            self._cache.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()

    def __len__(self) -> int:
        with self._lock:
            if isinstance(self._cache, TTLCache):
                self._cache.expire()
            return len(self._cache)


_registry: dict[str, ProcessCache] = {}


def register(name: str, cache: Cache) -> ProcessCache:
    """Declare a process cache under a unique name, so ``clear_all`` reaches it."""
    if name in _registry:
        raise ValueError(f"a process cache named {name!r} is already registered")
    _registry[name] = ProcessCache(name, cache)
    return _registry[name]


def registered() -> dict[str, ProcessCache]:
    """The declared caches by name."""
    return dict(_registry)


def clear_all() -> None:
    """Empty every declared cache (after the tables are emptied, or to reset a worker)."""
    for cache in _registry.values():
        cache.clear()


ATTEMPT_FACTS = register("attempt_facts", FIFOCache(maxsize=50_000))
"""Attempt id -> its fixed facts (owner, exam, seed, deadline, drawn versions), for the answer save.

Written once when an attempt starts and never updated; the deadline only moves earlier when a
round is closed early, and closing submits the attempt in the database, which the save's own
UPDATE checks. Every worker meets an attempt once, so the oldest go first (FIFO)."""

EXAM_SETTINGS = register("exam_settings", TTLCache(maxsize=4_096, ttl=5.0))
"""Exam id -> a detached copy of the exam's settings, for the answer save and the take pages.

An edit by its manager reaches examinees within five seconds; the deadline and the attempt's
state, which decide whether an answer counts, are never read from it."""

PUBLISHED_RECORDS = register("published_records", LRUCache(maxsize=20_000))
"""Question version id -> its record (stem, options, key), for attempts and grading.

Only versions an attempt drew are looked up, and a published version never changes (an edit
makes a new version), so an entry is never stale; the least recently used go first."""

PUBLISHED_IMAGES = register("published_images", LRUCache(maxsize=20_000))
"""Bank image id -> True once a published version of its own bank shows it (examinees may load it).

Only a "yes" is remembered: a published version never changes and an image never changes bank,
so a "yes" stays true; a "no" may become "yes" at the next publication and is asked again."""

DRAW_PLANS = register("draw_plans", TTLCache(maxsize=4_096, ttl=10.0))
"""Exam id -> its draw plan (rules, fixed questions, published candidates), for starting attempts.

2,000 contestants starting in the same moment should not each re-read the bank. A question
published in between is drawn up to ten seconds later; a retired one may still be drawn for those
seconds (it was valid a moment ago). Editing an exam's draw rules forgets its entry at once."""

PUBLIC_STATISTICS = register("public_statistics", TTLCache(maxsize=1_024, ttl=60.0))
"""(exam id, round id) -> the drawn figures of a contest round's public statistics page.

Anyone may open that page, and many do when results are announced: a minute-old figure is what
a committee publishes anyway (participation counts; winners, once final, never change)."""
