"""Canonical bytes and hashes of audit rows: the one definition writer and verifier share.

An event's hash covers every stored field except its own id and hash, including the previous
event's hash, so changing, removing or reordering any row changes every hash after it.
"""

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from json.encoder import c_make_encoder, encode_basestring
from typing import Any

EVENT_FIELDS = (
    "chain", "epoch", "seq", "network_id", "actor_id", "actor_label", "action", "object_type",
    "object_id", "summary", "categories", "purpose", "request_id", "created_at", "prev_hash",
)
CHECKPOINT_FIELDS = ("chain", "epoch", "start_hash", "final_hash", "count", "sealed_at")

_sha256 = hashlib.sha256
_NO_OFFSET = timedelta(0)
# The one canonical JSON: sorted keys, no spaces, UTF-8 as is.
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _c_encode() -> Callable[[Any], str] | None:
    """_ENCODER's own C encoder, built once. JSONEncoder.encode builds a new one on every call,
    which was half of what encoding an event cost. Same settings in the same order as
    JSONEncoder.iterencode passes them, so the same bytes (tests compare the two); only the
    circular-reference check is left out (markers None): events hold decoded JSON and plain
    values, which cannot refer to themselves."""
    if c_make_encoder is None:  # a Python built without the _json accelerator
        return None
    encoder = c_make_encoder(None, _ENCODER.default, encode_basestring, _ENCODER.indent,
                             _ENCODER.key_separator, _ENCODER.item_separator,
                             _ENCODER.sort_keys, _ENCODER.skipkeys, _ENCODER.allow_nan)
    return lambda value: "".join(encoder(value, 0))


# The verifier calls this millions of times; writer and verifier both use it.
_encode = _c_encode() or _ENCODER.encode


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        # 2025-03-01T09:30:00.000000Z; isoformat is several times faster than strftime.
        if value.utcoffset() == _NO_OFFSET:  # as read from the database: "…+00:00"
            return value.isoformat(timespec="microseconds")[:-6] + "Z"
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"
    return value


def canonical_bytes(values: Mapping[str, Any]) -> bytes:
    return _encode({key: _plain(value) for key, value in values.items()}).encode()


def digest(values: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_bytes(values)).hexdigest()


def event_canonical_bytes(values: Sequence[Any]) -> bytes:
    """The bytes an event's hash covers, from its EVENT_FIELDS values in that order.

    Of an event's fields only `created_at` is a datetime, so only it is converted: the same
    bytes as `canonical_bytes`, without a pass over each value.
    """
    record = dict(zip(EVENT_FIELDS, values, strict=True))
    record["created_at"] = _plain(record["created_at"])
    return _encode(record).encode()


def event_digest(values: Sequence[Any]) -> str:
    """The hash of an event from its EVENT_FIELDS values in that order. Writer and verifier
    both come here (the benchmark's raw-hashlib comparison reads the same bytes)."""
    return _sha256(event_canonical_bytes(values)).hexdigest()


def event_hash(event) -> str:
    return event_digest([getattr(event, name) for name in EVENT_FIELDS])


def checkpoint_hash(checkpoint) -> str:
    return digest({name: getattr(checkpoint, name) for name in CHECKPOINT_FIELDS})
