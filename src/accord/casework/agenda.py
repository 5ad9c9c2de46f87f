"""Overdue reviews offered as agenda items for the next case conference (issue 10, Deliver 5),
as goals due for review are offered to the steering group: each open case whose next review
falls before the meeting's day, not yet on its agenda, offered on the next meeting of each
operational body (meetings.offers; meetings imports nothing of case work)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord import policy
from accord.cases.lifecycle import OPEN_STATES
from accord.cases.models import Case
from accord.meetings.models import AgendaItem, AgendaItemKind, Meeting, MeetingState
from accord.meetings.offers import AgendaOffer
from accord.meetings.services import agenda

MAX_OFFERS = 30


def _is_next_meeting(meeting: Meeting) -> bool:
    """The body's next meeting: the earliest one still ahead (offers go to one meeting, so
    that the same case is not put on every future agenda)."""
    if meeting.body.kind != "operational" or meeting.minutes_locked:
        return False
    first = (Meeting.objects.filter(body=meeting.body, starts_at__gte=timezone.now())
             .exclude(state=MeetingState.CANCELLED).order_by("starts_at", "pk")
             .values_list("pk", flat=True).first())
    return first == meeting.pk


def reviews_due(*, membership, meeting: Meeting) -> list[Case]:
    """Open cases of the network due for review before the meeting's day and not yet on its
    agenda, whose existence the member may know (case.see), soonest overdue first."""
    if not _is_next_meeting(meeting):
        return []
    day = timezone.localtime(meeting.starts_at).date()
    listed = set(meeting.items.filter(case__isnull=False).values_list("case_id", flat=True))
    cases = list(Case.objects.filter(network=meeting.network, state__in=OPEN_STATES,
                                     next_review_on__lt=day)
                 .exclude(pk__in=listed).order_by("next_review_on", "pk")[:MAX_OFFERS])
    decisions = policy.decide_many(membership, "case.see", cases, purpose="prepare")
    return [c for c, d in zip(cases, decisions, strict=True) if d.allowed]


def review_offers(*, meeting: Meeting, membership) -> list[AgendaOffer]:
    return [AgendaOffer(
        heading=gettext_lazy("Case reviews due"), title=case.reference,
        note=_("review due %(day)s") % {"day": date_format(case.next_review_on)},
        url=reverse("casework:agenda-review-add", kwargs={
            "network": meeting.network.slug, "meeting_id": meeting.pk, "case_id": case.pk}),
        button=gettext_lazy("Add as case review item"))
        for case in reviews_due(membership=membership, meeting=meeting)]


@transaction.atomic
def agenda_review_add(*, membership, meeting: Meeting, case_id: int) -> AgendaItem:
    """Put a case due for review on the case conference's agenda, as a confidential case item
    naming only its reference. Only cases offered; the planner check, the agenda lock and the
    audit are meetings' own (agenda_item_create)."""
    case = next((c for c in reviews_due(membership=membership, meeting=meeting)
                 if c.pk == case_id), None)
    if case is None:
        raise ValidationError(_("This case is not due for review before this meeting."))
    fields = {"case": case}
    title = _("Case review: %(reference)s") % {"reference": case.reference}
    return agenda.agenda_item_create(membership=membership, meeting=meeting, title=title,
                                     kind=AgendaItemKind.CASE, confidential=True,
                                     time_box_minutes=15, **fields)
