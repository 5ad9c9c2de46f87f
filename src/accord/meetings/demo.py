"""Demo meetings for one network (issue 4, Deliver 12), called by the demo loader:

    from accord.meetings.demo import load_meetings_demo
    load_meetings_demo(network=network)

It uses the network's bodies and members (the tenancy demo makes them) and goes through the
same services as the pages, so the demo's audit trail is real. Fictional data only.
"""

from datetime import time, timedelta

from django.utils import timezone, translation
from django.utils.formats import date_format
from django_scopes import scope

from accord.cases.demo import conference_case
from accord.meetings import selectors
from accord.meetings.models import Decision, Meeting, MeetingSeries
from accord.meetings.papers_demo import load_papers_demo
from accord.meetings.services import (
    actions,
    agenda,
    attendance,
    charter_link,
    circulation,
    decisions,
    guests,
    minutes,
    series,
)
from accord.meetings.services import meetings as meeting_services
from accord.tenancy.models import Body, BodyKind, BodyMembership, BodyRole, Membership

# The demo's words, in the network's own language (the invented content of its meetings).
TEXTS = {
    "de": {
        "place": "Rathaus, Sitzungsraum 2", "topic": "Lagebild Schulen",
        "case": "Fallbesprechung", "decision_item": "Federführung im Fall",
        "guest": ("Dr. Ilse Beispiel", "Institut für Präventionsforschung"),
        "m_topic_network": "Die Schulsozialarbeit berichtet von ruhigerer Lage an zwei Schulen.",
        "m_topic_present": "Eine Schule bittet um Beratung; Name nur im Raum genannt.",
        "m_case_network": "Fall weiter in Begleitung; nächste Überprüfung in acht Wochen.",
        "m_case_present": "Einzelheiten zur familiären Lage, nur für die Anwesenden.",
        "m_decision": "Abstimmung über die Federführung, siehe Beschluss.",
        "decision": "Federführung an die Beratungsstelle",
        "motion": "Die Beratungsstelle übernimmt die Federführung im Fall DEMO-2026-007.",
        "rationale": "Längste Beziehung zur Familie, passende Fachlichkeit.",
        "dissent": "Eine Stimme dagegen: Wechsel zu früh.",
        "minority": "Die Minderheit bittet um Überprüfung in drei Monaten.",
        "action_overdue": "Kontakt zur Schule aufnehmen",
        "action_open": "Übergabe der Federführung vorbereiten",
        "call_topic": "Rückfrage Jugendhilfe",
        "call_summary": "Abstimmung zum Termin mit der Familie.",
        "adopt_item": "Beschluss über %(document)s",
        "adopt_motion": "Der Lenkungskreis nimmt die vorgeschlagene Fassung von %(document)s an.",
        "adopt_minutes": "Die Fassung wurde besprochen und im Konsens angenommen.",
        "goal_item": "Zielüberprüfung",
        "series": "Fallkonferenz (monatlich)",
        "secret_decision": "Vertretung im Landesnetzwerk",
        "secret_motion": "Das Netzwerk entsendet seine Koordination als Vertretung in das "
                         "Landesnetzwerk Prävention.",
    },
    "nl": {
        "place": "Stadhuis, vergaderzaal 2", "topic": "Beeld van de scholen",
        "case": "Casusbespreking", "decision_item": "Casusregie",
        "guest": ("Dr. Ilse Voorbeeld", "Kenniscentrum Weerbaarheid"),
        "m_topic_network": "Het schoolmaatschappelijk werk meldt meer rust op twee scholen.",
        "m_topic_present": "Eén school vraagt advies; de naam alleen in de zaal genoemd.",
        "m_case_network": "Begeleiding loopt door; volgende evaluatie over acht weken.",
        "m_case_present": "Details over de gezinssituatie, alleen voor de aanwezigen.",
        "m_decision": "Stemming over de casusregie, zie besluit.",
        "decision": "Casusregie naar de begeleidingsdienst",
        "motion": "De begeleidingsdienst neemt de casusregie over in casus DEMO-2026-007.",
        "rationale": "Langste band met het gezin, passende deskundigheid.",
        "dissent": "Eén stem tegen: de wissel komt te vroeg.",
        "minority": "De minderheid vraagt een evaluatie over drie maanden.",
        "action_overdue": "Contact opnemen met de school",
        "action_open": "Overdracht van de casusregie voorbereiden",
        "call_topic": "Navraag jeugdhulp",
        "call_summary": "Afstemming over de afspraak met het gezin.",
        "adopt_item": "Besluit over %(document)s",
        "adopt_motion": "De stuurgroep stelt de voorgestelde versie van %(document)s vast.",
        "adopt_minutes": "De versie is besproken en bij consensus vastgesteld.",
        "goal_item": "Evaluatie van de doelen",
        "series": "Casusoverleg (maandelijks)",
        "secret_decision": "Vertegenwoordiging in het landelijk netwerk",
        "secret_motion": "Het netwerk vaardigt zijn coördinator af naar het landelijk netwerk "
                         "weerbaarheid.",
    },
}


def _texts(network) -> dict:
    return TEXTS.get(network.default_language, TEXTS["de"])


def _title(body, start) -> str:
    """"Fallkonferenz, März 2026": the body's name and the month, in the network's language."""
    with translation.override(body.network.default_language):
        return f"{body.name}, {date_format(start, 'F Y')}"


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
    with scope(network=network.pk), timezone.override(network.time_zone), \
            translation.override(network.default_language):
        body, coordinator, chair, secretary, members = _cast(network)
        texts = _texts(network)
        if not Meeting.objects.filter(body=body).exists():
            people = list(dict.fromkeys([chair, secretary, *members]))
            _past_meeting(body, chair, secretary, people, texts, days=-42)
            last = _past_meeting(body, chair, secretary, people, texts, days=-14, vote=True)
            _actions(body, chair, people, last, texts)
            _reads(last, people)
            _upcoming(body, chair, secretary, last, texts)
            _open_secret_vote(body, chair, texts)
            load_papers_demo(body=body, chair=chair, secretary=secretary, members=members,
                             language=network.default_language)
        _series(body, chair, texts)
        _steering(network, coordinator, texts)
        # Issue 16: a date poll for the series' next meeting, replies to the upcoming one.
        from accord.meetings.planning_demo import load_planning_demo

        load_planning_demo(body=body, chair=chair)


def _reads(meeting, people) -> None:
    """Members of the body read the last minutes, as they would before the next meeting, so
    the privacy officer's "Who read this" has a trail to show (recorded by the selector)."""
    for person in people:
        selectors.minute_entries_read(meeting=meeting, membership=person, purpose="view")


def _open_secret_vote(body, chair, texts) -> None:
    """A secret vote by written procedure, still open, with one ballot cast: everyone sees
    "1 vote cast", the voter sees that they voted, nobody sees a tally until it closes."""
    decision = decisions.decision_create(
        membership=chair, body=body, title=texts["secret_decision"],
        motion=texts["secret_motion"], procedure="simple_majority", vote_mode="secret")
    voter = (BodyMembership.objects.filter(body=body, voting_right=True)
             .exclude(membership=chair).select_related("membership").first())
    if voter is not None:
        decisions.vote_cast(membership=voter.membership, decision=decision, choice="yes")


def _series(body, chair, texts) -> None:
    """The case conference meets every third Thursday; the next six are scheduled (9:00, so
    they never clash with the demo's afternoon meetings)."""
    if MeetingSeries.objects.filter(body=body).exists():
        return
    recurring = series.series_create(
        membership=chair, body=body, title=texts["series"],
        rule=series.monthly_rule(weekday=3, nth=3),
        first_day=timezone.localdate() + timedelta(days=21), start_time=time(9, 0),
        duration_minutes=90, place=texts["place"])
    series.series_generate(membership=chair, series=recurring, ahead=6)


def _steering(network, coordinator, texts) -> None:
    """A held steering-group meeting that reviewed a goal and adopted a proposed charter
    version by decision (only where the charter demo left a version proposed)."""
    body = Body.objects.filter(network=network, kind=BodyKind.STRATEGIC).first()
    version = charter_link.proposed_versions(network=network).first()
    if body is None or version is None or Decision.objects.filter(
            body=body, adopts_charter_version_id__isnull=False).exists():
        return
    seats = {s.role: s.membership for s in BodyMembership.objects.filter(body=body)
             .select_related("membership") if s.membership.is_active}
    chair = seats.get(BodyRole.CHAIR, coordinator)
    start = _day(-7, 10)
    meeting = meeting_services.meeting_create(
        membership=chair, body=body, title=_title(body, start), starts_at=start,
        ends_at=start + timedelta(hours=2), place=texts["place"], chair=chair,
        secretary=seats.get(BodyRole.SECRETARY, chair))
    _goal_review(chair, meeting, texts)
    document = version.document.title
    item = agenda.agenda_item_create(membership=chair, meeting=meeting, kind="decision",
                                     title=(texts["adopt_item"] % {"document": document})[:200])
    agenda.agenda_publish(membership=chair, meeting=meeting)
    minutes.minute_entry_create(membership=chair, item=item, visibility="network",
                                text=texts["adopt_minutes"])
    decision = decisions.decision_create(
        membership=chair, body=body, item=item, procedure="consensus",
        title=item.title, motion=texts["adopt_motion"] % {"document": document},
        adopts_charter_version_id=version.pk)
    decisions.decision_record(membership=chair, decision=decision, outcome="adopted",
                              decided_at=start + timedelta(hours=1))
    meeting_services.meeting_mark_held(membership=chair, meeting=meeting)
    circulation.minutes_approve(membership=chair, meeting=meeting)


def _goal_review(chair, meeting, texts) -> None:
    offered = agenda.goals_offered(meeting=meeting)
    if offered:
        agenda.agenda_goal_review_add(membership=chair, meeting=meeting,
                                      goal_id=offered[0].pk)
    else:
        agenda.agenda_item_create(membership=chair, meeting=meeting, kind="goal_review",
                                  title=texts["goal_item"])


def _past_meeting(body, chair, secretary, people, texts, *, days: int, vote=False):
    start = _day(days, 14)
    meeting = meeting_services.meeting_create(
        membership=chair, body=body, title=_title(body, start), starts_at=start,
        ends_at=start + timedelta(hours=2), place=texts["place"],
        chair=chair, secretary=secretary)
    topic = agenda.agenda_item_create(membership=chair, meeting=meeting,
                                      title=texts["topic"], required_level=2)
    case = agenda.agenda_item_create(membership=chair, meeting=meeting,
                                     title=texts["case"], kind="case", confidential=True,
                                     case=conference_case(body.network))
    decision_item = agenda.agenda_item_create(membership=chair, meeting=meeting,
                                              title=texts["decision_item"], kind="decision")
    agenda.agenda_publish(membership=chair, meeting=meeting)
    if vote:
        guest_name, guest_organisation = texts["guest"]
        guests.guest_invite(membership=chair, meeting=meeting, name=guest_name,
                            email="guest.expert@example.org",
                            organisation_name=guest_organisation, items=[topic], level=2)
    # The secretary marks only who was not there: one member excused from the earlier
    # meeting, one who left the room for the case (issue 8: attendance starts as present).
    excused = people[-2] if not vote and len(people) > 4 else None
    leaver = people[-1] if len(people) > 3 else None
    room = [p for p in people if p != excused]
    for person in people:
        attendance.attendance_set(membership=secretary, meeting=meeting, person=person,
                                  status="excused" if person == excused else "present")
    attendance.item_presence_set(membership=secretary, item=topic, members=room)
    attendance.item_presence_set(membership=secretary, item=case,
                                 members=[p for p in room if p != leaver])
    attendance.item_presence_set(membership=secretary, item=decision_item, members=room)
    _minutes(secretary, topic, case, decision_item, texts)
    if vote:
        _vote(chair, body, decision_item, room, texts, decided_at=start + timedelta(hours=1))
    meeting_services.meeting_mark_held(membership=chair, meeting=meeting)
    # The chair signs the minutes (the rules of procedure: circulation.minutes_approve).
    circulation.minutes_approve(membership=chair, meeting=meeting)
    return meeting


def _minutes(secretary, topic, case, decision_item, texts) -> None:
    write = minutes.minute_entry_create
    write(membership=secretary, item=topic, visibility="network",
          text=texts["m_topic_network"])
    write(membership=secretary, item=topic, visibility="present",
          text=texts["m_topic_present"])
    write(membership=secretary, item=case, visibility="network", text=texts["m_case_network"])
    write(membership=secretary, item=case, visibility="present", text=texts["m_case_present"])
    write(membership=secretary, item=case, visibility="not_recorded", text="")
    write(membership=secretary, item=decision_item, visibility="network",
          text=texts["m_decision"])


def _vote(chair, body, item, room, texts, *, decided_at) -> None:
    """A simple-majority vote of the voting members in the room, one of them against: the
    tally, the stated dissent ("one vote against") and the date of the meeting agree."""
    decision = decisions.decision_create(
        membership=chair, body=body, item=item, title=texts["decision"],
        motion=texts["motion"], procedure="simple_majority")
    voters = [p for p in room if decisions.voting_seat(p, decision) is not None]
    for person in voters:
        decisions.vote_cast(membership=person, decision=decision,
                            choice="no" if person == voters[-1] else "yes")
    decisions.voting_close(
        membership=chair, decision=decision,
        rationale=texts["rationale"], dissent=texts["dissent"],
        minority_statement=texts["minority"], decided_at=decided_at)


def _actions(body, chair, people, meeting, texts) -> None:
    today = timezone.localdate()
    actions.action_item_create(membership=chair, body=body, owner=people[-1], meeting=meeting,
                               title=texts["action_overdue"], due_on=today - timedelta(days=5))
    actions.action_item_create(membership=chair, body=body, owner=chair, meeting=meeting,
                               title=texts["action_open"], due_on=today + timedelta(days=10))
    actions.call_log_create(membership=chair, body=body, occurred_on=today - timedelta(days=3),
                            topic=texts["call_topic"], case=conference_case(body.network),
                            participants=people[:2], visibility="participants",
                            summary=texts["call_summary"])


def _upcoming(body, chair, secretary, last, texts) -> None:
    start = _day(14, 14)
    meeting = meeting_services.meeting_create(
        membership=chair, body=body, title=_title(body, start), starts_at=start,
        ends_at=start + timedelta(hours=2), place=texts["place"],
        chair=chair, secretary=secretary, copy_agenda_from=last)
    agenda.agenda_publish(membership=chair, meeting=meeting)
