"""Secret ballots stay secret (issue 8, Deliver 1): while the vote is open nobody sees a tally
or who voted, only how many did; each voter sees that they voted; the tally shows once the
vote closes; nothing stored pairs a voter with a choice."""

import json

import pytest
from django.db import connection
from django.urls import reverse
from django_scopes import scope

from accord.audit.models import AuditEvent
from accord.meetings.models import BallotCast, SecretTally, Vote
from accord.meetings.services import agenda, attendance, decisions
from accord.meetings.tests.conftest import schedule
from accord.testing import factories


@pytest.fixture
def ballot(cast):
    """A case conference in session; everyone with a vote is in the room for the item."""
    c = cast
    with scope(network=c.network.pk):
        c.meeting = schedule(c, hours=-1)
        c.item = agenda.agenda_item_create(membership=c.chair, meeting=c.meeting,
                                           title="Träger wechseln?", kind="decision")
        agenda.agenda_publish(membership=c.chair, meeting=c.meeting)
        c.voters = [c.chair, c.secretary, c.member, c.leaver]
        attendance.item_presence_set(membership=c.secretary, item=c.item,
                                     members=[*c.voters, c.adviser])
        c.decision = decisions.decision_create(
            membership=c.chair, body=c.body, item=c.item, title="Trägerwechsel",
            motion="Die Begleitung geht an Lichtblick über.", procedure="simple_majority",
            vote_mode="secret")
    c.api = f"/api/v1/n/{c.network.slug}/decisions/{c.decision.pk}"
    c.page = reverse("meetings:decision", kwargs={"network": c.network.slug,
                                                 "pk": c.decision.pk})
    return c


def votes_section(html: str) -> str:
    return html.split("<h2>Votes</h2>", 1)[1]


def test_with_one_ballot_cast_nobody_sees_who_voted_or_how(ballot):
    c = ballot
    koen = factories.signed_in_client(c.member.user)
    assert koen.post(reverse("meetings:vote", kwargs={"network": c.network.slug,
                                                     "pk": c.decision.pk}),
                     {"choice": "no"}).status_code == 302
    for reader in (c.member, c.chair, c.adviser):
        html = factories.signed_in_client(reader.user).get(c.page).content.decode()
        votes = votes_section(html)
        assert "1 vote cast." in votes
        assert "the tally shows when the vote closes" in votes
        assert "No: 1" not in html and "Yes: 0" not in html
        assert c.member.user.full_name not in votes
        assert ("You have voted. Thank you." in html) == (reader == c.member)
        answer = factories.signed_in_client(reader.user).get(c.api).json()
        assert answer["tally"] is None and answer["votes_cast"] == 1
        assert answer["you_voted"] is (reader == c.member)
        assert answer["quorum_present"] == 4 and answer["quorum_needed"] == 3
        register = factories.signed_in_client(reader.user).get(
            f"/api/v1/n/{c.network.slug}/decisions").json()
        row = next(d for d in register["items"] if d["id"] == c.decision.pk)
        assert row["tally"] is None and row["votes_cast"] == 1


def test_the_tally_shows_on_the_page_and_in_the_api_once_the_vote_closes(ballot):
    c = ballot
    with scope(network=c.network.pk):
        for voter, choice in zip(c.voters, ("yes", "yes", "no", "abstain"), strict=True):
            decisions.vote_cast(membership=voter, decision=c.decision, choice=choice)
    chair = factories.signed_in_client(c.chair.user)
    closed = chair.post(f"{c.api}/close", data=json.dumps({}), content_type="application/json")
    assert closed.status_code == 200
    assert closed.json()["tally"] == {"yes": 2, "no": 1, "abstain": 1}
    assert closed.json()["outcome"] == "adopted" and closed.json()["outcome_label"] == "Adopted"
    html = factories.signed_in_client(c.adviser.user).get(c.page).content.decode()
    assert "Yes: 2 · No: 1 · Abstain: 1" in html
    # Even closed, a secret vote never lists who took part.
    assert not any(v.user.full_name in votes_section(html) for v in c.voters)


def test_nothing_stored_pairs_a_secret_voter_with_a_choice(ballot):
    c = ballot
    with scope(network=c.network.pk):
        counters = dict(SecretTally.objects.filter(decision=c.decision)
                        .values_list("choice", "pk"))
        assert set(counters) == {"yes", "no", "abstain"}  # there before anyone votes
        for voter, choice in zip(c.voters, ("no", "yes", "yes", "abstain"), strict=True):
            decisions.vote_cast(membership=voter, decision=c.decision, choice=choice)
            # No row is born with a ballot, so no insertion order, id or time follows the
            # voters' order; the counters themselves stay the same rows.
            assert dict(SecretTally.objects.filter(decision=c.decision)
                        .values_list("choice", "pk")) == counters
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT DISTINCT xmin::text FROM meetings_secrettally "
                                   "WHERE decision_id = %s", [c.decision.pk])
                    # All three rewritten by the ballot's transaction: xmin names no choice.
                    assert len(cursor.fetchall()) == 1
        assert dict(SecretTally.objects.filter(decision=c.decision)
                    .values_list("choice", "count")) == {"yes": 2, "no": 1, "abstain": 1}
        assert BallotCast.objects.filter(decision=c.decision).count() == 4
        assert not Vote.objects.filter(decision=c.decision).exists()
        stored = {f.name for f in SecretTally._meta.get_fields()}
        assert not {"voter", "cast_at", "created_at", "ballot"} & stored
        cast_events = AuditEvent.objects.filter(action="decision.vote_cast",
                                                object_id=str(c.decision.pk))
        assert cast_events.count() == 4
        assert all("choice" not in (e.summary or {}) for e in cast_events)
        assert not any(word in json.dumps(e.summary) for e in cast_events
                       for word in ('"yes"', '"no"', '"abstain"'))


def test_a_named_vote_may_show_who_voted_what_while_open(ballot):
    c = ballot
    with scope(network=c.network.pk):
        named = decisions.decision_create(
            membership=c.chair, body=c.body, item=c.item, title="Offen", motion="Offene Frage",
            procedure="simple_majority", vote_mode="named")
        decisions.vote_cast(membership=c.member, decision=named, choice="no")
    html = factories.signed_in_client(c.adviser.user).get(reverse(
        "meetings:decision", kwargs={"network": c.network.slug, "pk": named.pk})).content.decode()
    assert "Yes: 0 · No: 1 · Abstain: 0" in html
    assert c.member.user.full_name in votes_section(html)
