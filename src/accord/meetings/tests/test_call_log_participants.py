"""Call-log participants are typed, and only members of the call's body are accepted."""

import pytest
from django.urls import reverse
from django_scopes import scope

from accord.meetings.models import CallLog
from accord.testing import factories


@pytest.fixture
def case_body(network_a, coordinator, member):
    body = factories.make_body(network_a, name="Fallkonferenz")
    factories.add_to_body(body, coordinator)
    factories.add_to_body(body, member)
    return body


@pytest.fixture
def stranger_to_the_body(network_a):
    return factories.make_member(network_a, email="elsewhere@example.test")


def _url(network):
    return reverse("meetings:calls", kwargs={"network": network.slug})


def _post(client, network, body, participants):
    return client.post(_url(network), {
        "body": body.pk, "occurred_on": "2026-11-20", "participants": participants,
        "topic": "Rückfrage Jugendhilfe", "visibility": "network"})


def test_the_call_log_form_lists_no_member_of_the_network(coordinator_client, network_a,
                                                           case_body, stranger_to_the_body):
    page = coordinator_client.get(_url(network_a)).content.decode()
    assert 'name="participants"' in page
    assert "elsewhere@example.test" not in page
    assert stranger_to_the_body.user.full_name not in page
    form = page[page.index('<form method="post" novalidate>'):]
    form = form[:form.index("</form>")]
    assert form.count("<option") == 1 + 1  # the empty choice and the one body, no members


def test_coordinator_logs_a_call_with_a_body_member_typed_by_e_mail(
        coordinator_client, network_a, case_body, coordinator, member):
    response = _post(coordinator_client, network_a, case_body, "member@example.test")
    assert response.status_code == 302
    with scope(network=network_a.pk):
        log = CallLog.objects.get()
        assert set(log.participants.all()) == {coordinator, member}


def test_a_member_of_another_body_is_refused_as_participant(
        coordinator_client, network_a, case_body, stranger_to_the_body):
    response = _post(coordinator_client, network_a, case_body,
                     "member@example.test, elsewhere@example.test")
    assert response.status_code == 400
    assert "Not a member of Fallkonferenz" in response.content.decode()
    with scope(network=network_a.pk):
        assert not CallLog.objects.exists()


def test_another_networks_member_is_not_found(coordinator_client, network_a, case_body,
                                              outsider):
    response = _post(coordinator_client, network_a, case_body, "outsider@example.test")
    assert response.status_code == 400
    assert "No active member of this network" in response.content.decode()
    with scope(network=network_a.pk):
        assert not CallLog.objects.exists()
