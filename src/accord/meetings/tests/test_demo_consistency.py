"""The demo tells one consistent story (issue 8, smaller things): every decision's text,
tally, present voters and date agree. Outside testing found decision 4 saying "one vote
against" over a 7-0-0 tally, dated after its meeting, and 7 votes from 6 members present."""

from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_scopes import scopes_disabled

from accord.meetings.demo import TEXTS
from accord.meetings.models import Decision, ItemPresence
from accord.meetings.services import decisions

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One load of the whole demo for the module, rolled back at its end."""
    with django_db_blocker.unblock(), override_settings(ACCORD_ENV="dev"), transaction.atomic():
        call_command("demo", stdout=StringIO())
        with scopes_disabled():
            yield list(Decision.objects.select_related("meeting", "network", "item")
                       .order_by("pk"))
        transaction.set_rollback(True)
    ContentType.objects.clear_cache()


def taken(demo):
    return [d for d in demo if d.outcome != "pending"]


def test_the_demo_has_decisions_in_meetings_with_votes_and_dissent(demo):
    assert any(d.has_vote and d.dissent for d in demo)
    assert all(d.meeting is not None for d in taken(demo))


def test_the_open_vote_is_secret_by_written_procedure_and_shows_no_tally(demo):
    open_votes = [d for d in demo if d.outcome == "pending"]
    assert open_votes, "the demo shows an open secret vote"
    with scopes_disabled():
        for d in open_votes:
            assert d.meeting is None and d.vote_mode == "secret" and d.voting_open, d
            facts = decisions.vote_facts(d)
            assert facts.votes_cast == 1, d
            assert decisions.tally_hidden(d), d


def test_no_decision_counts_more_votes_than_voting_members_present(demo):
    with scopes_disabled():
        for d in (d for d in demo if d.has_vote):
            facts = decisions.vote_facts(d)
            assert facts.votes_cast <= facts.quorum_present, d
            # Each voter was in the room for the item.
            voters = set(d.votes.values_list("voter_id", flat=True))
            room = set(ItemPresence.objects.filter(item=d.item)
                       .values_list("membership_id", flat=True))
            assert voters <= room, d


def test_every_decision_is_dated_on_its_meetings_day(demo):
    for d in taken(demo):
        zone = ZoneInfo(d.network.time_zone)
        assert d.decided_at is not None, d
        assert (timezone.localdate(d.decided_at, zone)
                == timezone.localdate(d.meeting.starts_at, zone)), d
        assert d.meeting.starts_at <= d.decided_at <= d.meeting.ends_at, d


def test_the_stated_dissent_matches_the_tally(demo):
    one_against = {texts["dissent"] for texts in TEXTS.values()}
    with scopes_disabled():
        for d in taken(demo):
            if not d.has_vote:
                assert not d.dissent, d
                continue
            tally = decisions.tally(d)
            if d.dissent:
                # Every demo dissent says "one vote against".
                assert d.dissent in one_against and tally["no"] == 1, (d, tally)
            else:
                assert tally["no"] == 0, (d, tally)
            assert d.outcome == ("adopted" if tally["yes"] > tally["no"] else "rejected"), d
