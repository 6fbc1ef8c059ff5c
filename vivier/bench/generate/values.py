"""Small helpers of the row builders: ids, timestamps, slugs, weighted picks."""

# ruff: noqa: UP031 - %-formatting in the hot loops is the fastest
from __future__ import annotations

import bisect
import random
import re
import time
import unicodedata
from collections.abc import Iterable


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _fold(text)).strip("-")


def _uuid_hex(rng: random.Random) -> str:
    # A version-4 UUID as Django stores it on SQLite (32 hex digits); PostgreSQL's uuid type reads it too.
    v = (rng.getrandbits(128) & ~(0xF000 << 64) | (0x4000 << 64)) & ~(0xC000 << 48) | (0x8000 << 48)
    return "%032x" % v


def ts(t: float) -> str:
    """UTC timestamp as Django writes it on SQLite."""
    s = int(t)
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(s)) + ".%06d" % int((t - s) * 1_000_000)


def day(t: float) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(int(t)))


class Weighted:
    """rng-driven choice from (item, weight) pairs, O(log n)."""

    def __init__(self, pairs: Iterable[tuple[object, float]]):
        self.items, self.cum, total = [], [], 0.0
        for item, w in pairs:
            total += w
            self.items.append(item)
            self.cum.append(total)
        self.total = total

    def pick(self, rng: random.Random):
        return self.items[bisect.bisect(self.cum, rng.random() * self.total)]
