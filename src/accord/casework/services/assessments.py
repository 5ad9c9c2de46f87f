"""Recording assessments: the assessor's organisation records its own assessment data
(case_data.record on CaseFacet(case, "assessment", organisation)); a final assessment sets the
case's concern level and next review. Each service checks, writes and audits in one
transaction."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accord import policy
from accord.cases.facets import CaseFacet
from accord.casework.frameworks import default_framework
from accord.casework.models import (
    Assessment,
    AssessmentFramework,
    AssessmentRater,
    AssessmentStatus,
    Indicator,
    IndicatorRating,
)
from accord.casework.services._common import (
    audit,
    check_case_date,
    next_review_on,
    set_case_review,
)
from accord.tenancy.models import Membership

TEXT_FIELDS = ("judgement", "scenarios", "missing_information", "client_view")
RATING_FIELDS = ("rating", "decisive", "evidence_for", "evidence_against", "source",
                 "source_reliability")


def require_records_assessment(membership: Membership, case, organisation=None) -> None:
    """Only a participating organisation's member records assessment data, and only as their
    own organisation's (or, for raters and consensus, that assessment's organisation)."""
    facet = CaseFacet(case, "assessment", organisation or membership.organisation)
    policy.require(membership, "case_data.record", facet, purpose="case_work")


def _current(case) -> Assessment | None:
    return (Assessment.objects.filter(case=case, status=AssessmentStatus.FINAL)
            .order_by("-version").first())


def _ratings(framework: AssessmentFramework, ratings: list[dict]) -> list[IndicatorRating]:
    indicators = {i.pk: i for i in Indicator.objects.filter(domain__framework=framework)}
    rows, seen = [], set()
    for entry in ratings:
        indicator = entry["indicator"]
        pk = getattr(indicator, "pk", indicator)
        if pk not in indicators or pk in seen:
            raise ValidationError(_("Rate each indicator of the framework at most once."))
        seen.add(pk)
        rows.append(IndicatorRating(indicator=indicators[pk],
                                    **{f: entry[f] for f in RATING_FIELDS if f in entry}))
    return rows


def _check_external(external: bool, fields: dict) -> None:
    if not external:
        return
    errors = {name: _("An external assessment needs this.")
              for name in ("external_instrument", "external_done_on", "external_level")
              if not fields.get(name)}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def assessment_record(*, membership: Membership, case, assessed_on: date, concern_level: str,
                      status: str = AssessmentStatus.FINAL, ratings: list[dict] | None = None,
                      framework: AssessmentFramework | None = None, external: bool = False,
                      **fields: Any) -> Assessment:
    """A new version of the case's assessment by the member's organisation. A final one
    supersedes the case's current assessment (which stays) and sets the case's concern level
    and next review from the level the assessor chose. Audited without its words."""
    require_records_assessment(membership, case)
    check_case_date(case, assessed_on, "assessed_on")
    _check_external(external, fields)
    if not external:
        framework = framework or default_framework(case.network)
    version = (Assessment.objects.filter(case=case).aggregate(v=Max("version"))["v"] or 0) + 1
    assessment = Assessment(
        network=case.network, case=case, framework=None if external else framework,
        version=version, supersedes=_current(case) if status == AssessmentStatus.FINAL else None,
        assessed_on=assessed_on, assessor=membership, organisation=membership.organisation,
        status=status, concern_level=concern_level, external=external,
        **{k: v for k, v in fields.items()
           if k in (*TEXT_FIELDS, "external_instrument", "external_done_on", "external_level")})
    assessment.full_clean()
    rows = [] if external else _ratings(framework, ratings or [])
    assessment.save()
    for row in rows:
        row.network, row.assessment = case.network, assessment
        row.full_clean()
    IndicatorRating.objects.bulk_create(rows)
    if status == AssessmentStatus.FINAL:
        _set_case_level(case, assessment)
    audit(membership, "assessment.recorded", assessment, case=case.pk, version=version,
          level=concern_level, status=status, ratings=len(rows), external=external)
    return assessment


def _set_case_level(case, assessment: Assessment) -> None:
    level = assessment.agreed_level
    set_case_review(case, level=level,
                    next_on=next_review_on(case.network, level, assessment.assessed_on))


@transaction.atomic
def assessment_rater_add(*, membership: Membership, assessment: Assessment, rater: Membership,
                         concern_level: str, note: str = "") -> AssessmentRater:
    """A co-rater's own overall level, recorded by the assessing organisation."""
    require_records_assessment(membership, assessment.case, assessment.organisation)
    if rater.network_id != assessment.network_id or not rater.is_active:
        raise ValidationError({"rater": _("Choose a current member of this network.")})
    if AssessmentRater.objects.filter(assessment=assessment, membership=rater).exists():
        raise ValidationError({"rater": _("This person is already a rater of this "
                                          "assessment.")})
    row = AssessmentRater(network=assessment.network, assessment=assessment, membership=rater,
                          concern_level=concern_level, note=note)
    row.full_clean()
    row.save()
    audit(membership, "assessment.rater_added", assessment, rater=rater.pk, level=concern_level)
    return row


@transaction.atomic
def assessment_consensus_record(*, membership: Membership, assessment: Assessment, text: str,
                                level: str) -> Assessment:
    """The raters' consensus: the agreed level stands for the assessment; when it is the case's
    current assessment, the case's level and next review follow it."""
    require_records_assessment(membership, assessment.case, assessment.organisation)
    if not text.strip():
        raise ValidationError({"text": _("Say what the raters agreed.")})
    assessment.consensus_text, assessment.consensus_level = text.strip(), level
    assessment.consensus_recorded_on = timezone.localdate()
    assessment.full_clean()
    assessment.save(update_fields=["consensus_text", "consensus_level",
                                   "consensus_recorded_on"])
    current = _current(assessment.case)
    if current is not None and current.pk == assessment.pk:
        _set_case_level(assessment.case, assessment)
    audit(membership, "assessment.consensus_recorded", assessment, level=level)
    return assessment


@transaction.atomic
def assessment_finalise(*, membership: Membership, assessment: Assessment) -> Assessment:
    """A draft becomes final: it supersedes the case's current assessment and sets the case's
    level and next review, as a final one recorded at once would."""
    require_records_assessment(membership, assessment.case, assessment.organisation)
    if assessment.status == AssessmentStatus.FINAL:
        raise ValidationError(_("This assessment is already final."))
    assessment.supersedes = _current(assessment.case)
    assessment.status = AssessmentStatus.FINAL
    assessment.save(update_fields=["status", "supersedes"])
    _set_case_level(assessment.case, assessment)
    audit(membership, "assessment.finalised", assessment, level=assessment.agreed_level)
    return assessment
