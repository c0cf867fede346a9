"""Sticky bucketing, exactly as the JavaScript client and the Rollgate data plane compute it.

bucket = murmur3_x86_32(utf8(model + "\\0" + key), seed 0) mod 10000; a key goes to the
candidate iff bucket < round(percent x 100). clients/test-vectors/bucketing.json holds the
cases both languages' tests check.
"""

from __future__ import annotations

import math
import re

BUCKETS = 10000

_MASK = 0xFFFFFFFF
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _utf8(text: str) -> bytes:
    # JavaScript's TextEncoder writes U+FFFD for an unpaired surrogate; do the same
    return _LONE_SURROGATE.sub("\ufffd", text).encode("utf-8")


def murmur3(data: bytes, seed: int = 0) -> int:
    """murmur3_x86_32 of `data`, as an unsigned 32-bit integer."""
    c1, c2 = 0xCC9E2D51, 0x1B873593
    h = seed & _MASK
    length = len(data)
    blocks = length & ~3
    for i in range(0, blocks, 4):
        k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24)
        k = (k * c1) & _MASK
        k = ((k << 15) | (k >> 17)) & _MASK
        k = (k * c2) & _MASK
        h ^= k
        h = ((h << 13) | (h >> 19)) & _MASK
        h = (h * 5 + 0xE6546B64) & _MASK
    tail = length & 3
    if tail:
        k = 0
        if tail == 3:
            k ^= data[blocks + 2] << 16
        if tail >= 2:
            k ^= data[blocks + 1] << 8
        k ^= data[blocks]
        k = (k * c1) & _MASK
        k = ((k << 15) | (k >> 17)) & _MASK
        k = (k * c2) & _MASK
        h ^= k
    h ^= length
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & _MASK
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & _MASK
    h ^= h >> 16
    return h


def hash_string(text: str) -> int:
    return murmur3(_utf8(text))


def bucket_of(model: str, key: str) -> int:
    """The bucket (0..9999) of a routing key within a model."""
    return hash_string(f"{model}\u0000{key}") % BUCKETS


def candidate_threshold(percent: object) -> int:
    """Buckets below this go to the candidate: percent x 100, rounded half up like Math.round."""
    if isinstance(percent, bool) or not isinstance(percent, (int, float)) or not percent > 0:
        return 0
    return min(BUCKETS, math.floor(percent * 100 + 0.5))


def in_candidate(model: str, key: str, percent: float) -> bool:
    return bucket_of(model, key) < candidate_threshold(percent)
