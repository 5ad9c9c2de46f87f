"""Reads of the identity vault. Every one passes the decision point through
`cases.access.read_facets` on the case's identity facet, so it is recorded in the access log
and, across organisations, in the disclosure register; a refused reader gets the reason."""

from dataclasses import dataclass, field
from typing import Any

from accord import policy
from accord.cases.access import decide_facets, read_facets
from accord.cases.models import Case
from accord.policy import Decision
from accord.vault.keys import index_key
from accord.vault.models import CaseKey, Subject, SubjectNameIndex
from accord.vault.names import name_hash, query_forms
from accord.vault.services import PURPOSE, identity_facet

SEARCH_LIMIT = 50


@dataclass
class IdentityReading:
    decision: Decision
    subject: Subject | None = None
    identity: dict | None = None
    guardian: dict | None = None
    erased: bool = False
    # What every reader permitted to see the case sees instead (cases.models: quasi-identifiers).
    quasi: dict[str, Any] = field(default_factory=dict)

    @property
    def allowed(self) -> bool:
        return self.decision.allowed


def case_for(membership: Any, pk: int, *, purpose: str = PURPOSE) -> Case:
    """The case, if the member may know it exists (another network's: a 404)."""
    return policy.fetch(membership, Case.objects.select_related("lead_organisation", "network"),
                        action="case.see", purpose=purpose, pk=pk)


def subject_of(case: Case) -> Subject | None:
    return (Subject.objects.select_related("case_key__network_key")
            .filter(case_id=case.pk).first())


def quasi_identifiers(case: Case) -> dict[str, Any]:
    return {"reference": case.reference, "age_band": case.get_age_band_display(),
            "gender": case.get_gender_display(), "district": case.district}


def identity_read(membership: Any, case: Case, *, channel: str = "page") -> IdentityReading:
    """The decrypted identity if the policy permits it (the read is recorded), else the
    reason. A tampered ciphertext raises VaultError; an erased one says so."""
    [(_facet, decision)] = read_facets(membership, [identity_facet(case)], purpose=PURPOSE,
                                       channel=channel)
    reading = IdentityReading(decision=decision, quasi=quasi_identifiers(case))
    if not decision.allowed:
        return reading
    reading.subject = subject_of(case)
    if reading.subject is None:
        # A purge erases the case's key whether or not an identity was recorded.
        reading.erased = CaseKey.objects.filter(case=case, destroyed_at__isnull=False).exists()
        return reading
    if reading.subject.case_key.destroyed_at is not None:
        reading.erased = True
        return reading
    reading.identity = reading.subject.identity()
    reading.guardian = reading.subject.guardian() if reading.subject.is_minor else None
    return reading


def subjects_matching(membership: Any, text: str, *, limit: int = SEARCH_LIMIT) -> list[Subject]:
    """Subjects whose names or aliases match `text`, by keyed hash (never a scan of
    plaintext), only of cases whose identity this member may read; the shown results are
    recorded as reads on the search channel."""
    forms = query_forms(text or "")
    if not forms:
        return []
    key = index_key(membership.network, create=False)  # a search writes nothing
    if key is None:
        return []
    ids = (SubjectNameIndex.objects.filter(network_id=membership.network_id,
                                           name_hash__in=[name_hash(key, f) for f in forms])
           .values_list("subject_id", flat=True).distinct()[:500])
    candidates = list(Subject.objects.select_related("case__lead_organisation", "case__network",
                                                     "case_key__network_key")
                      .filter(pk__in=list(ids)).order_by("case__reference"))
    decisions = decide_facets(membership, [identity_facet(s.case) for s in candidates],
                              purpose=PURPOSE)
    shown = [s for s, d in zip(candidates, decisions, strict=True) if d.allowed][:limit]
    if shown:
        read_facets(membership, [identity_facet(s.case) for s in shown], purpose=PURPOSE,
                    channel="search")
    return shown
