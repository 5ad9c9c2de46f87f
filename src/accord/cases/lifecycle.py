"""Which step may follow which (issue 10, Deliver 1):
signal → triage → planning → active ⇄ suspended → closing → closed → follow-up → purged.

Triage may also end a case at once (no action, routed to regular care, handed to criminal
justice): it then goes to closing with that outcome. A case may be closed from any open state
when the person moves away or dies; purging is the privacy guard's retention, never a click.
"""

from accord.cases.models import CaseState as S
from accord.cases.models import ClosureReason, TriageOutcome

ALLOWED: dict[str, frozenset[str]] = {
    S.SIGNAL: frozenset({S.TRIAGE, S.CLOSING}),
    S.TRIAGE: frozenset({S.PLANNING, S.CLOSING}),
    S.PLANNING: frozenset({S.ACTIVE, S.CLOSING}),
    S.ACTIVE: frozenset({S.SUSPENDED, S.CLOSING}),
    S.SUSPENDED: frozenset({S.ACTIVE, S.CLOSING}),
    S.CLOSING: frozenset({S.CLOSED, S.ACTIVE}),
    S.CLOSED: frozenset({S.FOLLOW_UP, S.PURGED}),
    S.FOLLOW_UP: frozenset({S.CLOSED, S.PURGED}),
    S.PURGED: frozenset(),
}

# States in which a case is open: the sharing policy's condition "the case is in an active
# state" means one of these.
OPEN_STATES = frozenset({S.SIGNAL, S.TRIAGE, S.PLANNING, S.ACTIVE, S.SUSPENDED, S.CLOSING})
WORKING_STATES = frozenset({S.PLANNING, S.ACTIVE, S.SUSPENDED})

# Leaving triage records a triage outcome; going to closing records a closure reason.
OUTCOMES: dict[tuple[str, str], type] = {
    (S.TRIAGE, S.PLANNING): TriageOutcome,
    (S.TRIAGE, S.CLOSING): TriageOutcome,
}


def allowed(from_state: str, to_state: str) -> bool:
    return to_state in ALLOWED.get(from_state, frozenset())


def needs_closure_reason(to_state: str) -> bool:
    return to_state == S.CLOSING


__all__ = ["ALLOWED", "OPEN_STATES", "OUTCOMES", "WORKING_STATES", "ClosureReason", "allowed",
           "needs_closure_reason"]
