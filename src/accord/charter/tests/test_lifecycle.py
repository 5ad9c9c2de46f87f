from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from accord.audit.models import AuditEvent
from accord.charter import services
from accord.charter.models import CharterVersion, VersionStatus
from accord.charter.tests.helpers import adopted_document
from accord.policy import Denied

pytestmark = pytest.mark.usefixtures("in_a")


def test_coordinator_walks_a_document_from_draft_to_adopted_and_the_old_text_is_superseded(
        coordinator, steering_group):
    first = adopted_document(coordinator, steering_group)
    draft = services.version_draft(membership=coordinator, document=first.document)
    assert draft.number == 2 and draft.body == first.body and draft.status == "draft"
    draft = services.version_edit(membership=coordinator, version=draft,
                                  body=first.body + "\nGuests by invitation.\n",
                                  lock_version=draft.lock_version)
    services.version_propose(membership=coordinator, version=draft)
    services.version_adopt(membership=coordinator, version=draft, body=steering_group,
                           adopted_on=date.today())

    first.refresh_from_db()
    draft.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED and first.superseded_on == date.today()
    assert draft.status == VersionStatus.ADOPTED and draft.adopted_by_body == steering_group
    actions = list(AuditEvent.objects.filter(network=coordinator.network)
                   .values_list("action", flat=True))
    for expected in ("charter_document.created", "charter_version.drafted",
                     "charter_version.edited", "charter_version.proposed",
                     "charter_version.adopted", "charter_version.superseded"):
        assert expected in actions


def test_an_adopted_version_cannot_be_edited_and_a_new_draft_is_offered(coordinator,
                                                                        steering_group):
    adopted = adopted_document(coordinator, steering_group)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.version_edit(membership=coordinator, version=adopted, body="changed",
                              lock_version=adopted.lock_version)
    adopted.refresh_from_db()
    assert adopted.body.startswith("# Rules")
    assert services.version_draft(membership=coordinator,
                                  document=adopted.document).number == 2


def test_a_version_cannot_be_adopted_twice(coordinator, steering_group):
    adopted = adopted_document(coordinator, steering_group)
    with pytest.raises(ValidationError, match="already been adopted"):
        services.version_adopt(membership=coordinator, version=adopted, body=steering_group,
                               adopted_on=date.today())
    assert CharterVersion.objects.filter(status=VersionStatus.ADOPTED).count() == 1


def test_a_draft_must_be_proposed_before_it_is_adopted(coordinator, steering_group):
    draft = services.document_create(membership=coordinator, kind="custom", title="Mandat",
                                     body="Text")
    with pytest.raises(ValidationError, match="Propose it first"):
        services.version_adopt(membership=coordinator, version=draft, body=steering_group,
                               adopted_on=date.today())


def test_an_edit_based_on_an_outdated_copy_is_refused_and_nothing_is_lost(coordinator):
    draft = services.document_create(membership=coordinator, kind="custom", title="Mandat",
                                     body="one")
    services.version_edit(membership=coordinator, version=draft, body="two",
                          lock_version=draft.lock_version)
    with pytest.raises(services.StaleVersion):
        services.version_edit(membership=coordinator, version=draft, body="three",
                              lock_version=draft.lock_version)
    draft.refresh_from_db()
    assert draft.body == "two"


def test_only_one_open_draft_per_document(coordinator):
    draft = services.document_create(membership=coordinator, kind="custom", title="Mandat",
                                     body="one")
    with pytest.raises(ValidationError, match="still open"):
        services.version_draft(membership=coordinator, document=draft.document)


def test_a_member_cannot_draft_or_adopt(member, coordinator, steering_group):
    with pytest.raises(Denied):
        services.document_create(membership=member, kind="custom", title="x")
    proposed = services.version_propose(
        membership=coordinator,
        version=services.document_create(membership=coordinator, kind="custom", title="x",
                                         body="y"))
    with pytest.raises(Denied):
        services.version_adopt(membership=member, version=proposed, body=steering_group,
                               adopted_on=date.today())


def test_the_steering_groups_chair_may_edit(chair):
    version = services.document_create(membership=chair, kind="custom", title="Mandat")
    assert version.created_by == chair


def test_a_starter_template_becomes_a_draft_in_each_language(coordinator):
    titles = set()
    for language in ("en", "de", "nl", "fr"):
        version = services.document_create_from_starter(
            membership=coordinator, kind="decision_procedure", language=language)
        assert version.status == "draft" and len(version.body) > 100
        titles.add(version.document.title)
    assert titles == {"Decision procedure", "Entscheidungsverfahren",
                      "Besluitvormingsprocedure", "Procédure de décision"}


def test_an_adopted_version_belongs_to_its_network_only(coordinator, steering_group,
                                                        outsider):
    adopted = adopted_document(coordinator, steering_group)
    with scope(network=outsider.network_id):
        assert not CharterVersion.objects.filter(pk=adopted.pk).exists()
