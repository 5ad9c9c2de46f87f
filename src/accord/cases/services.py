"""Writes of the case register (issue 10, Deliver 1): opening a case on a signal, moving it
through its lifecycle, changing its register fields, participants and workers.

Every service asks the decision point itself (it is also called from the API, commands and the
demo), writes, and records its audit event in the same transaction: a refusal or a bad value
writes nothing. Audit summaries name fields, states and ids, never the signal's words.
"""

import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from accord import policy
from accord.audit.services import audit_record
from accord.cases import lifecycle
from accord.cases.facets import forget
from accord.cases.models import (
    DEFAULT_CONCERN_TYPES,
    Case,
    CaseParticipant,
    CaseState,
    CaseTransition,
    CaseWorker,
    ClosureReason,
    ConcernType,
    Tier,
    TriageOutcome,
)
from accord.cases.signals import case_purged
from accord.tenancy.models import Membership, Network, Organisation

# Register fields case_update changes (besides participants and workers).
REGISTER_FIELDS = ("source_sector", "concern_type", "concern_level", "signal_received_on",
                   "signal_summary", "lead_organisation", "coordinator", "chair",
                   "next_review_on", "age_band", "gender", "district")
# Triage outcomes that take a case on (to planning), and those that end it at once (to
# closing); "more information needed" keeps it in triage, so it is no step of its own.
TAKES_ON = frozenset({TriageOutcome.TAKEN_ON})
ENDS_AT_TRIAGE = frozenset({TriageOutcome.NO_ACTION, TriageOutcome.REGULAR_CARE,
                            TriageOutcome.CRIMINAL_JUSTICE})
_REFERENCE_ATTEMPTS = 8


def _audit(membership: Membership, action: str, obj: Any, **summary: Any) -> None:
    audit_record(network=membership.network, membership=membership, action=action, obj=obj,
                 summary=summary or None)


# --- concern types and references -------------------------------------------------------------

def ensure_concern_types(network: Network) -> list[ConcernType]:
    """The network's concern types; a network without any gets the defaults on first use."""
    types = list(ConcernType.objects.filter(network=network).order_by("pk"))
    if types:
        return types
    ConcernType.objects.bulk_create(
        [ConcernType(network=network, code=code) for code in DEFAULT_CONCERN_TYPES],
        ignore_conflicts=True)  # two first uses at once: the second adds nothing
    return list(ConcernType.objects.filter(network=network).order_by("pk"))


def reference_prefix(network: Network) -> str:
    """The first three letters or digits of the network's short name, upper case."""
    letters = re.sub(r"[^A-Za-z0-9]", "", network.slug).upper()
    return (letters or "CASE")[:3]


def next_reference(network: Network, year: int) -> str:
    """`<PREFIX>-<YEAR>-<NNN>`, one above the highest running number of that network and year.
    Two writers may compute the same one: the unique constraint decides, case_create retries."""
    stem = f"{reference_prefix(network)}-{year}-"
    highest = 0
    candidates = (Case.objects.filter(network=network, reference__startswith=stem)
                  .order_by(Length("reference").desc(), "-reference")
                  .values_list("reference", flat=True)[:20])
    for reference in candidates:
        suffix = reference[len(stem):]
        if suffix.isdigit():
            highest = int(suffix)
            break
    return f"{stem}{highest + 1:03d}"


# --- checks -----------------------------------------------------------------------------------

def _same_network(network: Network, field: str, obj: Any) -> None:
    """Every organisation and member named belongs to the case's network (a foreign id is
    refused as not found, the same words whether it exists elsewhere or not)."""
    if obj is not None and obj.network_id != network.pk:
        raise ValidationError({field: _("Choose one of this network's own.")})


def _check_people(network: Network, values: dict[str, Any]) -> None:
    for field in ("lead_organisation", "coordinator", "chair"):
        if field in values:
            _same_network(network, field, values[field])
    concern_type = values.get("concern_type")
    if concern_type is not None:
        _same_network(network, "concern_type", concern_type)
        if concern_type.retired and values.get("_new", True):
            raise ValidationError({"concern_type": _("This concern type is retired.")})


def _participants_of(network: Network,
                     participants: Iterable[tuple[Organisation, str]]) -> dict[int, tuple]:
    found: dict[int, tuple[Organisation, str]] = {}
    for organisation, tier in participants:
        _same_network(network, "participants", organisation)
        if tier not in Tier.values:
            raise ValidationError({"participants": _("Choose a tier: core party, case party or "
                                                     "care partner.")})
        found[organisation.pk] = (organisation, tier)
    return found


def _workers_of(network: Network, workers: Iterable[Membership]) -> dict[int, Membership]:
    found = {}
    for worker in workers:
        _same_network(network, "workers", worker)
        if not worker.is_active:
            raise ValidationError({"workers": _("%(name)s is no longer an active member.")
                                   % {"name": worker.user.full_name}})
        found[worker.pk] = worker
    return found


def _set_participants(case: Case, wanted: dict[int, tuple[Organisation, str]]) -> list[str]:
    """Make the case's participants exactly `wanted`; returns what changed, for the audit."""
    forget(case)  # the decisions of this request read the new participants
    changed = []
    current = {p.organisation_id: p for p in CaseParticipant.objects.filter(case=case)}
    for organisation_id, participant in current.items():
        if organisation_id not in wanted:
            participant.delete()
            changed.append(f"-{organisation_id}")
        elif participant.tier != wanted[organisation_id][1]:
            participant.tier = wanted[organisation_id][1]
            participant.save(update_fields=["tier"])
            changed.append(f"~{organisation_id}")
    CaseParticipant.objects.bulk_create([
        CaseParticipant(network_id=case.network_id, case=case, organisation=org, tier=tier)
        for organisation_id, (org, tier) in wanted.items() if organisation_id not in current])
    changed += [f"+{pk}" for pk in wanted if pk not in current]
    return changed


def _set_workers(case: Case, wanted: dict[int, Membership]) -> list[str]:
    forget(case)  # the decisions of this request read the new workers
    current = set(CaseWorker.objects.filter(case=case).values_list("membership_id", flat=True))
    CaseWorker.objects.filter(case=case).exclude(membership_id__in=wanted).delete()
    CaseWorker.objects.bulk_create([
        CaseWorker(network_id=case.network_id, case=case, membership=worker)
        for pk, worker in wanted.items() if pk not in current])
    return [f"-{pk}" for pk in sorted(current - set(wanted))] + [
        f"+{pk}" for pk in wanted if pk not in current]


# --- writes -----------------------------------------------------------------------------------

def case_create(*, membership: Membership, source_sector: str, signal_summary: str = "",
                signal_received_on: date | None = None, concern_type: ConcernType | None = None,
                concern_level: str = "unknown", lead_organisation: Organisation | None = None,
                coordinator: Membership | None = None, chair: Membership | None = None,
                next_review_on: date | None = None, age_band: str = "", gender: str = "",
                district: str = "",
                participants: Sequence[tuple[Organisation, str]] = (),
                workers: Sequence[Membership] = ()) -> Case:
    """Open a case on a signal: coordinators and case workers (case.create on the network).
    The lead organisation defaults to the member's own, the case coordinator to the member.
    The reference runs per network and year; a clash with a concurrent writer is retried."""
    network = membership.network
    policy.require(membership, "case.create", network, purpose="case_work")
    ensure_concern_types(network)
    values = {"lead_organisation": lead_organisation or membership.organisation,
              "coordinator": coordinator or membership, "chair": chair,
              "concern_type": concern_type}
    _check_people(network, values)
    wanted = _participants_of(network, participants)
    wanted_workers = _workers_of(network, workers)
    received = signal_received_on or timezone.localdate()
    for attempt in range(_REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                case = Case(
                    network=network, reference=next_reference(network, received.year),
                    state=CaseState.SIGNAL, source_sector=source_sector,
                    concern_level=concern_level, signal_received_on=received,
                    signal_summary=signal_summary, next_review_on=next_review_on,
                    age_band=age_band, gender=gender, district=district, **values)
                case.full_clean(exclude=["reference"], validate_constraints=False)
                case.save()
                _set_participants(case, wanted)
                _set_workers(case, wanted_workers)
                CaseTransition.objects.create(network=network, case=case, from_state="",
                                              to_state=CaseState.SIGNAL, by=membership,
                                              at=case.created_at)
                _audit(membership, "case.created", case, reference=case.reference,
                       source_sector=source_sector, lead_organisation=case.lead_organisation_id,
                       participants=sorted(wanted), workers=sorted(wanted_workers))
                return case
        except IntegrityError:
            # Another writer took this reference between our read and our write.
            if attempt == _REFERENCE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _transition_errors(case: Case, to_state: str, triage_outcome: str, closure_reason: str,
                       reason: str, by_retention: bool) -> dict[str, str]:
    labels = dict(CaseState.choices)
    if to_state not in labels:
        return {"to_state": _("Choose one of the case's states.")}
    if to_state == CaseState.PURGED and not by_retention:
        return {"to_state": _("A case is purged by the retention schedule, never by hand.")}
    if not lifecycle.allowed(case.state, to_state):
        allowed = ", ".join(str(labels[s]) for s in sorted(lifecycle.ALLOWED[case.state])
                            if s != CaseState.PURGED) or _("none")
        return {"to_state": _("A case cannot go from %(from)s to %(to)s. From %(from)s it may "
                              "go to: %(allowed)s.")
                % {"from": labels[case.state], "to": labels[to_state], "allowed": allowed}}
    errors = {}
    if (case.state, to_state) in lifecycle.OUTCOMES:
        if triage_outcome not in TriageOutcome.values:
            errors["triage_outcome"] = _("Leaving triage records its outcome: choose one.")
        elif to_state == CaseState.PLANNING and triage_outcome not in TAKES_ON:
            errors["triage_outcome"] = _("Only a case taken on goes on to planning.")
        elif to_state == CaseState.CLOSING and triage_outcome not in ENDS_AT_TRIAGE:
            errors["triage_outcome"] = _("A case closed at triage ends with no action, regular "
                                         "care or criminal justice.")
    elif triage_outcome:
        errors["triage_outcome"] = _("A triage outcome is recorded only when leaving triage.")
    if lifecycle.needs_closure_reason(to_state):
        if closure_reason not in ClosureReason.values:
            errors["closure_reason"] = _("Going to closing records the reason: choose one.")
    elif closure_reason:
        errors["closure_reason"] = _("A closure reason is recorded only when closing a case.")
    if not reason.strip():
        errors["reason"] = _("Say why the case takes this step.")
    return errors


def case_transition(*, membership: Membership, case: Case, to_state: str, reason: str = "",
                    triage_outcome: str = "", closure_reason: str = "",
                    by_retention: bool = False) -> CaseTransition:
    """Move the case one step of its lifecycle (case.manage): only a step lifecycle.ALLOWED
    names; leaving triage records the triage outcome, going to closing the closure reason, and
    every step says why. Dated, by whom, audited; a refused step writes nothing."""
    policy.require(membership, "case.manage", case, purpose="case_work")
    with transaction.atomic():
        # The row lock orders two steps taken at once: the second sees the first's state.
        locked = Case.objects.select_for_update().get(pk=case.pk)
        errors = _transition_errors(locked, to_state, triage_outcome, closure_reason, reason,
                                    by_retention)
        if errors:
            raise ValidationError(errors)
        from_state = locked.state
        locked.state = to_state
        update = ["state", "updated_at"]
        if triage_outcome:
            locked.triage_outcome = triage_outcome
            update.append("triage_outcome")
        if closure_reason or from_state == CaseState.CLOSING:
            # Reopened from closing: the closure reason no longer stands.
            locked.closure_reason = closure_reason
            update.append("closure_reason")
        locked.updated_at = timezone.now()
        locked.save(update_fields=update)
        transition = CaseTransition.objects.create(
            network_id=locked.network_id, case=locked, from_state=from_state, to_state=to_state,
            outcome=closure_reason or triage_outcome, reason=reason.strip(), by=membership)
        _audit(membership, "case.transition", locked, from_state=from_state,
               to_state=to_state, outcome=transition.outcome)
        if to_state == CaseState.PURGED:
            case_purged.send(sender=Case, membership=membership, case=locked)
    for field in update:
        setattr(case, field, getattr(locked, field))
    return transition


def case_update(*, membership: Membership, case: Case,
                participants: Sequence[tuple[Organisation, str]] | None = None,
                workers: Sequence[Membership] | None = None, **changes: Any) -> Case:
    """Change register fields, participants (with their tier) and workers (case.manage).
    Every organisation and member named must be of the case's network. Audited with the
    names of the fields that changed and the participants and workers added or removed."""
    policy.require(membership, "case.manage", case, purpose="case_work")
    unknown = set(changes) - set(REGISTER_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %(fields)s")
                              % {"fields": ", ".join(sorted(unknown))})
    network = case.network
    old_type = case.concern_type_id
    _check_people(network, {**changes, "_new": changes.get("concern_type") is not None and (
        changes["concern_type"].pk != old_type)})
    wanted = None if participants is None else _participants_of(network, participants)
    wanted_workers = None if workers is None else _workers_of(network, workers)
    with transaction.atomic():
        changed = [field for field, value in changes.items() if getattr(case, field) != value]
        for field in changed:
            setattr(case, field, changes[field])
        if changed:
            case.updated_at = timezone.now()
            case.full_clean(validate_constraints=False)
            case.save(update_fields=[*changed, "updated_at"])
        summary: dict[str, Any] = {"fields": changed}
        if wanted is not None:
            summary["participants"] = _set_participants(case, wanted)
        if wanted_workers is not None:
            summary["workers"] = _set_workers(case, wanted_workers)
        if changed or summary.get("participants") or summary.get("workers"):
            _audit(membership, "case.updated", case, **summary)
    return case
