"""The fault suite's arithmetic: what counts as a clean failure, a lost write and a duplicate."""

from collections import Counter

from accord.bench.faults.accounting import FaultTally, deliveries, expected_states
from accord.bench.faults.report import END, START, render


def test_a_503_with_retry_after_is_clean_and_a_500_or_no_answer_is_not():
    tally = FaultTally()
    tally.record(status=200, retry_after=None, path="/a", write=None)
    tally.record(status=503, retry_after="5", path="/b", write=None)
    tally.record(status=503, retry_after=None, path="/c", write=None)
    tally.record(status=500, retry_after=None, path="/d", write=None)
    tally.record(status=599, retry_after=None, path="/e", write=None, detail="reset")

    assert tally.requests == 5
    assert tally.answered == 4
    assert tally.clean_failures == 1
    assert tally.unclean == ["503 /c", "500 /d", "599 /e reset"]


def _write(text: str, status: int) -> dict:
    return {"kind": "minutes", "id": 7, "membership": 1, "text": text, "http_status": status}


def test_a_row_must_hold_its_last_confirmed_write_or_a_later_ambiguous_one():
    attempts = [_write("first", 200), _write("second", 200), _write("third", 503),
                _write("fourth", 409), _write("never confirmed", 503)]
    attempts.append({"kind": "action", "id": 9, "membership": 2, "status": "open",
                     "http_status": 503})

    rows = expected_states(attempts)

    # The action was never answered 2xx: nothing is owed to it.
    assert list(rows) == [("minutes", 7, 1)]
    row = rows[("minutes", 7, 1)]
    assert row["confirmed"]["text"] == "second"
    # A 503 may have committed; a 409 certainly did not.
    assert [m["text"] for m in row["maybe"]] == ["third", "never confirmed"]


def test_deliveries_count_lost_and_duplicated_mails_by_message_id():
    received = Counter({"<a>": 1, "<b>": 2, "<z>": 1})

    counted = deliveries(received, {"<a>", "<b>", "<c>"})

    assert counted["expected"] == 3
    assert counted["delivered"] == 2
    assert counted["lost"] == 1 and counted["lost_samples"] == ["<c>"]
    assert counted["duplicated"] == 1
    assert counted["unexpected"] == 1


def test_the_report_has_one_row_per_fault_between_its_markers():
    result = {"command": "accord bench faults", "not_built": {"witness": "later"}, "faults": {
        "database-restart": {"answered": 990, "requests": 1000, "failed_cleanly": 10,
                             "unclean_failures": 0, "lost_writes": 0,
                             "duplicated_side_effects": 0, "chains_verify": True},
        "mail-server-down": {"emails": {"delivered": 5, "expected": 5}, "attempts_total": 9,
                             "sender_errors": 0, "lost_writes": 0,
                             "duplicated_side_effects": 0, "chains_verify": True}}}

    text = render(result)

    assert text.startswith(START) and text.endswith(END)
    assert "| database-restart | 990 of 1,000 | 10 (503 + Retry-After) | 0 | 0 | 0 | yes |" \
        in text
    assert "| mail-server-down | 5 of 5 e-mails delivered | 4 retried deliveries | 0 | 0 | 0 " \
        "| yes |" in text


def _database(monkeypatch, port: str, host: str = "127.0.0.1") -> None:
    from types import SimpleNamespace

    from accord.bench.faults import run

    monkeypatch.setattr(run, "settings", SimpleNamespace(DATABASES={"default": {
        "ENGINE": "django.db.backends.postgresql", "HOST": host, "PORT": port}}))


def test_the_suite_restarts_only_the_private_cluster_the_database_url_names(monkeypatch):
    import pytest

    from accord.bench.faults import run
    from accord.bench.faults.run import FaultRefused, check_target

    monkeypatch.setattr(run, "cluster_port", lambda cluster: 5499)
    _database(monkeypatch, "5499")
    check_target(("15", "faults"), allow_default_port=False)  # the private one: allowed

    with pytest.raises(FaultRefused, match="--cluster"):
        check_target(None, allow_default_port=False)
    _database(monkeypatch, "5432")
    with pytest.raises(FaultRefused, match="port"):
        check_target(("15", "faults"), allow_default_port=False)
    _database(monkeypatch, "5499", host="db.example.org")
    with pytest.raises(FaultRefused, match="loopback"):
        check_target(("15", "faults"), allow_default_port=False)

    monkeypatch.setattr(run, "cluster_port", lambda cluster: 5432)
    _database(monkeypatch, "5432")
    with pytest.raises(FaultRefused, match="5432"):
        check_target(("15", "main"), allow_default_port=False)
