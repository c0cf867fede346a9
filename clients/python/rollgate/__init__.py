"""Rollgate's Python client: follow routing tables and resolve locally, send telemetry.

Standard library only. See README.md.
"""

from .bucket import BUCKETS, bucket_of, candidate_threshold, hash_string, in_candidate, murmur3
from .resolve import Decision, RoutingError, resolve
from .routing import RoutingClient
from .replay import MAX_REPLAY_FIELD_BYTES, replay_fields
from .telemetry import TelemetrySender

__all__ = [
    "BUCKETS",
    "MAX_REPLAY_FIELD_BYTES",
    "Decision",
    "RoutingClient",
    "RoutingError",
    "TelemetrySender",
    "bucket_of",
    "candidate_threshold",
    "hash_string",
    "in_candidate",
    "murmur3",
    "replay_fields",
    "resolve",
]
__version__ = "0.1.0"
