"""Break-glass (issue 10, Deliver 11): a member opens a case outside the sharing regime only by
stating a reason. The access runs for ACCORD_BREAK_GLASS_HOURS (4 by default); while it runs
the facet builder puts the member in `break_glass` for the case, so the static rule
cases.data.break_glass permits (and the disclosures it causes name that rule). Every access is
flagged to the privacy officer until they mark it reviewed."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accord import policy
from accord.audit.services import audit_record
from accord.cases.models import Case
from accord.sharing.models import BreakGlass
from accord.tenancy.models import Membership

MIN_REASON = 20


def break_glass_hours() -> float:
    return getattr(settings, "ACCORD_BREAK_GLASS_HOURS", 4)


def running_break_glass(membership: Membership, case: Case) -> BreakGlass | None:
    """The member's own running access to the case, if any."""
    now = timezone.now()
    return (BreakGlass.objects.filter(case=case, membership=membership, ended_at__isnull=True,
                                      started_at__lte=now, expires_at__gt=now)
            .order_by("-expires_at").first())


def break_glass_start(*, membership: Membership, case: Case, reason: str) -> BreakGlass:
    policy.require(membership, "case.break_glass", case, purpose="case_work")
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ValidationError({"reason": _(
            "State the reason in at least %(count)s characters: it is what the privacy officer "
            "reviews.") % {"count": MIN_REASON}}, code="too_short")
    running = running_break_glass(membership, case)
    if running is not None:
        raise ValidationError(_("Your break-glass access to this case is already running."),
                              code="running")
    now = timezone.now()
    with transaction.atomic():
        access = BreakGlass.objects.create(
            network_id=case.network_id, case=case, membership=membership, reason=reason,
            started_at=now, expires_at=now + timedelta(hours=break_glass_hours()))
        # The reason stays on the access (the privacy officer reads it there), out of the
        # chain's summary: it may say something about the case.
        audit_record(network=case.network, membership=membership, action="break_glass.started",
                     obj=access, purpose="case_work",
                     summary={"case": case.pk, "expires_at": access.expires_at.isoformat()})
    return access


def break_glass_end(*, membership: Membership, access: BreakGlass) -> BreakGlass:
    """The member closes their own access before it expires."""
    policy.require(membership, "break_glass.end", access, purpose="case_work")
    with transaction.atomic():
        BreakGlass.objects.filter(pk=access.pk, ended_at__isnull=True).update(
            ended_at=timezone.now())
        access.refresh_from_db()
        audit_record(network=membership.network, membership=membership,
                     action="break_glass.ended", obj=access, purpose="case_work",
                     summary={"case": access.case_id})
    return access


def _require_review(membership: Membership) -> None:
    policy.require(membership, "break_glass.review", membership.network, purpose="oversight")


def break_glass_unreviewed(membership: Membership) -> QuerySet[BreakGlass]:
    """Accesses awaiting the privacy officer's review, oldest first."""
    _require_review(membership)
    return (BreakGlass.objects.filter(network=membership.network, reviewed_at__isnull=True)
            .select_related("case", "membership__user", "membership__organisation")
            .order_by("started_at", "pk"))


def break_glass_unreviewed_count(membership: Membership) -> int | None:
    """For the home page: None when the member does not review break-glass accesses."""
    if not policy.decide(membership, "break_glass.review", membership.network,
                         purpose="oversight").allowed:
        return None
    return BreakGlass.objects.filter(network=membership.network,
                                     reviewed_at__isnull=True).count()


def break_glass_for(membership: Membership, pk: int) -> BreakGlass:
    """One access, for its reviewer (anyone else reads why not); another network's is not
    found."""
    _require_review(membership)
    return policy.fetch(membership, BreakGlass.objects.select_related("case", "membership__user"),
                        action="break_glass.review", purpose="oversight", pk=pk)


def own_break_glass_for(membership: Membership, pk: int) -> BreakGlass:
    """One of the member's own accesses (to end it early); anyone else's is not found."""
    return policy.fetch(membership, BreakGlass.objects.select_related("case"),
                        action="break_glass.end", purpose="case_work", pk=pk)


def break_glass_review(*, membership: Membership, access: BreakGlass, note: str) -> BreakGlass:
    _require_review(membership)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write what you found in a note.")}, code="required")
    with transaction.atomic():
        updated = BreakGlass.objects.filter(pk=access.pk, reviewed_at__isnull=True).update(
            reviewed_at=timezone.now(), reviewed_by=membership, review_note=note)
        if not updated:
            raise ValidationError(_("This access was already reviewed."), code="reviewed")
        access.refresh_from_db()
        audit_record(network=membership.network, membership=membership,
                     action="break_glass.reviewed", obj=access, purpose="oversight",
                     summary={"case": access.case_id, "member": access.membership_id})
    return access
