"""The agenda: ordered items with time boxes, publishing (which sends the invitations),
carrying over unresolved items and forwarding a case conference item to another body."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.meetings.models import AgendaItem, AgendaItemKind, Attendance, Meeting, MeetingState
from accord.meetings.services import charter_link, invitations
from accord.meetings.services._common import (
    audit,
    check_case,
    require_agenda_open,
    require_planner,
)
from accord.meetings.services.errors import Refused
from accord.tenancy.models import BodyKind, BodyMembership

ITEM_FIELDS = ("title", "description", "kind", "time_box_minutes", "confidential",
               "required_level", "goal_id", "charter_document_id", "case")


def _next_order(meeting: Meeting) -> int:
    return (meeting.items.aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def agenda_item_create(*, membership, meeting: Meeting, title: str, **fields) -> AgendaItem:
    """Add an item at the end. Planners only; refused after minutes approval; audited."""
    require_planner(membership, meeting)
    require_agenda_open(meeting)
    item = AgendaItem(network=meeting.network, meeting=meeting, title=title,
                      order=_next_order(meeting),
                      **{k: v for k, v in fields.items() if k in (*ITEM_FIELDS, "forwarded_from")})
    item.full_clean()
    _check_links(item)
    item.save()
    audit(membership, "agenda_item.created", item, meeting=meeting.pk)
    return item


# Free text is audited by field name only; a case item's title may say more than it should.
TEXT_FIELDS = ("title", "description")


def link_choices(*, network) -> dict[str, list[tuple[int, str]]]:
    """What an agenda item may link: the network's goals and charter documents (charter is
    optional for meetings, so nothing when it is not installed)."""
    if not apps.is_installed("accord.charter"):
        return {"goal_id": [], "charter_document_id": []}
    from accord.charter.models import CharterDocument, Goal

    return {
        "goal_id": [(g.pk, g.statement[:120]) for g in
                    Goal.objects.filter(network=network).order_by("statement")],
        "charter_document_id": [(d.pk, d.title) for d in
                                CharterDocument.objects.filter(network=network)
                                .order_by("title")],
    }


def _check_links(item: AgendaItem) -> None:
    """A link names a goal, document or case of the item's own network; another is not found."""
    check_case(item)
    if item.goal_id is None and item.charter_document_id is None:
        return
    if not apps.is_installed("accord.charter"):
        raise ValidationError(_("This installation has no charter to link."))
    from accord.charter.models import CharterDocument, Goal

    errors = {}
    for field, model in (("goal_id", Goal), ("charter_document_id", CharterDocument)):
        value = getattr(item, field)
        if value is not None and not model.objects.filter(network=item.network,
                                                          pk=value).exists():
            errors[field] = _("Choose an entry of this network.")
    if errors:
        raise ValidationError(errors)


def _check_guests(item: AgendaItem, invited) -> None:
    """Guests join an item that admits them, at a level at least the item's."""
    if any(guest.meeting_id != item.meeting_id for guest in invited):
        raise ValidationError({"guests": _("Choose guests invited to this meeting.")})
    if invited and item.required_level is None:
        raise ValidationError({"required_level": _(
            "Guests are invited to this item: set the level they need, or remove them first.")})
    below = [g.name for g in invited if g.level is not None and item.required_level
             and g.level < item.required_level]
    if below:
        raise ValidationError({"required_level": _(
            "Below this level: %(names)s. Lower the level or remove them from the item.")
            % {"names": ", ".join(below)}})


def _changes(item: AgendaItem, fields: dict) -> dict[str, list]:
    return {field: [getattr(item, field), value] for field, value in fields.items()
            if field in ITEM_FIELDS and getattr(item, field) != value}


def _audited(changes: dict[str, list]) -> dict[str, list]:
    """What the audit summary keeps of the changes: free text by name only, a case by id."""
    return {field: [getattr(v, "pk", v) for v in values] for field, values in changes.items()
            if field not in TEXT_FIELDS}


@transaction.atomic
def agenda_item_update(*, membership, item: AgendaItem, guests=None, **fields) -> AgendaItem:
    """Change an item: title, kind, time box, description, links (goal, charter document,
    case reference), confidentiality, the level a guest needs and, when `guests` is given,
    which of the meeting's guests join it. Planners only; refused once the minutes are
    approved or the meeting cancelled; audited with what changed (free text by name only)."""
    require_planner(membership, item.meeting)
    require_agenda_open(item.meeting)
    changes = _changes(item, fields)
    for field, (_old, new) in changes.items():
        setattr(item, field, new)
    item.full_clean()
    _check_links(item)
    invited = list(item.guests.all()) if guests is None else list(guests)
    _check_guests(item, invited)
    item.save()
    guest_change = _set_guests(item, invited) if guests is not None else {}
    if changes or guest_change:
        audit(membership, "agenda_item.updated", item, fields=sorted(changes),
              changes=_audited(changes),
              **guest_change)
    return item


def _set_guests(item: AgendaItem, invited) -> dict[str, list[int]]:
    before = set(item.guests.values_list("pk", flat=True))
    after = {guest.pk for guest in invited}
    item.guests.set(invited)
    change = {}
    if after - before:
        change["guests_added"] = sorted(after - before)
    if before - after:
        change["guests_removed"] = sorted(before - after)
    return change


@transaction.atomic
def agenda_item_delete(*, membership, item: AgendaItem) -> None:
    require_planner(membership, item.meeting)
    require_agenda_open(item.meeting)
    if item.minute_entries.exists() or item.decisions.exists():
        raise Refused(_("This item has minutes or decisions and cannot be removed."))
    audit(membership, "agenda_item.deleted", item, meeting=item.meeting_id)
    item.delete()


@transaction.atomic
def agenda_reorder(*, membership, meeting: Meeting, item_ids: list[int]) -> None:
    """Put the items in the given order; the list must name each item exactly once."""
    require_planner(membership, meeting)
    require_agenda_open(meeting)
    current = {item.pk: item for item in meeting.items.all()}
    if sorted(item_ids) != sorted(current):
        raise ValidationError(_("Name every item of this agenda exactly once."))
    for position, pk in enumerate(item_ids, start=1):
        current[pk].order = position
    AgendaItem.objects.bulk_update(current.values(), ["order"])
    audit(membership, "agenda.reordered", meeting)


def agenda_item_move(*, membership, item: AgendaItem, up: bool) -> None:
    ids = list(item.meeting.items.values_list("pk", flat=True))
    index = ids.index(item.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(ids):
        ids[index], ids[other] = ids[other], ids[index]
    agenda_reorder(membership=membership, meeting=item.meeting, item_ids=ids)


def _invite_body(meeting: Meeting) -> None:
    seats = BodyMembership.objects.filter(body=meeting.body).select_related("membership")
    people = {seat.membership for seat in seats if seat.membership.is_active}
    people |= {m for m in (meeting.chair, meeting.secretary) if m is not None}
    for person in people:
        Attendance.objects.get_or_create(
            meeting=meeting, membership=person,
            defaults={"network": meeting.network, "organisation": person.organisation})


@transaction.atomic
def agenda_publish(*, membership, meeting: Meeting) -> int:
    """Publish the agenda: every member of the body is invited and e-mailed in their language
    with an .ics (METHOD:REQUEST). Planners only; audited. Returns the number of e-mails."""
    require_planner(membership, meeting)
    if meeting.state != MeetingState.SCHEDULED:
        raise Refused(_("Only a scheduled meeting's agenda can be published."))
    if not meeting.items.exists():
        raise ValidationError(_("Add at least one agenda item before publishing."))
    meeting.state = MeetingState.AGENDA_PUBLISHED
    meeting.save(update_fields=["state"])
    _invite_body(meeting)
    sent = invitations.send_invitation(meeting=meeting)
    audit(membership, "agenda.published", meeting, invited=sent)
    return sent


@transaction.atomic
def agenda_item_forward(*, membership, item: AgendaItem, to_meeting: Meeting) -> AgendaItem:
    """Forward an item (e.g. from a case conference to the steering group's next meeting);
    the new item links back to its history."""
    require_planner(membership, item.meeting)
    forwarded = agenda_item_create(
        membership=membership, meeting=to_meeting, title=item.title, kind=item.kind,
        description=item.description, confidential=item.confidential,
        case=item.case, time_box_minutes=item.time_box_minutes,
        forwarded_from=item)
    audit(membership, "agenda_item.forwarded", item, to_meeting=to_meeting.pk)
    return forwarded


def goals_offered(*, meeting: Meeting) -> list:
    """Goals due for review before a steering-group meeting and not yet on its agenda."""
    if meeting.body.kind != BodyKind.STRATEGIC or meeting.minutes_locked:
        return []
    day = timezone.localtime(meeting.starts_at).date()
    listed = set(meeting.items.exclude(goal_id=None).values_list("goal_id", flat=True))
    return [goal for goal in charter_link.goals_due_for_review(network=meeting.network,
                                                               before=day)
            if goal.pk not in listed]


@transaction.atomic
def agenda_goal_review_add(*, membership, meeting: Meeting, goal_id: int) -> AgendaItem:
    """Put a goal due for review on the steering group's agenda as a goal-review item that
    links the goal. Only goals offered (due before the meeting, not yet listed); planners;
    audited by agenda_item_create."""
    goal = next((g for g in goals_offered(meeting=meeting) if g.pk == goal_id), None)
    if goal is None:
        raise ValidationError(_("This goal is not due for review before this meeting."))
    title = _("Goal review: %(goal)s") % {"goal": goal.statement}
    return agenda_item_create(membership=membership, meeting=meeting,
                              title=title[:200], kind=AgendaItemKind.GOAL_REVIEW,
                              goal_id=goal.pk, time_box_minutes=10)
