"""Canonical bytes and hashes of audit rows: the one definition writer and verifier share.

An event's hash covers every stored field except its own id and hash, including the previous
event's hash, so changing, removing or reordering any row changes every hash after it.
"""

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

EVENT_FIELDS = (
    "chain", "epoch", "seq", "network_id", "actor_id", "actor_label", "action", "object_type",
    "object_id", "summary", "categories", "purpose", "request_id", "created_at", "prev_hash",
)
CHECKPOINT_FIELDS = ("chain", "epoch", "start_hash", "final_hash", "count", "sealed_at")

# One encoder, built once: the verifier calls it millions of times.
_encode = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        # 2025-03-01T09:30:00.000000Z; isoformat is several times faster than strftime.
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"
    return value


def canonical_bytes(values: Mapping[str, Any]) -> bytes:
    return _encode({key: _plain(value) for key, value in values.items()}).encode()


def digest(values: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_bytes(values)).hexdigest()


def event_digest(values: Sequence[Any]) -> str:
    """The hash of an event from its EVENT_FIELDS values in that order.

    Writer and verifier both come here. Of an event's fields only `created_at` is a datetime,
    so only it is converted: the same bytes as `canonical_bytes`, without a pass over each value.
    """
    record = dict(zip(EVENT_FIELDS, values, strict=True))
    record["created_at"] = _plain(record["created_at"])
    return hashlib.sha256(_encode(record).encode()).hexdigest()


def event_hash(event) -> str:
    return event_digest([getattr(event, name) for name in EVENT_FIELDS])


def checkpoint_hash(checkpoint) -> str:
    return digest({name: getattr(checkpoint, name) for name in CHECKPOINT_FIELDS})
