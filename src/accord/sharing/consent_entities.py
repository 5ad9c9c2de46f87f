"""Consents and break-glass accesses as the decision point sees them (policies/
sharing_consent.cedarschema), with bulk builders: a consent carries its case's need-to-know
facts, a break-glass access its member."""

from collections.abc import Sequence
from typing import Any

from accord.policy.entities import ref, register


def consent_attrs(consents: Sequence[Any]) -> list[dict[str, Any]]:
    from accord.cases.policy_entities import case_attrs

    cases = {consent.case_id: consent.case for consent in consents}
    by_case = dict(zip(cases, case_attrs(list(cases.values())), strict=True))
    return [{"network": ref("Network", consent.network_id), "case": ref("Case", consent.case_id),
             **{key: by_case[consent.case_id][key]
                for key in ("participants", "workers", "coordinator")}}
            for consent in consents]


def break_glass_attrs(accesses: Sequence[Any]) -> list[dict[str, Any]]:
    return [{"network": ref("Network", access.network_id), "case": ref("Case", access.case_id),
             "member": ref("Member", access.membership_id)} for access in accesses]


def register_consent_entities() -> None:
    from accord.sharing.models import BreakGlass, Consent

    # No existence action: a consent or an access the reader may not see is not found.
    register(Consent, type="Consent", attrs=consent_attrs)
    register(BreakGlass, type="BreakGlassAccess", attrs=break_glass_attrs)
