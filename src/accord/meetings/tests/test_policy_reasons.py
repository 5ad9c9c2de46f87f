"""The meetings rules through accord.policy (issue 9): a refusal says why in the reader's
language where the reader may know the object; what they may not know stays not found; and a
sensitive read is recorded by the selector that reads it."""

import json

from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope

from accord import policy
from accord.meetings import selectors
from accord.meetings.models import CallLog, MinuteEntry
from accord.meetings.services import actions
from accord.meetings.tests.conftest import TEXTS, person
from accord.testing import factories


def reads_of(object_type: str, object_id) -> set[str]:
    """Who read this object, by e-mail address, from the access log (exact type and id, named
    as the audit trail names objects)."""
    from accord.audit.models import AccessRecord

    rows = AccessRecord.objects.filter(object_type=object_type, object_id=str(object_id))
    return set(rows.values_list("user__email", flat=True))


def _entry(c, key) -> MinuteEntry:
    with scope(network=c.network.pk):
        return MinuteEntry.objects.get(text=TEXTS[key])


def test_a_member_outside_the_body_is_told_why_they_cannot_act_on_it(held):
    c = held
    stranger = person(c.network, "stranger")
    client = factories.signed_in_client(stranger.user)
    base = f"/api/v1/n/{c.network.slug}"
    assigned = client.post(f"{base}/action-items", data=json.dumps(
        {"body_id": c.body.pk, "title": "Nachfassen"}), content_type="application/json")
    assert assigned.status_code == 403
    assert assigned.json()["detail"] == "Only members of this body may assign its actions."
    assert assigned.json()["rule"] == "explain.meetings.assign"
    logged = client.post(f"{base}/call-logs", data=json.dumps(
        {"body_id": c.body.pk, "occurred_on": timezone.localdate().isoformat(),
         "topic": "Telefonat"}), content_type="application/json")
    assert logged.status_code == 403
    assert logged.json()["detail"] == "Only members of this body may log its calls."
    with scope(network=c.network.pk):
        assert not CallLog.objects.filter(topic="Telefonat").exists()
        decision = policy.decide(stranger, "meeting.read", c.meeting, purpose="view")
    assert decision.reason == "Only members of this body may read its meetings and minutes."
    # The body's meetings themselves do not exist for them, as before.
    page = client.get(reverse("meetings:detail", kwargs={"network": c.network.slug,
                                                         "pk": c.meeting.pk}))
    assert page.status_code == 404


def test_a_body_member_who_may_not_plan_reads_why_on_the_403_page_in_their_language(held):
    c = held
    c.leaver.user.language = "de"
    c.leaver.user.save()
    client = factories.signed_in_client(c.leaver.user)
    url = reverse("meetings:approve", kwargs={"network": c.network.slug, "pk": c.meeting.pk})
    with translation.override("de"):
        expected = translation.gettext(
            "Only the chair or the secretary of this meeting may do this.")
    assert not expected.startswith("Only")  # the catalogue has it in German
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
    assert page.status_code == 403
    assert expected in page.content.decode()


def test_a_member_not_present_learns_nothing_of_a_present_entry(held):
    c = held
    hidden = _entry(c, (2, "present"))  # the leaver left the room for Bravo
    client = factories.signed_in_client(c.leaver.user)
    slug, pk = c.network.slug, c.meeting.pk
    page = client.get(reverse("meetings:detail", kwargs={"network": slug, "pk": pk}))
    assert page.status_code == 200 and TEXTS[(2, "present")] not in page.content.decode()
    listed = client.get(f"/api/v1/n/{slug}/meetings/{pk}/minute-entries").json()
    assert hidden.pk not in {row["id"] for row in listed}
    # Editing it by id: not found, exactly like an id that does not exist.
    edit = client.put(f"/api/v1/n/{slug}/meetings/{pk}/minute-entries/{hidden.pk}",
                      data=json.dumps({"text": "x", "visibility": "network",
                                       "lock_version": 1}), content_type="application/json")
    assert edit.status_code == 404 and "rule" not in edit.json()
    with scope(network=c.network.pk):
        decision = policy.decide(c.leaver, "minute_entry.read", hidden, purpose="view")
    assert not decision.allowed and decision.rule == "explain.meetings.entry.present"
    assert decision.reason == "Only members present for this item may read it."


def test_a_guest_reads_nothing_of_another_item(held):
    c = held
    other = _entry(c, (3, "network"))  # Charlie: not the guest's item
    own = _entry(c, (1, "network"))
    with scope(network=c.network.pk):
        refused = policy.decide(c.guest, "minute_entry.read", other, purpose="guest")
        permitted = policy.decide(c.guest, "minute_entry.read", own, purpose="guest")
        lines = selectors.agenda_for(meeting=c.meeting, guest=c.guest)
        read = selectors.minute_entries_read(meeting=c.meeting, guest=c.guest)
    assert permitted.allowed and not refused.allowed
    assert refused.reason == "Guests read only the items they were invited to."
    assert [line.title for line in lines] == ["Alpha topic", "Other item", "Other item"]
    assert other.pk not in {entry.pk for entry in read} and own.pk in {e.pk for e in read}


def test_the_selector_records_the_read_of_a_present_entry_not_of_a_network_one(held):
    c = held
    present, shared = _entry(c, (1, "present")), _entry(c, (1, "network"))
    client = factories.signed_in_client(c.member.user)
    client.get(reverse("meetings:detail", kwargs={"network": c.network.slug,
                                                  "pk": c.meeting.pk}))
    with scope(network=c.network.pk):
        assert c.member.user.email in reads_of("meetings.minuteentry", present.pk)
        assert reads_of("meetings.minuteentry", shared.pk) == set()
        # Who did not read it is not among its readers.
        assert c.leaver.user.email not in reads_of("meetings.minuteentry", present.pk)


def test_the_selector_records_every_call_log_read(held):
    c = held
    with scope(network=c.network.pk):
        log = actions.call_log_create(membership=c.member, body=c.body,
                                      occurred_on=timezone.localdate(), topic="Kurzer Anruf",
                                      participants=[c.chair])
        assert reads_of("meetings.calllog", log.pk) == set()
        assert selectors.call_log_for(c.chair, log.pk) == log
        assert reads_of("meetings.calllog", log.pk) == {c.chair.user.email}
    client = factories.signed_in_client(c.secretary.user)
    page = client.get(reverse("meetings:calls", kwargs={"network": c.network.slug}))
    assert "Kurzer Anruf" in page.content.decode()
    with scope(network=c.network.pk):
        assert reads_of("meetings.calllog", log.pk) == {c.chair.user.email, c.secretary.user.email}
