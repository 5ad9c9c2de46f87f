"""What a fault run counts, kept apart from the running so the arithmetic can be tested.

- answered: requests that got an HTTP status at all;
- failed cleanly: a 503 carrying Retry-After (the client knows to come back);
- unclean: a 500, any other 5xx without Retry-After, or no answer at all (599);
- lost writes: a write answered 2xx whose row does not hold it afterwards;
- duplicated side effects: the same e-mail delivered twice, the same vote stored twice.

A write that failed (503) may still have committed when the connection died during COMMIT:
the client cannot know. Such a write is not lost, and a later write of the same row may then
meet a conflict (409); so a row is correct when it holds its last 2xx write or any write
attempted after it that failed with a 5xx or no answer.
"""

import threading
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class FaultTally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter = field(default_factory=Counter)
    clean_failures: int = 0
    unclean: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # 4xx samples, to explain them
    attempts: list[dict] = field(default_factory=list)  # writes, in order, with their status
    requests: int = 0
    retries: int = 0  # resent once on a new connection (accord.bench.load's rule)
    stale_reopened: int = 0

    def record(self, *, status: int, retry_after: str | None, path: str, write: dict | None,
               detail: str = "") -> None:
        with self.lock:
            self.requests += 1
            self.statuses[status] += 1
            if status == 503 and retry_after:
                self.clean_failures += 1
            elif status >= 500:
                self.unclean.append(f"{status} {path} {detail}".rstrip())
            if write is not None:
                self.attempts.append({**write, "http_status": status})
            if 400 <= status < 500 and len(self.refused) < 20:
                self.refused.append(f"{status} {path}")

    @property
    def answered(self) -> int:
        return self.requests - self.statuses[599]


def expected_states(attempts: list[dict]) -> dict[tuple, dict]:
    """Per row (kind, id, member): the last 2xx write and the writes tried after it."""
    rows: dict[tuple, dict] = {}
    for attempt in attempts:
        row = rows.setdefault((attempt["kind"], attempt["id"], attempt.get("membership")),
                              {"confirmed": None, "maybe": []})
        if 200 <= attempt["http_status"] < 300:
            row["confirmed"], row["maybe"] = attempt, []
        elif attempt["http_status"] >= 500:  # 4xx: refused, so certainly not applied
            row["maybe"].append(attempt)
    return {key: row for key, row in rows.items() if row["confirmed"] is not None}


def deliveries(received: Counter, expected_ids: set[str]) -> dict:
    """E-mails expected (by Message-ID) against what the mail server received."""
    lost = sorted(expected_ids - set(received))
    duplicated = {mid: n for mid, n in received.items() if n > 1}
    return {"expected": len(expected_ids), "delivered": len(set(received) & expected_ids),
            "lost": len(lost), "duplicated": sum(n - 1 for n in duplicated.values()),
            "lost_samples": lost[:5], "unexpected": len(set(received) - expected_ids)}
