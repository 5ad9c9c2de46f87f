"""A new member is offered the onboarding pack by e-mail as their membership starts, in their
language, with a link that opens the pack for them."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django_scopes import scope

from accord.charter.onboarding import onboarding_offer
from accord.tenancy import services as tenancy_services
from accord.tenancy.models import Role
from accord.testing import factories

PASSWORD = "a long and unusual passphrase 7"
ONBOARDING = f"{settings.ACCORD_BASE_URL}/n/rheinstadt/charter/onboarding/"


def _invite(coordinator, email: str, roles=(Role.MEMBER,)) -> str:
    with scope(network=coordinator.network_id):
        _invitation, token = tenancy_services.invitation_create(
            by=coordinator, email=email, full_name="Nora Neuhaus",
            organisation=coordinator.organisation, roles=list(roles))
    mail.outbox.clear()
    return token


def _onboarding_mails(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address] and "/charter/onboarding/" in m.body]


def test_the_onboarding_url_is_the_pack_page():
    assert reverse("charter:onboarding", kwargs={"network": "rheinstadt"}) \
        == "/n/rheinstadt/charter/onboarding/"


def test_a_new_account_gets_the_onboarding_pack_in_the_networks_language(
        coordinator, network_a, django_capture_on_commit_callbacks):
    token = _invite(coordinator, "nora@example.test")

    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(f"/invitations/{token}/", {
            "full_name": "Nora Neuhaus", "password1": PASSWORD, "password2": PASSWORD})

    assert response.status_code == 302
    [message] = _onboarding_mails("nora@example.test")
    assert network_a.default_language == "de"
    assert "Einarbeitungsmappe" in message.body  # "Onboarding pack", in German
    assert message.body.startswith("Guten Tag Nora Neuhaus,")
    links = re.findall(r"https?://\S+", message.body)
    assert links == [ONBOARDING, f"{ONBOARDING}pdf/"]
    assert "Netzwerk Rheinstadt" in message.subject


def test_an_existing_account_gets_it_in_their_own_language_and_the_link_opens_the_pack(
        coordinator, outsider, django_capture_on_commit_callbacks):
    outsider.user.language = "fr"
    outsider.user.save(update_fields=["language"])
    token = _invite(coordinator, outsider.user.email)
    client = factories.signed_in_client(outsider.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/invitations/{token}/")

    assert response.status_code == 302
    [message] = _onboarding_mails(outsider.user.email)
    assert "Dossier d'accueil" in message.body
    assert ONBOARDING in message.body
    page = client.get(ONBOARDING.removeprefix(settings.ACCORD_BASE_URL))
    assert page.status_code == 200


def test_nothing_is_sent_when_the_join_is_refused(coordinator, member,
                                                  django_capture_on_commit_callbacks):
    token = _invite(coordinator, "someone.else@example.test")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        tenancy_services.invitation_accept(token=token, user=member.user)
    assert not mail.outbox


def test_somebody_who_may_not_read_the_charter_is_not_sent_a_link_that_would_not_open(
        network_a, monkeypatch):
    sent = []
    monkeypatch.setattr("accord.charter.onboarding.mail_send", lambda **kw: sent.append(kw))
    with scope(network=network_a.pk):
        nobody = factories.make_member(network_a, roles=(), email="roleless@example.test")
        reader = factories.make_member(network_a, roles=(Role.OBSERVER,),
                                       email="reader@example.test")
        assert onboarding_offer(membership=nobody) is False
        assert onboarding_offer(membership=reader) is True
    assert [m["to"] for m in sent] == ["reader@example.test"]
