import json
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django_scopes import scope
from icalendar import Calendar

from accord.meetings.models import AgendaItem, BallotCast, MinuteEntry, SecretTally, Vote
from accord.meetings.services import agenda, decisions, minutes
from accord.meetings.services import meetings as meeting_services
from accord.meetings.services.attendance import attendance_set, item_presence_set
from accord.meetings.tests.conftest import schedule
from accord.testing import factories


def url(c, name, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"network": c.network.slug, **kwargs})


def post_json(client, path, body, method="post"):
    return getattr(client, method)(path, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def upcoming(cast):
    with scope(network=cast.network.pk):
        cast.meeting = schedule(cast, hours=48, title="Lenkungskreis April")
        agenda.agenda_item_create(membership=cast.chair, meeting=cast.meeting, title="Lagebild")
        agenda.agenda_item_create(membership=cast.chair, meeting=cast.meeting,
                                  title="Fall RS-2026-014", kind="case", confidential=True,
                                  case=factories.make_case(cast.meeting.network, "RS-2026-014"))
    return cast


def test_publishing_mails_each_participant_an_ics_a_calendar_parses(upcoming):
    c = upcoming
    client = factories.signed_in_client(c.chair.user)
    with c.on_commit(execute=True):
        assert client.post(url(c, "publish", pk=c.meeting.pk)).status_code == 302
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert "member@example.test" in recipients and "leaver@example.test" in recipients
    message = next(m for m in mail.outbox if m.to == ["member@example.test"])
    _name, content, mimetype = message.attachments[0]
    calendar = Calendar.from_ical(content)
    event = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "REQUEST" and mimetype.startswith("text/calendar")
    assert str(event["UID"]) == c.meeting.ics_uid()
    assert int(event["SEQUENCE"]) == 0
    assert "RS-2026-014" not in content and "RS-2026-014" not in message.body
    assert "Confidential item" in message.body

    mail.outbox.clear()
    with scope(network=c.network.pk), c.on_commit(execute=True):
        c.meeting.refresh_from_db()
        meeting_services.meeting_update(membership=c.chair, meeting=c.meeting,
                                        starts_at=c.meeting.starts_at + timedelta(hours=1),
                                        ends_at=c.meeting.ends_at + timedelta(hours=1))
    updated = Calendar.from_ical(mail.outbox[0].attachments[0][1]).walk("VEVENT")[0]
    assert str(updated["UID"]) == c.meeting.ics_uid() and int(updated["SEQUENCE"]) == 1

    mail.outbox.clear()
    with scope(network=c.network.pk), c.on_commit(execute=True):
        meeting_services.meeting_cancel(membership=c.chair, meeting=c.meeting)
    cancelled = Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert cancelled["METHOD"] == "CANCEL" and int(cancelled.walk("VEVENT")[0]["SEQUENCE"]) == 2


def test_reversed_and_overlapping_times_are_clear_form_errors(upcoming):
    c = upcoming
    client = factories.signed_in_client(c.chair.user)
    start = c.meeting.starts_at.astimezone(ZoneInfo("Europe/Berlin"))
    fmt = "%Y-%m-%dT%H:%M"
    reversed_ = client.post(url(c, "create"), {
        "body": c.body.pk, "title": "Rückwärts", "starts_at": start.strftime(fmt),
        "ends_at": (start - timedelta(hours=1)).strftime(fmt)})
    assert reversed_.status_code == 400
    assert "The end must be after the start." in reversed_.content.decode()
    overlapping = client.post(url(c, "create"), {
        "body": c.body.pk, "title": "Doppelt", "starts_at": start.strftime(fmt),
        "ends_at": (start + timedelta(minutes=30)).strftime(fmt)})
    assert overlapping.status_code == 400
    assert "This body already meets at that time" in overlapping.content.decode()
    with scope(network=c.network.pk):
        assert not c.meeting.body.meetings.filter(title__in=["Rückwärts", "Doppelt"]).exists()


def test_agenda_edits_after_approval_are_refused(held):
    c = held
    client = factories.signed_in_client(c.chair.user)
    response = client.post(url(c, "agenda", pk=c.meeting.pk), {
        "title": "Late item", "kind": "topic", "time_box_minutes": 10})
    assert response.status_code == 409
    assert "can no longer change" in response.content.decode()
    api = post_json(client, f"/api/v1/n/{c.network.slug}/meetings/{c.meeting.pk}/agenda-items",
                    {"title": "Late item"})
    assert api.status_code == 409
    with scope(network=c.network.pk):
        assert not AgendaItem.objects.filter(title="Late item").exists()


def test_presence_is_frozen_and_approved_entries_immutable(held):
    c = held
    client = factories.signed_in_client(c.secretary.user)
    with scope(network=c.network.pk):
        entry = MinuteEntry.objects.filter(item=c.items[0]).first()
    response = client.post(url(c, "entry-edit", pk=c.meeting.pk, entry_id=entry.pk), {
        "text": "changed", "visibility": "network", "lock_version": entry.lock_version})
    assert response.status_code == 409
    response = client.post(url(c, "attendance", pk=c.meeting.pk), {})
    assert response.status_code == 409
    # Corrections are addenda with their own approval.
    client.post(url(c, "addendum", pk=c.meeting.pk, entry_id=entry.pk),
                {"text": "Correction", "visibility": "network"})
    with scope(network=c.network.pk):
        entry.refresh_from_db()
        addendum = MinuteEntry.objects.get(addendum_of=entry)
    assert entry.text != "changed" and addendum.status == "draft"
    client.post(url(c, "addendum-approve", pk=c.meeting.pk, entry_id=addendum.pk))
    with scope(network=c.network.pk):
        addendum.refresh_from_db()
    assert addendum.status == "approved"


def test_two_editors_never_overwrite_each_other(cast):
    c = cast
    with scope(network=c.network.pk):
        c.meeting = schedule(c)
        item = agenda.agenda_item_create(membership=c.chair, meeting=c.meeting, title="Alpha")
        entry = minutes.minute_entry_create(membership=c.secretary, item=item,
                                            text="First draft", visibility="network")
    chair, secretary = (factories.signed_in_client(m.user) for m in (c.chair, c.secretary))
    edit = url(c, "entry-edit", pk=c.meeting.pk, entry_id=entry.pk)
    assert chair.post(edit, {"text": "Chair's text", "visibility": "network",
                             "lock_version": 1}).status_code == 302
    conflict = secretary.post(edit, {"text": "Secretary's text", "visibility": "present",
                                     "lock_version": 1})
    html = conflict.content.decode()
    assert conflict.status_code == 409
    assert "Chair&#x27;s text" in html and "Secretary&#x27;s text" in html
    with scope(network=c.network.pk):
        entry.refresh_from_db()
    assert entry.text == "Chair's text" and entry.lock_version == 2
    api = post_json(secretary, f"/api/v1/n/{c.network.slug}/meetings/{c.meeting.pk}"
                    f"/minute-entries/{entry.pk}",
                    {"text": "Stale", "visibility": "network", "lock_version": 1}, method="put")
    assert api.status_code == 409 and api.json()["errors"][0]["current_text"] == "Chair's text"


@pytest.fixture
def vote(held):
    with scope(network=held.network.pk):
        held.next = schedule(held, hours=72, title="Fallkonferenz Mai")
        item = agenda.agenda_item_create(membership=held.chair, meeting=held.next,
                                         title="Träger wechseln?", kind="decision")
        held.decision = decisions.decision_create(
            membership=held.chair, body=held.body, item=item, title="Trägerwechsel",
            motion="Die Begleitung geht an Lichtblick über.", procedure="simple_majority")
        # Only voting members present for the item vote (issue 8).
        item_presence_set(membership=held.chair, item=item,
                          members=[held.chair, held.secretary, held.member, held.leaver,
                                   held.adviser])
    return held


def test_majority_vote_with_dissent_and_every_refusal(vote):
    c = vote
    api = f"/api/v1/n/{c.network.slug}/decisions/{c.decision.pk}"
    clients = {n: factories.signed_in_client(getattr(c, n).user)
               for n in ("chair", "secretary", "member", "leaver", "adviser")}
    assert post_json(clients["chair"], f"{api}/votes", {"choice": "yes"}).status_code == 201
    assert post_json(clients["member"], f"{api}/votes", {"choice": "yes"}).status_code == 201
    assert post_json(clients["leaver"], f"{api}/votes", {"choice": "no"}).status_code == 201
    # double vote, non-voting member
    assert post_json(clients["member"], f"{api}/votes", {"choice": "no"}).status_code == 409
    assert post_json(clients["adviser"], f"{api}/votes", {"choice": "yes"}).status_code == 403
    page = clients["adviser"].post(url(c, "vote", pk=c.decision.pk), {"choice": "yes"})
    assert page.status_code == 403
    # the quorum counts the voting members present for the item
    closed = post_json(clients["chair"], f"{api}/close",
                       {"rationale": "Continuity", "dissent": "Leaver: too early"})
    assert closed.status_code == 200
    assert closed.json()["outcome"] == "adopted" and closed.json()["tally"]["no"] == 1
    # after close
    assert post_json(clients["secretary"], f"{api}/votes", {"choice": "no"}).status_code == 409
    with scope(network=c.network.pk):
        assert Vote.objects.filter(decision=c.decision).count() == 3
    register = clients["member"].get(url(c, "decisions") + "?outcome=adopted")
    assert "Trägerwechsel" in register.content.decode()


def test_a_secret_vote_stores_no_link_from_voter_to_choice(vote):
    c = vote
    with scope(network=c.network.pk):
        secret = decisions.decision_create(
            membership=c.chair, body=c.body, meeting=c.next, title="Geheim",
            motion="Geheime Abstimmung", procedure="qualified_majority", vote_mode="secret")
        attendance_set(membership=c.chair, meeting=c.next, person=c.member, status="present")
        decisions.vote_cast(membership=c.member, decision=secret, choice="no")
        ballot_fields = {f.name for f in BallotCast._meta.get_fields()}
        choice_fields = {f.name for f in SecretTally._meta.get_fields()}
        assert "choice" not in ballot_fields
        assert not {"voter", "cast_at", "created_at"} & choice_fields
        assert BallotCast.objects.filter(decision=secret, voter=c.member).exists()
        assert dict(SecretTally.objects.filter(decision=secret)
                    .values_list("choice", "count")) == {"yes": 0, "no": 1, "abstain": 0}
        assert not Vote.objects.filter(decision=secret).exists()


@pytest.mark.parametrize("path", ["detail", "pdf", "agenda", "attendance", "edit", "guests"])
def test_outsider_and_unseated_observer_get_404(held, outsider, path):
    c = held
    target = url(c, path, pk=c.meeting.pk)
    assert factories.signed_in_client(outsider.user).get(target).status_code == 404
    assert factories.signed_in_client(c.observer.user).get(target).status_code == 404


def test_outsider_gets_404_for_decisions_and_api(vote, outsider):
    c = vote
    client = factories.signed_in_client(outsider.user)
    assert client.get(url(c, "decision", pk=c.decision.pk)).status_code == 404
    assert client.get(f"/api/v1/n/{c.network.slug}/meetings").status_code == 404
    # Their own network does not know our ids either.
    theirs = f"/api/v1/n/{outsider.network.slug}"
    assert client.get(f"{theirs}/meetings/{c.meeting.pk}").status_code == 404
    assert client.get(f"{theirs}/decisions/{c.decision.pk}").status_code == 404


def test_after_voting_the_page_says_so_and_offers_no_second_ballot(vote):
    c = vote
    member = factories.signed_in_client(c.member.user)
    before = member.get(url(c, "decision", pk=c.decision.pk)).content.decode()
    assert 'name="choice"' in before and "You have voted" not in before

    voted = member.post(url(c, "vote", pk=c.decision.pk), {"choice": "yes"})
    assert voted.status_code in (200, 302)

    after = member.get(url(c, "decision", pk=c.decision.pk)).content.decode()
    assert "You have voted. Thank you." in after
    assert 'name="choice"' not in after
