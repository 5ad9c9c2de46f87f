"""The case page's parts that come from consents, disclosures, break-glass and the access log
(registered by consent_wiring with cases.sections). Each asks the policy for itself and is left
out (None) for a member it is not for."""

from typing import Any

from accord.cases.access import decide_facets
from accord.cases.facets import CATEGORIES, CaseFacet
from accord.sharing import break_glass as bg
from accord.sharing import consent_selectors as selectors
from accord.sharing import disclosures

SHOWN = 20  # rows of a section; the full list is on its own page


def break_glass_context(request: Any, membership: Any, case: Any) -> dict | None:
    """Offered where the policy refuses some of the case's data and the member may break the
    glass; a running access is shown with its end."""
    running = bg.running_break_glass(membership, case)
    if running is not None:
        return {"case": case, "running": running}
    if not selectors.may(membership, "case.break_glass", case, purpose="case_work"):
        return None
    facets = [CaseFacet(case=case, category=category) for category in CATEGORIES]
    refused = [f for f, d in zip(facets, decide_facets(membership, facets, purpose="case_work"),
                                 strict=True) if not d.allowed]
    if not refused:
        return None
    return {"case": case, "running": None,
            "refused": [str(CATEGORIES[f.category]) for f in refused]}


def consents_context(request: Any, membership: Any, case: Any) -> dict | None:
    if not selectors.may(membership, "consent.view", case, purpose="case_work"):
        return None
    return {"case": case, "lines": selectors.consents_for_case(membership, case)[:SHOWN],
            "may_manage": selectors.may(membership, "case.manage", case, purpose="case_work")}


def disclosures_context(request: Any, membership: Any, case: Any) -> dict | None:
    if not selectors.may(membership, "disclosure.view", case, purpose="oversight"):
        return None
    return {"case": case,
            "disclosures": list(disclosures.disclosures_for_case(membership, case)[:SHOWN])}


def reads_context(request: Any, membership: Any, case: Any) -> dict | None:
    """"Who saw this case": for those who read the audit trail (privacy officers and
    coordinators, audit.view)."""
    if not selectors.may(membership, "audit.view", membership.network, purpose="oversight"):
        return None
    return {"case": case, "reads": selectors.case_reads(membership, case, limit=SHOWN)}
