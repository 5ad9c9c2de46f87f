"""Decisions that adopt a charter version, and decisions by written procedure."""

import json

from django.urls import reverse
from django_scopes import scope

from accord.charter.models import CharterVersion
from accord.meetings.models import Decision
from accord.meetings.services import agenda, attendance, decisions
from accord.testing import factories


def _present(s):
    with scope(network=s.network.pk):
        agenda.agenda_item_create(membership=s.chair, meeting=s.meeting, title="Geschäftsordnung")
        agenda.agenda_publish(membership=s.chair, meeting=s.meeting)
        for who in (s.chair, s.voter, s.member):
            attendance.attendance_set(membership=s.chair, meeting=s.meeting, person=who,
                                      status="present")


def _put_by_page(s):
    client = factories.signed_in_client(s.chair.user)
    response = client.post(
        reverse("meetings:decision-create", kwargs={"network": s.network.slug,
                                                    "pk": s.meeting.pk}),
        {"title": "Geschäftsordnung annehmen", "motion": "Wir nehmen Fassung 1 an.",
         "procedure": "simple_majority", "vote_mode": "named",
         "adopts_charter_version": s.version.pk})
    assert response.status_code == 302, response.content.decode()
    with scope(network=s.network.pk):
        return Decision.objects.get(title="Geschäftsordnung annehmen")


def _vote_and_close(s, decision, choices):
    with scope(network=s.network.pk):
        for who, choice in zip((s.chair, s.voter, s.member), choices, strict=True):
            decisions.vote_cast(membership=who, decision=decision, choice=choice)
        return decisions.voting_close(membership=s.chair, decision=decision)


def test_a_vote_adopting_the_decision_adopts_and_links_the_charter_version(steering):
    s = steering
    _present(s)
    decision = _put_by_page(s)
    page = factories.signed_in_client(s.chair.user).get(
        reverse("meetings:decision", kwargs={"network": s.network.slug, "pk": decision.pk}))
    assert "Geschäftsordnung" in page.content.decode()
    decision = _vote_and_close(s, decision, ["yes", "yes", "no"])
    assert decision.outcome == "adopted"
    with scope(network=s.network.pk):
        version = CharterVersion.objects.get(pk=s.version.pk)
    assert version.status == "adopted"
    assert version.decision_id == decision.pk
    assert version.adopted_by_body_id == s.body.pk
    assert version.adopted_on == decision.decided_at.date()


def test_a_rejected_decision_leaves_the_charter_version_proposed(steering):
    s = steering
    _present(s)
    decision = _vote_and_close(s, _put_by_page(s), ["no", "no", "yes"])
    assert decision.outcome == "rejected"
    with scope(network=s.network.pk):
        version = CharterVersion.objects.get(pk=s.version.pk)
    assert version.status == "proposed" and version.decision_id is None


def test_another_networks_charter_version_is_refused_by_the_api(steering, network_b):
    s = steering
    other = factories.make_member(network_b, roles=("coordinator",))
    from accord.charter import services as charter
    with scope(network=network_b.pk):
        foreign = charter.version_propose(membership=other, version=charter.document_create(
            membership=other, kind="glossary", title="Begrippen", body="x"))
    client = factories.signed_in_client(s.chair.user)
    response = client.post(
        f"/api/v1/n/{s.network.slug}/meetings/{s.meeting.pk}/decisions",
        data=json.dumps({"title": "Fremd", "motion": "x",
                         "adopts_charter_version_id": foreign.pk}),
        content_type="application/json")
    assert response.status_code == 422
    with scope(network=s.network.pk):
        assert not Decision.objects.filter(title="Fremd").exists()


def test_written_procedure_puts_a_motion_to_voting_members_who_vote_until_closed(steering):
    s = steering
    chair = factories.signed_in_client(s.chair.user)
    response = chair.post(
        reverse("meetings:decision-written", kwargs={"network": s.network.slug}),
        {"body": s.body.pk, "title": "Umlaufbeschluss", "motion": "Budget freigeben.",
         "procedure": "simple_majority", "vote_mode": "secret"})
    assert response.status_code == 302
    with scope(network=s.network.pk):
        decision = Decision.objects.get(title="Umlaufbeschluss")
    assert decision.meeting_id is None and decision.voting_open
    voter = factories.signed_in_client(s.voter.user)
    api = f"/api/v1/n/{s.network.slug}/decisions/{decision.pk}"
    for client in (chair, voter, factories.signed_in_client(s.member.user)):
        assert client.post(api + "/votes", data=json.dumps({"choice": "yes"}),
                           content_type="application/json").status_code == 201
    again = voter.post(api + "/votes", data=json.dumps({"choice": "no"}),
                       content_type="application/json")
    assert again.status_code == 409
    page = voter.get(reverse("meetings:decision", kwargs={"network": s.network.slug,
                                                          "pk": decision.pk}))
    assert "By written procedure" in page.content.decode()
    closed = chair.post(api + "/close", data=json.dumps({}), content_type="application/json")
    assert closed.status_code == 200 and closed.json()["outcome"] == "adopted"


def test_written_procedure_by_api_and_refused_to_a_plain_member(steering):
    s = steering
    body = {"body_id": s.body.pk, "title": "Per API", "motion": "Ja?"}
    path = f"/api/v1/n/{s.network.slug}/decisions"
    refused = factories.signed_in_client(s.voter.user).post(
        path, data=json.dumps(body), content_type="application/json")
    assert refused.status_code == 403
    made = factories.signed_in_client(s.chair.user).post(
        path, data=json.dumps({**body, "adopts_charter_version_id": s.version.pk}),
        content_type="application/json")
    assert made.status_code == 201
    assert made.json()["meeting_id"] is None
    assert made.json()["adopts_charter_version_id"] == s.version.pk
    member_page = factories.signed_in_client(s.voter.user).get(
        reverse("meetings:decision-written", kwargs={"network": s.network.slug}))
    assert member_page.status_code == 404
