"""The canonical bytes do not depend on how fast they are made: the encoder the chain uses
gives exactly what json.JSONEncoder gives with the same settings, for every kind of value."""

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from accord.audit.hashing import EVENT_FIELDS, _encode, _plain, event_canonical_bytes

REFERENCE = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode

VALUES = [
    {"z": 1, "a": [3, 2, 1], "m": {"y": None, "b": True, "é": "ü"}},
    {"fields": ["title", "text"], "old": 1.5, "new": -0.0, "big": 2**70},
    ["\u2028\u2029", "\x00\x1f\x7f", "\"quoted\" \\ back", "<script>alert(1)</script>"],
    "Jürgen Weiß — 東京 🙂", 0, -12, None, True, False, 1e300, [], {},
]


@pytest.mark.parametrize("value", VALUES)
def test_the_chains_encoder_writes_the_same_bytes_as_the_reference_encoder(value):
    assert _encode(value) == REFERENCE(value)


def test_a_time_is_written_the_same_whatever_its_zone():
    moment = datetime(2025, 3, 1, 9, 30, 0, 7, tzinfo=UTC)
    berlin = moment.astimezone(timezone(timedelta(hours=1)))
    assert _plain(moment) == _plain(berlin) == "2025-03-01T09:30:00.000007Z"


def test_an_events_bytes_are_its_fields_sorted_and_compact():
    values = dict.fromkeys(EVENT_FIELDS, "")
    values.update(seq=1, epoch=2025, created_at=datetime(2025, 1, 2, tzinfo=UTC),
                  summary={"b": 1, "a": "ä"}, categories=["x"], actor_id=None)
    expected = REFERENCE({**values, "created_at": "2025-01-02T00:00:00.000000Z"}).encode()
    assert event_canonical_bytes([values[name] for name in EVENT_FIELDS]) == expected
