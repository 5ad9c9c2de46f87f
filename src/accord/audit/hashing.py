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
# Added later, so hashed only when set: events written before them still verify.
OPTIONAL_EVENT_FIELDS = ("actor_membership_id", "actor_organisation_id")
CHECKPOINT_FIELDS = ("chain", "epoch", "start_hash", "final_hash", "count", "sealed_at")
# What a read record's leaf covers: everything stored except its id, its batch (set when it
# is folded) and the leaf hash itself.
ACCESS_FIELDS = (
    "network_id", "at", "membership_id", "user_id", "organisation_id", "actor_label",
    "object_type", "object_id", "categories", "purpose", "effect", "rule", "request_id",
)

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
    bytes as `canonical_bytes`, without a pass over each value. The OPTIONAL_EVENT_FIELDS may
    follow; each one counts only when it is set.
    """
    if len(values) == len(EVENT_FIELDS):
        record = dict(zip(EVENT_FIELDS, values, strict=True))
    else:
        record = dict(zip(EVENT_FIELDS + OPTIONAL_EVENT_FIELDS, values, strict=True))
        for name in OPTIONAL_EVENT_FIELDS:
            if record[name] is None:
                del record[name]
    record["created_at"] = _plain(record["created_at"])
    return _encode(record).encode()


def event_digest(values: Sequence[Any]) -> str:
    """The hash of an event from its EVENT_FIELDS values in that order. Writer and verifier
    both come here (the benchmark's raw-hashlib comparison reads the same bytes)."""
    return _sha256(event_canonical_bytes(values)).hexdigest()


def event_hash(event) -> str:
    return event_digest([getattr(event, name) for name in EVENT_FIELDS + OPTIONAL_EVENT_FIELDS])


def checkpoint_hash(checkpoint) -> str:
    return digest({name: getattr(checkpoint, name) for name in CHECKPOINT_FIELDS})


# The access log's Merkle tree (RFC 6962, section 2.1) ---------------------------------------
# Leaves and inner nodes are hashed with different prefixes, so a leaf can never pass for a
# node (the second-preimage attack the RFC guards against).

_LEAF, _NODE = b"\x00", b"\x01"


def access_leaf_bytes(values: Mapping[str, Any]) -> bytes:
    """The canonical bytes of one read record from its ACCESS_FIELDS values."""
    return canonical_bytes({name: values[name] for name in ACCESS_FIELDS})


def access_leaf_hash_of(values: Mapping[str, Any]) -> str:
    """SHA-256(0x00 || leaf bytes), hex: what a record stores and a batch's tree is built of."""
    return _sha256(_LEAF + access_leaf_bytes(values)).hexdigest()


def access_leaf_hash(record) -> str:
    return access_leaf_hash_of({name: getattr(record, name) for name in ACCESS_FIELDS})


def merkle_root(leaf_hashes: Sequence[str]) -> str:
    """The Merkle tree hash of the leaves (hex), in the RFC's manner: for n > 1 leaves the
    left subtree holds the largest power of two smaller than n, the right one the rest, and a
    node is SHA-256(0x01 || left || right). The empty tree is SHA-256 of nothing."""
    if not leaf_hashes:
        return _sha256(b"").hexdigest()
    level = [bytes.fromhex(leaf) for leaf in leaf_hashes]
    return _subtree(level, 0, len(level)).hex()


def _subtree(leaves: list[bytes], start: int, end: int) -> bytes:
    count = end - start
    if count == 1:
        return leaves[start]
    split = 1 << ((count - 1).bit_length() - 1)  # the largest power of two below count
    left = _subtree(leaves, start, start + split)
    right = _subtree(leaves, start + split, end)
    return _sha256(_NODE + left + right).digest()
