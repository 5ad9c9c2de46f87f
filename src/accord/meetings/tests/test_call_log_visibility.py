"""A call log's visibility choices make sense for a phone call (issue 8, Deliver 6): the
network, the participants of the call, or not recorded; stored "present" rows became
"participants" and the old value is still accepted."""

import json
from datetime import timedelta
from importlib import import_module

from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from accord.meetings.models import CallLog
from accord.meetings.services import actions
from accord.testing import factories


def _url(c):
    return reverse("meetings:calls", kwargs={"network": c.network.slug})


def _api(c):
    return f"/api/v1/n/{c.network.slug}/call-logs"


def _log(c, topic, visibility, participants, summary="Kurz besprochen"):
    with scope(network=c.network.pk):
        return actions.call_log_create(
            membership=participants[0], body=c.body, topic=topic, summary=summary,
            occurred_on=timezone.localdate() - timedelta(days=1),
            participants=participants, visibility=visibility)


def test_the_form_offers_network_participants_and_not_recorded(cast):
    page = factories.signed_in_client(cast.member.user).get(_url(cast)).content.decode()
    form = page[page.index('<form method="post" novalidate>'):]
    assert 'value="participants"' in form
    assert "Participants of the call, and the body&#x27;s chair and secretary" in form
    assert "Not recorded: only that the call took place" in form
    assert 'value="present"' not in form and "in the room" not in form


def test_a_participants_call_is_read_by_the_people_on_it_and_the_bodys_officers(cast):
    c = cast
    _log(c, "Telefonat Schule", "participants", [c.member, c.leaver])
    for who, sees in ((c.member, True), (c.leaver, True), (c.chair, True),
                      (c.secretary, True), (c.adviser, False), (c.coordinator, False)):
        page = factories.signed_in_client(who.user).get(_url(c)).content.decode()
        assert ("Telefonat Schule" in page) is sees, who
    page = factories.signed_in_client(c.member.user).get(_url(c)).content.decode()
    assert "Participants of the call" in page  # each row says who may read it


def test_logging_a_participants_call_through_the_form(cast):
    c = cast
    client = factories.signed_in_client(c.member.user)
    response = client.post(_url(c), {
        "body": c.body.pk, "occurred_on": str(timezone.localdate()), "topic": "Rückruf Jugendamt",
        "participants": c.member.user.email, "visibility": "participants"})
    assert response.status_code == 302
    with scope(network=c.network.pk):
        assert CallLog.objects.get(topic="Rückruf Jugendamt").visibility == "participants"


def test_a_summary_for_an_unrecorded_call_is_refused_not_dropped(cast):
    c = cast
    client = factories.signed_in_client(c.member.user)
    response = client.post(_url(c), {
        "body": c.body.pk, "occurred_on": str(timezone.localdate()), "topic": "Vertraulich",
        "summary": "Name genannt", "visibility": "not_recorded"})
    assert response.status_code == 400
    assert "A call that is not recorded keeps no summary" in response.content.decode()
    api = client.post(_api(c), data=json.dumps({
        "body_id": c.body.pk, "occurred_on": str(timezone.localdate()), "topic": "Vertraulich",
        "summary": "Name genannt", "visibility": "not_recorded"}),
        content_type="application/json")
    assert api.status_code == 422
    with scope(network=c.network.pk):
        assert not CallLog.objects.filter(topic="Vertraulich").exists()


def test_the_api_accepts_participants_and_still_the_old_present(cast):
    c = cast
    client = factories.signed_in_client(c.member.user)
    for topic, value in (("Neu", "participants"), ("Alt", "present")):
        response = client.post(_api(c), data=json.dumps({
            "body_id": c.body.pk, "occurred_on": str(timezone.localdate()), "topic": topic,
            "visibility": value}), content_type="application/json")
        assert response.status_code == 201 and response.json()["visibility"] == "participants"
    refused = client.post(_api(c), data=json.dumps({
        "body_id": c.body.pk, "occurred_on": str(timezone.localdate()), "topic": "X",
        "visibility": "room"}), content_type="application/json")
    assert refused.status_code == 422


def test_the_migration_renames_stored_present_call_logs(cast):
    c = cast
    log = _log(c, "Vor dem Update", "participants", [c.member])
    with scope(network=c.network.pk):
        CallLog.objects.filter(pk=log.pk).update(visibility="present")  # as stored before
    migration = import_module("accord.meetings.migrations.0005_call_log_visibility_participants")
    migration.forwards(apps, None)
    with scope(network=c.network.pk):
        assert CallLog.objects.get(pk=log.pk).visibility == "participants"
    page = factories.signed_in_client(c.chair.user).get(_url(c)).content.decode()
    assert "Vor dem Update" in page
