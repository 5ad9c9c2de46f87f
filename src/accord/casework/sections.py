"""Case work's sections of the case page (cases.sections): assessments (30), plan and
interventions (40), reviews and trajectory (50), referrals (60). Each decides its facets
through read_facets (in the selectors) and shows a refused category's reason."""

from django.utils.translation import gettext_lazy as _

from accord.cases.sections import CaseSection, register_case_section
from accord.casework import selectors
from accord.casework.frameworks import default_framework
from accord.casework.trajectory import trajectory


def _memo(request, key: str, compute):
    """One read per request and case: the reviews' chart reuses the assessments' read."""
    cache = getattr(request, "_casework_reads", None)
    if cache is None:
        cache = {}
        if request is not None:
            request._casework_reads = cache
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _assessments(request, membership, case):
    return _memo(request, f"assessments:{case.pk}",
                 lambda: selectors.case_assessments(membership, case))


def assessments_context(request, membership, case) -> dict:
    return {"case": case, "assessments": _assessments(request, membership, case),
            "can_record": selectors.may_record_assessment(membership, case)}


def plan_context(request, membership, case) -> dict:
    return {"case": case, "plan": selectors.case_plan(membership, case),
            "can_manage": selectors.may_manage(membership, case)}


def reviews_context(request, membership, case) -> dict:
    decision, reviews = selectors.case_reviews(membership, case)
    domains = list(default_framework(case.network).domains.all())
    chart = None
    if decision.allowed:
        chart = trajectory(
            assessments=selectors.final_assessments(_assessments(request, membership, case)),
            reviews=reviews, domains=domains)
    return {"case": case, "review_decision": decision, "reviews": reviews, "chart": chart,
            "can_manage": selectors.may_manage(membership, case)}


def referrals_context(request, membership, case) -> dict:
    return {"case": case, "referrals": selectors.case_referrals(membership, case),
            "can_manage": selectors.may_manage(membership, case)}


SECTIONS = [
    CaseSection("assessments", _("Assessments"), "casework/_assessments.html", 30,
                assessments_context),
    CaseSection("plan", _("Support plan and interventions"), "casework/_plan.html", 40,
                plan_context),
    CaseSection("reviews", _("Reviews and trajectory"), "casework/_reviews.html", 50,
                reviews_context),
    CaseSection("referrals", _("Referrals"), "casework/_referrals.html", 60,
                referrals_context),
]


def register() -> None:
    for section in SECTIONS:
        register_case_section(section)
