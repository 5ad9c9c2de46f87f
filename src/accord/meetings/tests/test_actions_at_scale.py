"""Assigning an action in a network of thousands: the owner is typed (name or e-mail address),
so the "my actions" page does not list every member of the network."""

from django_scopes import scopes_disabled

from accord.meetings.models import ActionItem
from accord.testing import factories

ACTIONS = "/n/rheinstadt/meetings/actions/"


def _crowd(network, count: int) -> None:
    organisation = factories.make_organisation(network, name="Jugendamt West")
    for n in range(count):
        factories.make_member(network, organisation=organisation, user=factories.make_user(
            full_name=f"Crowd Person {n:03d}", email=f"crowd{n}@example.test"))


def _assign(client, body, owner: str):
    return client.post(ACTIONS, {"title": "Elternbrief entwerfen", "body": body.pk,
                                 "owner": owner})


def _owner_of_last_action():
    with scopes_disabled():
        return ActionItem.objects.order_by("-pk").values_list("owner_id", flat=True).first()


def test_my_actions_page_does_not_list_every_member_as_an_owner_choice(cast):
    client = factories.signed_in_client(cast.chair.user)
    _crowd(cast.network, 60)
    page = client.get(ACTIONS).content.decode()
    assert "Crowd Person 000" not in page
    assert '<input type="text" name="owner"' in page
    assert "Full name or e-mail address of a member; empty: you." in page


def test_an_action_is_assigned_by_the_owners_name_or_e_mail_address(cast):
    client = factories.signed_in_client(cast.chair.user)
    assert _assign(client, cast.body, "  secretary  ").status_code == 302  # names ignore case
    assert _owner_of_last_action() == cast.secretary.pk
    assert _assign(client, cast.body, "ADVISER@example.test").status_code == 302
    assert _owner_of_last_action() == cast.adviser.pk
    assert _assign(client, cast.body, "").status_code == 302  # empty: the one assigning
    assert _owner_of_last_action() == cast.chair.pk


def test_an_unknown_or_ambiguous_owner_is_a_clear_error_and_nothing_is_stored(cast, outsider):
    client = factories.signed_in_client(cast.chair.user)
    factories.make_member(cast.network, user=factories.make_user(full_name="Secretary"))
    with scopes_disabled():
        before = ActionItem.objects.count()
    ambiguous = _assign(client, cast.body, "Secretary")
    assert ambiguous.status_code == 400
    assert "Several members have that name" in ambiguous.content.decode()
    for owner in (outsider.user.email, str(outsider.pk), "9" * 40, "²", "<script>"):
        response = _assign(client, cast.body, owner)
        assert response.status_code == 400, owner
        assert "No active member of this network has that name" in response.content.decode()
    with scopes_disabled():
        assert ActionItem.objects.count() == before
