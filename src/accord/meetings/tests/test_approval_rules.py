"""Approval follows the rules of procedure (issue 8, item 5): the chair approves; the
secretary approves once the circulated draft's period for comments ended without an
objection; otherwise a decision of the body approves. Anything else is refused with why."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from accord.audit.models import AuditEvent
from accord.meetings.models import Meeting
from accord.meetings.services import agenda, circulation, decisions, minutes
from accord.meetings.services import meetings as meeting_services
from accord.meetings.services.errors import Refused
from accord.meetings.tests.conftest import schedule
from accord.policy import Denied
from accord.testing import factories


def url(c, name):
    return reverse(f"meetings:{name}", kwargs={"network": c.network.slug, "pk": c.meeting.pk})


def approve_api(client, c, body):
    return client.post(f"/api/v1/n/{c.network.slug}/meetings/{c.meeting.pk}/approve-minutes",
                       data=json.dumps(body), content_type="application/json")


def state(c) -> str:
    with scope(network=c.network.pk):
        return Meeting.objects.get(pk=c.meeting.pk).state


def approval_event(c):
    with scope(network=c.network.pk):
        return AuditEvent.objects.filter(action="minutes.approved").get()


@pytest.fixture
def minuted(cast):
    """A meeting held this morning with one draft entry, not yet circulated."""
    c = cast
    with scope(network=c.network.pk):
        c.meeting = schedule(c, hours=-3)
        c.item = agenda.agenda_item_create(membership=c.chair, meeting=c.meeting,
                                           title="Lagebild", kind="decision")
        agenda.agenda_publish(membership=c.chair, meeting=c.meeting)
        minutes.minute_entry_create(membership=c.secretary, item=c.item, text="Ruhig.",
                                    visibility="network")
        meeting_services.meeting_mark_held(membership=c.chair, meeting=c.meeting)
    return c


def circulate(c, *, days_ago: int) -> None:
    with scope(network=c.network.pk):
        circulation.minutes_circulate(membership=c.secretary, meeting=c.meeting)
        Meeting.objects.filter(pk=c.meeting.pk).update(
            minutes_circulated_at=timezone.now() - timedelta(days=days_ago))
        c.meeting.refresh_from_db()


def adopted_decision(c, *, body=None, meeting=None):
    with scope(network=c.network.pk):
        decision = decisions.decision_create(
            membership=c.chair, body=body or c.body, meeting=meeting, procedure="consensus",
            title="Protokoll vom März genehmigen", motion="Das Protokoll wird genehmigt.")
        return decisions.decision_record(membership=c.chair, decision=decision,
                                         outcome="adopted")


def test_the_chair_approves_at_any_time_after_the_meeting_was_held(minuted):
    c = minuted
    with scope(network=c.network.pk):
        assert circulation.minutes_approve(membership=c.chair, meeting=c.meeting) == 1
    assert state(c) == "minutes_approved"
    assert approval_event(c).summary["way"] == "chair"


def test_the_secretary_may_not_approve_a_draft_that_was_never_circulated(minuted):
    c = minuted
    client = factories.signed_in_client(c.secretary.user)
    page = client.get(url(c, "approve")).content.decode()
    assert "The secretary approves minutes only after the draft was circulated" in page
    assert 'name="confirm"' not in page, "no form for a step that would be refused"
    forced = client.post(url(c, "approve"), {"confirm": "on"})
    assert forced.status_code == 409
    answer = approve_api(client, c, {"confirm": True})
    assert answer.status_code == 409
    assert "Circulate the draft first" in answer.json()["detail"]
    assert state(c) == "held"


def test_the_secretary_waits_until_the_period_for_comments_has_ended(minuted):
    c = minuted
    circulate(c, days_ago=2)
    with scope(network=c.network.pk), pytest.raises(Refused) as refusal:
        circulation.minutes_approve(membership=c.secretary, meeting=c.meeting)
    assert "The period for comments ends" in refusal.value.message
    assert state(c) == "held"


def test_the_secretary_approves_after_the_period_ended_without_an_objection(minuted):
    c = minuted
    circulate(c, days_ago=8)
    client = factories.signed_in_client(c.secretary.user)
    page = client.get(url(c, "approve")).content.decode()
    assert "You approve these minutes as the secretary" in page
    assert client.post(url(c, "approve"), {"confirm": "on"}).status_code == 302
    assert state(c) == "minutes_approved"
    assert approval_event(c).summary["way"] == "secretary_after_circulation"


def test_an_objection_leaves_the_approval_to_the_chair_or_the_body(minuted):
    c = minuted
    circulate(c, days_ago=8)
    with scope(network=c.network.pk):
        circulation.minutes_comment_add(membership=c.member, meeting=c.meeting,
                                        text="Punkt 1 fehlt.", objection=True)
        with pytest.raises(Refused) as refusal:
            circulation.minutes_approve(membership=c.secretary, meeting=c.meeting)
    assert "A member objected" in refusal.value.message
    with scope(network=c.network.pk):
        circulation.minutes_approve(membership=c.chair, meeting=c.meeting)
    assert state(c) == "minutes_approved"


def test_the_body_approves_by_decision_which_the_secretary_names(minuted):
    c = minuted
    decision = adopted_decision(c)
    client = factories.signed_in_client(c.secretary.user)
    page = client.get(url(c, "approve")).content.decode()
    assert "Approved by the body&#x27;s decision" in page
    assert "Protokoll vom März genehmigen" in page
    missing = client.post(url(c, "approve"), {"confirm": "on"})
    assert missing.status_code == 400
    assert "Choose the body&#x27;s decision" in missing.content.decode()
    assert state(c) == "held"
    done = client.post(url(c, "approve"), {"confirm": "on", "decision": decision.pk})
    assert done.status_code == 302
    assert state(c) == "minutes_approved"
    event = approval_event(c)
    assert event.summary["way"] == "decision" and event.summary["decision"] == decision.pk


def test_only_an_adopted_decision_of_the_same_body_since_the_meeting_approves(minuted):
    c = minuted
    other_body = factories.make_body(c.network, name="Lenkungskreis")
    factories.add_to_body(other_body, c.chair, role="chair")
    elsewhere = adopted_decision(c, body=other_body)
    with scope(network=c.network.pk):
        pending = decisions.decision_create(
            membership=c.chair, body=c.body, procedure="consensus", title="Offen",
            motion="Noch nicht entschieden.")
        for decision in (elsewhere, pending):
            with pytest.raises(ValidationError):
                circulation.minutes_approve(membership=c.secretary, meeting=c.meeting,
                                            decision=decision)
    client = factories.signed_in_client(c.secretary.user)
    answer = approve_api(client, c, {"confirm": True, "decision_id": elsewhere.pk})
    assert answer.status_code == 422
    assert state(c) == "held"


def test_the_api_approves_by_the_bodys_decision(minuted):
    c = minuted
    decision = adopted_decision(c)
    client = factories.signed_in_client(c.secretary.user)
    answer = approve_api(client, c, {"confirm": True, "decision_id": decision.pk})
    assert answer.status_code == 200 and answer.json()["state"] == "minutes_approved"


def test_nobody_but_the_chair_or_secretary_approves(minuted):
    c = minuted
    for who in (c.member, c.coordinator):
        with scope(network=c.network.pk), pytest.raises(Denied):
            circulation.minutes_approve(membership=who, meeting=c.meeting)
        page = factories.signed_in_client(who.user).get(url(c, "approve"))
        assert page.status_code == 403
        assert ("Only the chair or the secretary of this meeting may do this."
                in page.content.decode())
    assert state(c) == "held"
