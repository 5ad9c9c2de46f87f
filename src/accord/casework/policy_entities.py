"""Referrals as the decision point sees them (policies/casework.cedar), built in bulk."""

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from accord.policy.entities import ref, refs, register


def referral_attrs(referrals: Sequence[Any]) -> list[dict[str, Any]]:
    from accord.cases.models import Case, CaseParticipant

    case_ids = {r.case_id for r in referrals}
    participants: dict[int, list[int]] = defaultdict(list)
    for case_id, org_id in CaseParticipant.objects.filter(case_id__in=case_ids).values_list(
            "case_id", "organisation_id"):
        participants[case_id].append(org_id)
    for case_id, lead_id in Case.objects.filter(pk__in=case_ids).values_list(
            "pk", "lead_organisation_id"):
        if lead_id:
            participants[case_id].append(lead_id)
    return [{
        "network": ref("Network", r.network_id),
        "case": ref("Case", r.case_id),
        "sender": refs("Organisation", [r.from_organisation_id]),
        "recipient": refs("Organisation", [r.to_organisation_id]),
        "participants": refs("Organisation", participants[r.case_id]),
        "state": r.state,
    } for r in referrals]


def register_casework() -> None:
    from accord.casework.models import Referral

    # A member who may know the case exists (case.see) hears why a referral is refused.
    register(Referral, type="Referral", attrs=referral_attrs, exists_action="referral.view")
