"""Canonical bytes and hashes of audit rows: the one definition writer and verifier share."""

import hashlib
import json
from datetime import UTC, datetime

EVENT_FIELDS = (
    "chain", "epoch", "seq", "network_id", "actor_id", "actor_label", "action", "object_type",
    "object_id", "summary", "categories", "purpose", "request_id", "created_at", "prev_hash",
)
CHECKPOINT_FIELDS = ("chain", "epoch", "start_hash", "final_hash", "count", "sealed_at")


def _plain(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return value


def canonical_bytes(values: dict) -> bytes:
    return json.dumps(
        {key: _plain(value) for key, value in values.items()},
        sort_keys=True, separators=(",", ":"), ensure_ascii=False,
    ).encode()


def event_hash(event) -> str:
    return hashlib.sha256(
        canonical_bytes({name: getattr(event, name) for name in EVENT_FIELDS})
    ).hexdigest()


def checkpoint_hash(checkpoint) -> str:
    return hashlib.sha256(
        canonical_bytes({name: getattr(checkpoint, name) for name in CHECKPOINT_FIELDS})
    ).hexdigest()
