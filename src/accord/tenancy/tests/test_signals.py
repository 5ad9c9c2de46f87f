"""What tenancy tells the apps built on it (tenancy/signals.py), without importing them."""

from django_scopes import scopes_disabled

from accord.tenancy.models import Membership
from accord.tenancy.signals import membership_ended
from accord.tenancy.tests.conftest import events


def test_a_receiver_of_membership_ended_sees_the_member_and_its_counts_reach_the_trail(
        coordinator_client, coordinator, member):
    seen = []

    def open_handover(sender, *, membership, by, **kwargs):
        seen.append((membership.pk, by.pk, membership.active_until is not None))
        return {"handovers_opened": 2}

    membership_ended.connect(open_handover, dispatch_uid="test.handover")
    try:
        response = coordinator_client.post(f"/n/rheinstadt/members/{member.pk}/end/")
    finally:
        membership_ended.disconnect(dispatch_uid="test.handover")

    assert response.status_code == 302
    assert seen == [(member.pk, coordinator.pk, True)]
    [event] = events("membership.ended")
    assert event.summary["handovers_opened"] == 2
    assert event.summary["api_tokens_revoked"] == 0


def test_a_receiver_that_fails_undoes_the_whole_ending(coordinator_client, member):
    def broken(sender, **kwargs):
        raise RuntimeError("handover store unavailable")

    membership_ended.connect(broken, dispatch_uid="test.broken")
    try:
        coordinator_client.raise_request_exception = False
        response = coordinator_client.post(f"/n/rheinstadt/members/{member.pk}/end/")
    finally:
        membership_ended.disconnect(dispatch_uid="test.broken")

    assert response.status_code == 500
    with scopes_disabled():
        assert Membership.objects.get(pk=member.pk).active_until is None
    assert events("membership.ended") == []
