"""The policy decision point (DESIGN.md, mechanism 2): one question, one answer, one place.

"May this membership do this action to this resource, for this purpose?" is asked of
`decide` and answered by the Cedar policies in `policies/`: permit (naming the rule and, where
one applies, the legal basis), deny (naming what is missing, in the reader's language) or
review. `require` turns a denial into `Denied`, which becomes a response in exactly one place
for pages (policy.middleware) and one for the API (api.errors). `read` is `require` plus the
read audit: a permitted read of data tagged sensitive goes to the access log.

The functions are imported lazily so that Django can import this package (an installed app)
before the models are ready.
"""

from accord.policy.decision import Decision, Denied, Effect


def decide(membership, action, resource, *, purpose):
    from accord.policy.engine import decide as _decide

    return _decide(membership, action, resource, purpose=purpose)


def decide_many(membership, action, resources, *, purpose):
    from accord.policy.engine import decide_many as _decide_many

    return _decide_many(membership, action, resources, purpose=purpose)


def require(membership, action, resource, *, purpose):
    from accord.policy.engine import require as _require

    return _require(membership, action, resource, purpose=purpose)


def read(membership, action, resource, *, purpose):
    from accord.policy.engine import read as _read

    return _read(membership, action, resource, purpose=purpose)


def read_many(membership, action, resources, *, purpose):
    from accord.policy.engine import read_many as _read_many

    return _read_many(membership, action, resources, purpose=purpose)


def not_found(action: str, *, purpose: str) -> Denied:
    """The 404 of a child object missing under a parent the policy let the reader reach (an
    assessment id that is not of this case): the same answer as a hidden object."""
    return Denied(Decision(effect=Effect.DENY, action=action, purpose=purpose,
                           rule="policy.not_found", missing="not_permitted"), hidden=True)


def record_reads(membership, permitted):
    """Record already-permitted reads [(resource, decision), ...] in the access log (for
    callers that decide in bulk and need every decision, permitted or not)."""
    from accord.policy.engine import _record_reads

    _record_reads(membership, list(permitted))


def fetch(membership, queryset, *, action, purpose, record=False, **lookup):
    from accord.policy.engine import fetch as _fetch

    return _fetch(membership, queryset, action=action, purpose=purpose, record=record, **lookup)


__all__ = [
    "Decision",
    "Denied",
    "Effect",
    "decide",
    "decide_many",
    "fetch",
    "not_found",
    "read",
    "read_many",
    "record_reads",
    "require",
]
