"""Who may do what with a body's meetings (issue 4, "Who may do what"), in one place.

- Readers of a body's minutes: coordinators, and members of the body (any body role). A person
  who is only a privacy officer never reads minutes content, even if listed in a body: their
  job is oversight through the audit trail. Observers read only when appointed to the body;
  the observer role alone opens nothing.
- Officers of a meeting: its chair and secretary (defaulted from the body's): they prepare,
  minute, record presence and run votes; they read every entry of their meeting.
- Planners of a body: coordinators and the body's chair and secretary may schedule meetings
  and edit agendas.
- Privacy officers see that meetings exist (dates, bodies, masked agendas) and their audit.
"""

from django.db.models import Q, QuerySet

from accord.meetings.models import Meeting
from accord.tenancy.models import Body, BodyMembership, BodyRole, Membership, Role

OVERSIGHT_ONLY = {Role.PRIVACY_OFFICER}


def body_membership(membership: Membership, body: Body) -> BodyMembership | None:
    cache = membership.__dict__.setdefault("_body_roles", {})
    if body.pk not in cache:
        cache[body.pk] = BodyMembership.objects.filter(membership=membership, body=body).first()
    return cache[body.pk]


def is_oversight_only(membership: Membership) -> bool:
    return set(membership.roles) <= OVERSIGHT_ONLY


def is_officer(membership: Membership | None, meeting: Meeting) -> bool:
    """The meeting's chair or secretary (defaulted from the body's when it is created)."""
    return membership is not None and membership.pk in (meeting.chair_id, meeting.secretary_id)


def reads_body(membership: Membership | None, body: Body) -> bool:
    """May read the body's minutes at `network` visibility (and its decisions)."""
    if membership is None or is_oversight_only(membership):
        return False
    return membership.is_coordinator or body_membership(membership, body) is not None


def reads_meeting(membership: Membership | None, meeting: Meeting) -> bool:
    return reads_body(membership, meeting.body) or is_officer(membership, meeting)


def sees_meeting(membership: Membership | None, meeting: Meeting) -> bool:
    """May see that the meeting exists, when and where, and its (masked) agenda."""
    if membership is None:
        return False
    return reads_meeting(membership, meeting) or membership.has_role(Role.PRIVACY_OFFICER)


def plans_body(membership: Membership | None, body: Body) -> bool:
    if membership is None or is_oversight_only(membership):
        return False
    if membership.is_coordinator:
        return True
    seat = body_membership(membership, body)
    return seat is not None and seat.role in (BodyRole.CHAIR, BodyRole.SECRETARY)


def plans_meeting(membership: Membership | None, meeting: Meeting) -> bool:
    return plans_body(membership, meeting.body) or is_officer(membership, meeting)


def meetings_seen_by(membership: Membership) -> QuerySet[Meeting]:
    """The meetings whose existence `membership` may see (list pages, calendar, API)."""
    meetings = Meeting.objects.filter(network_id=membership.network_id)
    if membership.is_coordinator or membership.has_role(Role.PRIVACY_OFFICER):
        return meetings
    bodies = BodyMembership.objects.filter(membership=membership).values("body_id")
    return meetings.filter(Q(body_id__in=bodies) | Q(chair=membership) | Q(secretary=membership))


def bodies_planned_by(membership: Membership) -> QuerySet[Body]:
    bodies = Body.objects.filter(network_id=membership.network_id)
    if is_oversight_only(membership):
        return bodies.none()
    if membership.is_coordinator:
        return bodies
    seats = BodyMembership.objects.filter(
        membership=membership, role__in=[BodyRole.CHAIR, BodyRole.SECRETARY])
    return bodies.filter(pk__in=seats.values("body_id"))


def bodies_chaired_by(membership: Membership) -> QuerySet[Body]:
    seats = BodyMembership.objects.filter(
        membership=membership, role__in=[BodyRole.CHAIR, BodyRole.SECRETARY])
    return Body.objects.filter(pk__in=seats.values("body_id"))


def bodies_read_by(membership: Membership) -> QuerySet[Body]:
    bodies = Body.objects.filter(network_id=membership.network_id)
    if is_oversight_only(membership):
        return bodies.none()
    if membership.is_coordinator:
        return bodies
    return bodies.filter(pk__in=BodyMembership.objects.filter(membership=membership)
                         .values("body_id"))
