"""The N+1 guard: every benchmark target asks the database as often for a network with 2
meetings as for one with 20 (runs on SQLite and PostgreSQL)."""

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from accord.audit.services import audit_record
from accord.bench.targets import TARGETS, Context
from accord.charter.models import CharterDocument, CharterVersion, GlossaryTerm, Goal
from accord.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MeetingState,
    MinuteEntry,
    MinuteStatus,
    Procedure,
    Visibility,
    Vote,
)
from accord.tenancy.models import BodyKind, BodyRole, Role
from accord.testing.factories import (
    add_to_body,
    make_body,
    make_member,
    make_network,
    pass_both_factors,
)


def _network_with(meetings: int) -> tuple[Context, Client]:
    network = make_network()
    coordinator = make_member(network, roles=(Role.COORDINATOR, Role.MEMBER))
    others = [make_member(network) for _ in range(4)]
    body = make_body(network, kind=BodyKind.STRATEGIC)
    add_to_body(body, coordinator, role=BodyRole.CHAIR)
    add_to_body(body, others[0], role=BodyRole.SECRETARY)
    for person in others[1:]:
        add_to_body(body, person)
    with scopes_disabled():
        latest = _meetings(network, body, coordinator, others, meetings)
        _charter(network, coordinator)
        case = _cases(network, coordinator, others, meetings)
    for n in range(meetings):
        audit_record(network=network, actor=coordinator.user, action="meeting.created",
                     object_type="meetings.meeting", object_id=n)
    client = pass_both_factors(Client(), coordinator.user)
    return Context(slug=network.slug, network=network.pk, membership=coordinator.pk,
                   user=coordinator.user_id, organisation=coordinator.organisation_id,
                   meeting=latest.pk, case_worker=others[1].pk,
                   case_worker_organisation=others[1].organisation_id, case=case.pk), client


def _cases(network, coordinator, others, count: int):
    """As many cases as meetings, each with a participant, a worker and two steps."""
    from accord.cases.models import Case, CaseParticipant, CaseTransition, CaseWorker

    case = None
    for n in range(count):
        case = Case.objects.create(network=network, reference=f"BEN-2026-{n + 1:03d}",
                                   state="triage", source_sector="police",
                                   lead_organisation=coordinator.organisation,
                                   coordinator=coordinator, signal_summary="Signal.")
        CaseParticipant.objects.create(network=network, case=case,
                                       organisation=others[1].organisation, tier="core")
        CaseWorker.objects.create(network=network, case=case, membership=others[1])
        for step in ("signal", "triage"):
            CaseTransition.objects.create(network=network, case=case, to_state=step,
                                          by=coordinator)
    return case


def _meetings(network, body, coordinator, others, count: int) -> Meeting:
    start = timezone.now() - timedelta(days=30 * count)
    meeting = None
    for n in range(count):
        starts = start + timedelta(days=30 * n)
        meeting = Meeting.objects.create(
            network=network, body=body, title=f"Meeting {n}", starts_at=starts,
            ends_at=starts + timedelta(hours=2), chair=coordinator, secretary=others[0],
            state=MeetingState.MINUTES_APPROVED)
        for person in [coordinator, *others]:
            Attendance.objects.create(network=network, meeting=meeting, membership=person,
                                      organisation=person.organisation, status="present")
        for order, visibility in enumerate(Visibility.values):
            item = AgendaItem.objects.create(network=network, meeting=meeting, order=order,
                                             title=f"Item {order}")
            MinuteEntry.objects.create(network=network, item=item, visibility=visibility,
                                       text="Noted." if visibility != "not_recorded" else "",
                                       status=MinuteStatus.APPROVED, author=others[0])
        decision = Decision.objects.create(
            network=network, body=body, meeting=meeting, item=item, title=f"Decision {n}",
            motion="Agree.", procedure=Procedure.SIMPLE_MAJORITY, outcome="adopted")
        for person in others:
            Vote.objects.create(network=network, decision=decision, voter=person, choice="yes")
        ActionItem.objects.create(network=network, body=body, title=f"Action {n}",
                                  owner=coordinator, owner_organisation=coordinator.organisation,
                                  meeting=meeting, due_on=starts.date() + timedelta(days=20))
    return meeting


def _charter(network, coordinator) -> None:
    for n in range(2):
        document = CharterDocument.objects.create(network=network, kind="custom",
                                                  title=f"Document {n}")
        CharterVersion.objects.create(network=network, document=document, number=1,
                                      body="Text", created_by=coordinator)
    Goal.objects.create(network=network, statement="Fewer school absences")
    GlossaryTerm.objects.create(network=network, term="consent", definition="Agreement.")


def _queries(client: Client, path: str) -> tuple[int, list[str]]:
    client.get(path)  # warm: per-process caches fill on the first request
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    # Numbers and quoted values masked, so that the two networks' queries compare by shape.
    return response.status_code, [re.sub(r"'[^']*'|\b\d+\b", "?", q["sql"])
                                   for q in captured.captured_queries]


def _extra(more: list[str], fewer: list[str]) -> list[str]:
    """The queries one request asked and the other did not: what a failure shows."""
    return [f"{n}x {sql[:300]}" for sql, n in (Counter(more) - Counter(fewer)).items()]


# The case page is composed of the sections of five apps (register, identity, assessments,
# plan, reviews, referrals, consents, disclosures, who saw it), each deciding its own facets
# and recording its reads; their case facts are shared per request (cases.facets.memo), the
# consents and break-glass accesses are still read once per section. Constant, but not yet at
# the 20 of a single-purpose page: issue 12's fixed-cost work.
LIMITS = {"case page": 60}


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="accord.bench.floor_urls")
def test_every_target_asks_the_database_as_often_for_2_meetings_as_for_20():
    few, few_client = _network_with(2)
    many, many_client = _network_with(20)
    differing, over_limit = {}, {}
    for target in TARGETS:
        status_few, asked_few = _queries(few_client, target.path(few))
        status_many, asked_many = _queries(many_client, target.path(many))
        assert (status_few, status_many) == (200, 200), target.name
        if len(asked_few) != len(asked_many):
            differing[target.name] = (len(asked_few), len(asked_many),
                                      _extra(asked_many, asked_few),
                                      _extra(asked_few, asked_many))
        if len(asked_many) > LIMITS.get(target.name, 20):
            over_limit[target.name] = len(asked_many)
    assert differing == {}, "queries grow with the data (N+1)"
    assert over_limit == {}, "more than 20 queries per request"
