"""Demo meetings for one network (issue 4, Deliver 12), called by the demo loader:

    from accord.meetings.demo import load_meetings_demo
    load_meetings_demo(network=network)

It uses the network's bodies and members (the tenancy demo makes them) and goes through the
same services as the pages, so the demo's audit trail is real. Fictional data only.
"""

from datetime import timedelta

from django.utils import timezone
from django_scopes import scope

from accord.meetings.models import Meeting
from accord.meetings.services import actions, agenda, attendance, decisions, guests, minutes
from accord.meetings.services import meetings as meeting_services
from accord.tenancy.models import Body, BodyKind, BodyMembership, BodyRole, Membership


def _cast(network):
    body = (Body.objects.filter(network=network, kind=BodyKind.OPERATIONAL).first()
            or Body.objects.filter(network=network).first())
    seats = list(BodyMembership.objects.filter(body=body).select_related("membership"))
    by_role = {seat.role: seat.membership for seat in seats}
    coordinator = next(m for m in Membership.objects.filter(network=network).active()
                       if m.is_coordinator)
    chair = by_role.get(BodyRole.CHAIR, coordinator)
    secretary = by_role.get(BodyRole.SECRETARY, chair)
    members = [s.membership for s in seats if s.membership.is_active]
    return body, coordinator, chair, secretary, members


def _day(days: int, hour: int):
    now = timezone.localtime()
    return (now + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def load_meetings_demo(*, network) -> None:
    """Past meetings with approved minutes at all three visibilities, a vote with a dissent,
    open and overdue actions, a guest for one item, and an upcoming published agenda."""
    with scope(network=network.pk), timezone.override(network.time_zone):
        body, _coordinator, chair, secretary, members = _cast(network)
        if Meeting.objects.filter(body=body).exists():
            return  # already loaded
        people = list(dict.fromkeys([chair, secretary, *members]))
        _past_meeting(body, chair, secretary, people, days=-42, title="Fallkonferenz Februar")
        last = _past_meeting(body, chair, secretary, people, days=-14,
                             title="Fallkonferenz März", vote=True)
        _actions(body, chair, people, last)
        _upcoming(body, chair, secretary, last)


def _past_meeting(body, chair, secretary, people, *, days: int, title: str, vote=False):
    start = _day(days, 14)
    meeting = meeting_services.meeting_create(
        membership=chair, body=body, title=title, starts_at=start,
        ends_at=start + timedelta(hours=2), place="Rathaus, Sitzungsraum 2",
        chair=chair, secretary=secretary)
    topic = agenda.agenda_item_create(membership=chair, meeting=meeting,
                                      title="Lagebild Schulen", required_level=2)
    case = agenda.agenda_item_create(membership=chair, meeting=meeting,
                                     title="Fallbesprechung", kind="case", confidential=True,
                                     case_reference="DEMO-2026-007")
    decision_item = agenda.agenda_item_create(membership=chair, meeting=meeting,
                                              title="Federführung im Fall", kind="decision")
    agenda.agenda_publish(membership=chair, meeting=meeting)
    if vote:
        guests.guest_invite(membership=chair, meeting=meeting, name="Dr. Ilse Beispiel",
                            email="gast.beispiel@example.test",
                            organisation_name="Institut für Präventionsforschung",
                            items=[topic], level=2)
    for person in people:
        attendance.attendance_set(membership=secretary, meeting=meeting, person=person,
                                  status="present")
    leaver = people[-1] if len(people) > 3 else None
    attendance.item_presence_set(membership=secretary, item=topic, members=people)
    attendance.item_presence_set(membership=secretary, item=case,
                                 members=[p for p in people if p != leaver])
    attendance.item_presence_set(membership=secretary, item=decision_item, members=people)
    _minutes(secretary, topic, case, decision_item)
    if vote:
        _vote(chair, body, decision_item, people, dissenter=leaver or people[-1])
    meeting_services.meeting_mark_held(membership=chair, meeting=meeting)
    minutes.minutes_approve(membership=secretary, meeting=meeting)
    return meeting


def _minutes(secretary, topic, case, decision_item) -> None:
    write = minutes.minute_entry_create
    write(membership=secretary, item=topic, visibility="network",
          text="Die Schulsozialarbeit berichtet von ruhigerer Lage an zwei Schulen.")
    write(membership=secretary, item=topic, visibility="present",
          text="Eine Schule bittet um Beratung; Name nur im Raum genannt.")
    write(membership=secretary, item=case, visibility="network",
          text="Fall weiter in Begleitung; nächste Überprüfung in acht Wochen.")
    write(membership=secretary, item=case, visibility="present",
          text="Einzelheiten zur familiären Lage, nur für die Anwesenden.")
    write(membership=secretary, item=case, visibility="not_recorded", text="")
    write(membership=secretary, item=decision_item, visibility="network",
          text="Abstimmung über die Federführung, siehe Beschluss.")


def _vote(chair, body, item, people, *, dissenter) -> None:
    decision = decisions.decision_create(
        membership=chair, body=body, item=item, title="Federführung an die Beratungsstelle",
        motion="Die Beratungsstelle übernimmt die Federführung im Fall DEMO-2026-007.",
        procedure="simple_majority")
    for person in people:
        if decisions.voting_seat(person, decision) is not None:
            decisions.vote_cast(membership=person, decision=decision,
                                choice="no" if person == dissenter else "yes")
    decisions.voting_close(
        membership=chair, decision=decision,
        rationale="Längste Beziehung zur Familie, passende Fachlichkeit.",
        dissent="Eine Stimme dagegen: Wechsel zu früh.",
        minority_statement="Die Minderheit bittet um Überprüfung in drei Monaten.")


def _actions(body, chair, people, meeting) -> None:
    today = timezone.localdate()
    actions.action_item_create(membership=chair, body=body, owner=people[-1], meeting=meeting,
                               title="Kontakt zur Schule aufnehmen",
                               due_on=today - timedelta(days=5))
    actions.action_item_create(membership=chair, body=body, owner=chair, meeting=meeting,
                               title="Übergabe der Federführung vorbereiten",
                               due_on=today + timedelta(days=10))
    actions.call_log_create(membership=chair, body=body, occurred_on=today - timedelta(days=3),
                            topic="Rückfrage Jugendhilfe", case_reference="DEMO-2026-007",
                            participants=people[:2], visibility="present",
                            summary="Abstimmung zum Termin mit der Familie.")


def _upcoming(body, chair, secretary, last) -> None:
    start = _day(14, 14)
    meeting = meeting_services.meeting_create(
        membership=chair, body=body, title="Fallkonferenz April", starts_at=start,
        ends_at=start + timedelta(hours=2), place="Rathaus, Sitzungsraum 2",
        chair=chair, secretary=secretary, copy_agenda_from=last)
    agenda.agenda_publish(membership=chair, meeting=meeting)
