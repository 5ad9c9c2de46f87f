import pytest

from accord.charter import services
from accord.charter.raci import role_flags
from accord.charter.selectors import responsibilities
from accord.tenancy.models import BodyRole
from accord.testing import factories

pytestmark = pytest.mark.usefixtures("in_a")


def _flags(network):
    return role_flags(list(responsibilities(network=network)), network=network)


def test_a_task_with_nobody_responsible_is_flagged(coordinator, network_a):
    services.responsibility_create(membership=coordinator, task="Keep the minutes",
                                   assignments=[{"raci": "I",
                                                 "party": f"member:{coordinator.pk}"}])
    assert [t.task for t in _flags(network_a).nobody_responsible] == ["Keep the minutes"]


def test_a_task_on_one_person_without_deputy_is_flagged_until_a_deputy_is_named(
        coordinator, member, network_a):
    task = services.responsibility_create(
        membership=coordinator, task="Contact point for the police",
        assignments=[{"raci": "R", "party": f"member:{member.pk}"}])
    assert [t.task for t in _flags(network_a).single_person] == ["Contact point for the police"]
    services.responsibility_update(membership=coordinator, responsibility=task,
                                   deputy=coordinator)
    assert _flags(network_a).single_person == []


def test_a_body_role_held_by_one_person_counts_as_one_person(coordinator, chair,
                                                             steering_group, network_a):
    services.responsibility_create(
        membership=coordinator, task="Chair the steering group",
        assignments=[{"raci": "R", "party": f"body:{steering_group.pk}:{BodyRole.CHAIR}"}])
    assert len(_flags(network_a).single_person) == 1


def test_an_organisation_responsible_is_not_a_single_person(coordinator, network_a):
    services.responsibility_create(
        membership=coordinator, task="Screen new signals",
        assignments=[{"raci": "R", "party": f"org:{coordinator.organisation_id}"}])
    assert not _flags(network_a).any


def test_a_party_carrying_far_more_than_the_others_is_flagged(coordinator, member, network_a):
    others = [factories.make_organisation(network_a) for _ in range(3)]
    for i in range(5):
        services.responsibility_create(
            membership=coordinator, task=f"Task {i}",
            assignments=[{"raci": "R", "party": f"org:{coordinator.organisation_id}"}])
    for i, org in enumerate(others):
        services.responsibility_create(membership=coordinator, task=f"Other {i}",
                                       assignments=[{"raci": "R", "party": f"org:{org.pk}"}])
    assert _flags(network_a).overloaded == [("Stadt Rheinstadt", 5)]


def test_a_party_of_another_network_is_refused(coordinator, outsider):
    from django.core.exceptions import ValidationError
    with pytest.raises(ValidationError):
        services.responsibility_create(
            membership=coordinator, task="x",
            assignments=[{"raci": "R", "party": f"org:{outsider.organisation_id}"}])
