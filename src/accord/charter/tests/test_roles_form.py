"""The roles chart's form: organisations and body roles are listed, named members typed."""

import pytest
from django.urls import reverse
from django_scopes import scope

from accord.charter.models import Responsibility
from accord.testing import factories
from accord.testing.html import scroll_region_caption


def url(name, **kwargs):
    return reverse(f"charter:{name}", kwargs={"network": "rheinstadt", **kwargs})


def _form(page: str) -> str:
    form = page[page.index('<form method="post" novalidate>'):]
    return form[:form.index("</form>")]


@pytest.fixture
def colleague(network_a):
    return factories.make_member(network_a, email="colleague@example.test")


def test_the_roles_form_lists_organisations_and_body_roles_but_no_member(
        coordinator_client, coordinator, member, colleague, steering_group):
    form = _form(coordinator_client.get(url("roles")).content.decode())
    assert f'value="org:{member.organisation_id}"' in form
    assert f'value="body:{steering_group.pk}:chair"' in form
    for person in (coordinator, member, colleague):
        assert f'value="member:{person.pk}"' not in form
        assert person.user.email not in form
    assert 'name="raci_R_members"' in form


def test_coordinator_names_responsible_members_by_e_mail(coordinator_client, network_a,
                                                          member, colleague):
    response = coordinator_client.post(url("roles"), {
        "task": "Kontaktstelle Polizei", "raci_R_members": "member@example.test, "
        "colleague@example.test", "raci_I": [f"org:{member.organisation_id}"]})
    assert response.status_code == 302
    with scope(network=network_a.pk):
        task = Responsibility.objects.get()
        parties = {(a.raci, a.party_key) for a in task.assignments.all()}
    assert parties == {("R", f"member:{member.pk}"), ("R", f"member:{colleague.pk}"),
                       ("I", f"org:{member.organisation_id}")}


def test_another_networks_member_cannot_be_named(coordinator_client, network_a, outsider):
    response = coordinator_client.post(url("roles"), {
        "task": "Kontaktstelle Polizei", "raci_A_members": "outsider@example.test"})
    assert response.status_code == 400
    assert "No active member of this network" in response.content.decode()
    with scope(network=network_a.pk):
        assert not Responsibility.objects.exists()


def test_editing_a_task_shows_its_named_member_by_name(coordinator_client, network_a, member):
    coordinator_client.post(url("roles"), {"task": "Protokoll",
                                           "raci_C_members": "member@example.test"})
    with scope(network=network_a.pk):
        task = Responsibility.objects.get()
    form = _form(coordinator_client.get(url("responsibility-edit", pk=task.pk))
                 .content.decode())
    assert f'value="{member.user.full_name}"' in form


def test_the_roles_table_scrolls_in_its_own_focusable_region(coordinator_client, coordinator,
                                                             network_a, member):
    coordinator_client.post(url("roles"), {"task": "Protokoll",
                                           "raci_R_members": "member@example.test"})
    page = coordinator_client.get(url("roles")).content.decode()
    assert scroll_region_caption(page).startswith("Who is responsible, accountable")
