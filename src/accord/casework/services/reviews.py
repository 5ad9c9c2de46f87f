"""Progress reviews: case.manage; dated within the case's life; the next review follows from
the concern level the review arrives at (CaseworkSettings' interval)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accord.casework.frameworks import default_framework
from accord.casework.models import Domain, Review, ReviewDomainChange, ReviewOutcome
from accord.casework.services._common import (
    audit,
    check_case_date,
    next_review_on,
    set_case_review,
)
from accord.casework.services.plans import require_manages
from accord.tenancy.models import Membership


def _changes(case, review: Review, changes: list[dict]) -> list[ReviewDomainChange]:
    default_framework(case.network)  # the default domains exist from the first use on
    domains = {d.pk: d for d in Domain.objects.filter(framework__network=case.network)}
    rows, seen = [], set()
    for entry in changes:
        pk = getattr(entry["domain"], "pk", entry["domain"])
        if pk not in domains or pk in seen:
            raise ValidationError(_("Name each domain of the framework at most once."))
        seen.add(pk)
        row = ReviewDomainChange(network=case.network, review=review, domain=domains[pk],
                                 change=entry.get("change", 0), level=entry.get("level", ""))
        row.full_clean(exclude=["review"])
        rows.append(row)
    return rows


@transaction.atomic
def review_record(*, membership: Membership, case, reviewed_on: date, outcome: str,
                  next_steps: str = "", concern_level: str = "",
                  changes: list[dict] | None = None, event_triggered: bool = False,
                  event_reason: str = "") -> Review:
    """A review of the case. Refused when dated before the case's signal or in the future.
    It sets the case's next review (none once the outcome is to close) and, when it names a
    level, the case's concern level. Audited without its words."""
    require_manages(membership, case)
    check_case_date(case, reviewed_on, "reviewed_on")
    if event_triggered and not event_reason.strip():
        raise ValidationError({"event_reason": _("Say which event led to this review.")})
    level = concern_level or case.concern_level
    next_on = (None if outcome == ReviewOutcome.CLOSE
               else next_review_on(case.network, level, reviewed_on))
    review = Review(network=case.network, case=case, reviewed_on=reviewed_on,
                    reviewer=membership, concern_level=concern_level, outcome=outcome,
                    next_steps=next_steps, next_review_on=next_on,
                    event_triggered=event_triggered, event_reason=event_reason.strip())
    review.full_clean()
    rows = _changes(case, review, changes or [])
    review.save()
    for row in rows:
        row.review = review
    ReviewDomainChange.objects.bulk_create(rows)
    set_case_review(case, level=concern_level or None, next_on=next_on)
    audit(membership, "review.recorded", review, case=case.pk, outcome=outcome,
          level=concern_level or None, next_review_on=next_on.isoformat() if next_on else None,
          event_triggered=event_triggered, domains=len(rows))
    return review


@transaction.atomic
def casework_settings_update(*, membership: Membership, high_weeks: int, medium_months: int,
                             low_months: int):
    """The network's review intervals by concern level; coordinators (network.administer)."""
    from accord import policy
    from accord.casework.models import CaseworkSettings

    policy.require(membership, "network.administer", membership.network, purpose="administer")
    settings = (CaseworkSettings.objects.filter(network=membership.network).first()
                or CaseworkSettings(network=membership.network))
    before = (settings.high_weeks, settings.medium_months, settings.low_months)
    settings.high_weeks, settings.medium_months = high_weeks, medium_months
    settings.low_months = low_months
    settings.full_clean(validate_unique=False)
    settings.save()
    audit(membership, "casework_settings.updated", settings,
          intervals=[list(before), [high_weeks, medium_months, low_months]])
    return settings
