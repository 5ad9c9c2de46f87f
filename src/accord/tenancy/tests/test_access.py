"""Who reaches which tenancy page: every route of tenancy/urls.py, read from the URL
configuration so that a new route joins the checks by itself."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from accord.tenancy import urls as tenancy_urlconf
from accord.tenancy.models import Invitation
from accord.testing import factories


@pytest.fixture
def objects_a(network_a, coordinator, member):
    """One object of each kind in network A, to fill the routes' ids."""
    body = factories.make_body(network_a)
    seat = factories.add_to_body(body, member)
    with scopes_disabled():
        invitation = Invitation.objects.create(
            network=network_a, email="someone@example.test", organisation=member.organisation,
            roles=["member"], token_hash="a" * 64, invited_by=coordinator,
            expires_at=timezone.now() + timedelta(days=7))
    return {"member": member, "organisation": member.organisation, "body": body, "seat": seat,
            "invitation": invitation}


@pytest.fixture
def objects_b(network_b, outsider):
    body = factories.make_body(network_b)
    seat = factories.add_to_body(body, outsider)
    with scopes_disabled():
        invitation = Invitation.objects.create(
            network=network_b, email="elsewhere@example.test", organisation=outsider.organisation,
            roles=["member"], token_hash="b" * 64, invited_by=outsider,
            expires_at=timezone.now() + timedelta(days=7))
    return {"member": outsider, "organisation": outsider.organisation, "body": body,
            "seat": seat, "invitation": invitation}


def _object_for(name: str, objects: dict):
    if name == "invitation-revoke":
        return objects["invitation"]
    if name.startswith("member"):
        return objects["member"]
    if name.startswith("organisation"):
        return objects["organisation"]
    return objects["body"]


def tenancy_urls(objects: dict, *, names=None) -> dict[str, str]:
    """Every tenancy route (or those in `names`) by name, with ids of `objects` filled in."""
    urls = {}
    for pattern in tenancy_urlconf.urlpatterns:
        if names is not None and pattern.name not in names:
            continue
        converters = pattern.pattern.converters
        kwargs = {"network": "rheinstadt"}
        if "pk" in converters:
            kwargs["pk"] = _object_for(pattern.name, objects).pk
        if "seat" in converters:
            kwargs["seat"] = objects["seat"].pk
        urls[pattern.name] = reverse(f"tenancy:{pattern.name}", kwargs=kwargs)
    return urls


def test_outsider_gets_404_for_every_tenancy_page(outsider_client, objects_a):
    for url in tenancy_urls(objects_a).values():
        assert outsider_client.get(url).status_code == 404, url
        assert outsider_client.post(url, {"name": "x"}).status_code == 404, url


def test_a_forged_network_slug_is_404(coordinator_client):
    assert coordinator_client.get("/n/no-such-network/").status_code == 404
    assert coordinator_client.get("/n/no-such-network/members/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(objects_a):
    for url in tenancy_urls(objects_a).values():
        response = Client().get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/sign-in/"), url


def test_another_networks_ids_are_404_for_a_coordinator(coordinator_client, objects_a,
                                                        objects_b):
    own = set(tenancy_urls(objects_a).values())
    foreign = set(tenancy_urls(objects_b).values()) - own
    assert len(foreign) >= 10  # every route that takes an id
    for url in sorted(foreign):
        assert coordinator_client.get(url).status_code in (404, 405), url
        response = coordinator_client.post(url, {"name": "x", "kind": "strategic",
                                                 "sector": "other", "roles": ["member"]})
        assert response.status_code == 404, url
    with scopes_disabled():
        assert Invitation.objects.get(pk=objects_b["invitation"].pk).revoked_at is None
        assert objects_b["body"].__class__.objects.get(pk=objects_b["body"].pk).name != "x"


def test_member_reads_the_network_pages(member_client, objects_a):
    readable = {"home", "members", "member", "organisations", "bodies", "body"}
    for name, url in tenancy_urls(objects_a).items():
        expected = 200 if name in readable else (403, 405)
        status = member_client.get(url).status_code
        assert status == expected if name in readable else status in expected, url
