"""Referrals between organisations: proposed by the case's managers (case.manage), accepted or
declined (with a reason) by the receiving organisation (referral.decide). Accepting makes it a
participant of the case, tier care partner; what it then reads is the sharing policy's
answer for each category, like every other participant's."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord import policy
from accord.cases.facets import CATEGORIES, forget
from accord.cases.models import CaseParticipant, Tier
from accord.casework.models import Referral, ReferralState
from accord.casework.services._common import audit
from accord.casework.services.plans import require_manages
from accord.tenancy.models import Membership


def _check(case, to_organisation, categories: list[str]) -> None:
    errors = {}
    if to_organisation.network_id != case.network_id:
        errors["to_organisation"] = _("Choose an organisation of this network.")
    elif (to_organisation.pk == case.lead_organisation_id
          or CaseParticipant.objects.filter(case=case, organisation=to_organisation).exists()):
        errors["to_organisation"] = _("This organisation already takes part in the case.")
    elif Referral.objects.filter(case=case, to_organisation=to_organisation,
                                 state=ReferralState.PROPOSED).exists():
        errors["to_organisation"] = _("A referral to this organisation is already waiting "
                                      "for its answer.")
    unknown = [c for c in categories if c not in CATEGORIES]
    if unknown or not categories:
        errors["categories"] = _("Choose one or more of the categories of case data.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def referral_propose(*, membership: Membership, case, to_organisation, categories: list[str],
                     note: str = "") -> Referral:
    """Propose the case to another organisation, naming the categories that would go with it.
    Nothing is shared by proposing: the receiving organisation decides first."""
    require_manages(membership, case)
    categories = list(dict.fromkeys(categories))
    _check(case, to_organisation, categories)
    referral = Referral(network=case.network, case=case,
                        from_organisation=membership.organisation, to_organisation=to_organisation,
                        proposed_by=membership, categories=categories, note=note)
    referral.full_clean()
    referral.save()
    audit(membership, "referral.proposed", referral, case=case.pk, to=to_organisation.pk,
          categories=categories)
    return referral


def _decide(membership: Membership, referral: Referral, state: str, reason: str = "") -> None:
    policy.require(membership, "referral.decide", referral, purpose="case_work")
    referral.state, referral.decline_reason = state, reason
    referral.decided_by, referral.decided_on = membership, timezone.localdate()
    referral.save(update_fields=["state", "decline_reason", "decided_by", "decided_on"])


@transaction.atomic
def referral_accept(*, membership: Membership, referral: Referral) -> Referral:
    """The receiving organisation takes the case on: it becomes a participant (care partner)."""
    _decide(membership, referral, ReferralState.ACCEPTED)
    forget(referral.case)  # the receiving organisation takes part from the next decision on
    CaseParticipant.objects.get_or_create(
        case=referral.case, organisation=referral.to_organisation,
        defaults={"network": referral.network, "tier": Tier.CARE})
    audit(membership, "referral.accepted", referral, case=referral.case_id)
    return referral


@transaction.atomic
def referral_decline(*, membership: Membership, referral: Referral, reason: str) -> Referral:
    if not reason.strip():
        # The policy first: someone who may not decide hears that, not a missing reason.
        policy.require(membership, "referral.decide", referral, purpose="case_work")
        raise ValidationError({"reason": _("Say why the referral is declined.")})
    _decide(membership, referral, ReferralState.DECLINED, reason.strip())
    audit(membership, "referral.declined", referral, case=referral.case_id)
    return referral
