"""Who the simulated members are and what each may write, chosen so no two of them write the
same row: then "every write answered 2xx is in the database" can be checked exactly."""

import random
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count
from django.test import Client
from django_scopes import scopes_disabled

from accord.api.services import api_token_create
from accord.meetings.models import (
    ActionItem,
    ActionStatus,
    BallotCast,
    Decision,
    Meeting,
    MeetingState,
    MinuteEntry,
    MinuteStatus,
    Visibility,
    Vote,
)
from accord.tenancy.models import BodyMembership, Membership, Network
from accord.testing.factories import pass_both_factors


@dataclass
class VirtualUser:
    membership_id: int
    token: str
    session_cookie: str
    reads: list[str]
    entries: list[list] = field(default_factory=list)  # [meeting_id, entry_id, lock_version]
    actions: list[int] = field(default_factory=list)
    open_votes: list[int] = field(default_factory=list)


def largest_network() -> Network:
    with scopes_disabled():
        return (Network.objects.annotate(n=Count("memberships")).order_by("-n", "pk").first())


def plan_users(*, count: int, seed: int = 7) -> tuple[Network, list[VirtualUser]]:
    """`count` members of the largest network, voters and officers first, each signed in
    (a session past both factors, and an API token created through the API service)."""
    rng = random.Random(seed)  # noqa: S311 - choosing test users, not secrets
    network = largest_network()
    with scopes_disabled():
        held = list(Meeting.objects.filter(network=network, state=MeetingState.HELD)
                    .values_list("pk", "secretary_id", "chair_id"))
        open_decisions = list(Decision.objects.filter(network=network, voting_open=True)
                              .values_list("pk", "body_id"))
        voters = {}
        # Who voted already (in the seed or an earlier load test) would be refused (409):
        # only votes not cast yet are planned, so the test can run again on the same data.
        cast = set(Vote.objects.filter(decision_id__in=[d for d, _ in open_decisions])
                   .values_list("decision_id", "voter_id"))
        cast |= set(BallotCast.objects.filter(decision_id__in=[d for d, _ in open_decisions])
                    .values_list("decision_id", "voter_id"))
        for decision_id, body_id in open_decisions:
            for member in BodyMembership.objects.filter(body_id=body_id, voting_right=True) \
                    .values_list("membership_id", flat=True):
                if (decision_id, member) not in cast:
                    voters.setdefault(member, []).append(decision_id)
        officers = [m for _, s, c in held for m in (s, c) if m]
        # Voters first: the open votes are few, the minutes to edit many.
        ordered = list(dict.fromkeys([*voters, *officers]))
        others = list(Membership.objects.filter(network=network, roles__contains=["member"])
                      .values_list("pk", flat=True).order_by("pk"))
        rng.shuffle(others)
        chosen = list(dict.fromkeys([*ordered, *others]))[:count]
        users = [_sign_in(network, pk) for pk in chosen]
    by_id = {u.membership_id: u for u in users}
    _assign_entries(network, held, by_id)
    _assign_actions(network, by_id)
    for user in users:
        user.open_votes = list(voters.get(user.membership_id, []))
        user.reads = _reads(network, user, held)
    return network, users


def _sign_in(network: Network, membership_id: int) -> VirtualUser:
    membership = Membership.objects.select_related("user", "network").get(pk=membership_id)
    _, raw = api_token_create(membership=membership, name="load test", days=1)
    client = pass_both_factors(Client(), membership.user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    return VirtualUser(membership_id=membership_id, token=raw, session_cookie=cookie, reads=[])


def _assign_entries(network, held, by_id) -> None:
    """Each draft entry of a held meeting goes to one officer of that meeting in the test."""
    with scopes_disabled():
        for meeting_id, secretary, chair in held:
            owner = by_id.get(secretary) or by_id.get(chair)
            if owner is None:
                continue
            for entry_id, version in (MinuteEntry.objects.filter(
                    item__meeting_id=meeting_id, status=MinuteStatus.DRAFT)
                    .exclude(visibility=Visibility.NOT_RECORDED)
                    .values_list("pk", "lock_version")):
                owner.entries.append([meeting_id, entry_id, version])


def _assign_actions(network, by_id) -> None:
    with scopes_disabled():
        for action_id, owner in (ActionItem.objects.filter(
                network=network, owner_id__in=list(by_id),
                status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS])
                .values_list("pk", "owner_id")):
            by_id[owner].actions.append(action_id)


def _reads(network, user: VirtualUser, held) -> list[str]:
    n, api = f"/n/{network.slug}", f"/api/v1/n/{network.slug}"
    reads = [f"{n}/", f"{n}/meetings/", f"{n}/meetings/decisions/", f"{n}/meetings/actions/",
             f"{n}/members/", f"{n}/charter/documents/", f"{api}/meetings", f"{api}/decisions",
             f"{api}/action-items", f"{api}/members", f"{api}/bodies",
             f"{api}/charter-documents"]
    for meeting_id in {e[0] for e in user.entries}:
        reads += [f"{n}/meetings/{meeting_id}/", f"{api}/meetings/{meeting_id}/minute-entries"]
    return reads
