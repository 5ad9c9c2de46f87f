""""Who read this": from the audit page, every recorded read of exactly one object, with who,
for which organisation, when, why and on which decision; folded or not."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from accord.audit.access import access_fold, access_record
from accord.tenancy.models import Role
from accord.testing import factories

pytestmark = pytest.mark.django_db

READS = reverse("audit:reads", kwargs={"network": "rheinstadt"})
ENTRY = "meetings.minuteentry"


def read(membership, object_id, *, purpose="meeting preparation", object_type=ENTRY,
         effect="permit", rule="minutes.present"):
    access_record(membership=membership, object_type=object_type, object_ids=[object_id],
                  categories=["minutes"], purpose=purpose, effect=effect, rule=rule)


@pytest.fixture
def privacy_officer(network_a):
    return factories.make_member(network_a, roles=(Role.PRIVACY_OFFICER,),
                                 email="privacy@example.test")


@pytest.fixture
def readings(coordinator, member, outsider):
    """Minutes entry 12 read by the member (folded since) and by the coordinator (waiting);
    entry 112 and a meeting with id 12 read by the coordinator; another network's 12."""
    read(member, 12, purpose="case conference follow-up")
    access_fold(force=True)
    read(coordinator, 12, effect="review", rule="minutes.privacy_review")
    read(coordinator, 112)
    read(coordinator, 12, object_type="meetings.meeting")
    read(outsider, 12)


def rows(page: str) -> str:
    return page[page.index("<tbody>"):page.index("</tbody>")]


def test_who_read_minutes_entry_12_lists_exactly_its_readers(coordinator_client, coordinator,
                                                              member, readings):
    response = coordinator_client.get(READS, {"object_type": ENTRY, "object_id": "12"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "2 reads of Minutes entry 12, newest first" in page
    table = rows(page)
    assert table.count("<tr>") == 2
    assert coordinator.user.full_name in table and member.user.full_name in table
    assert "Stadt Rheinstadt" in table and "Beratungsstelle Lichtblick" in table
    assert "case conference follow-up" in table and "meeting preparation" in table
    assert "Needs review" in table and "minutes.privacy_review" in table
    assert "Permitted" in table and "minutes.present" in table
    # newest first: the coordinator's read came after the member's
    assert table.index(coordinator.user.full_name) < table.index(member.user.full_name)
    assert "outsider" not in page and "Polderdam" not in page


def test_the_reader_is_still_named_after_leaving_the_network(coordinator_client, member,
                                                             readings):
    with scopes_disabled():
        member.active_until = timezone.now()
        member.save()

    page = coordinator_client.get(READS, {"object_type": ENTRY, "object_id": "12"})

    assert member.user.full_name in rows(page.content.decode())
    assert "Beratungsstelle Lichtblick" in rows(page.content.decode())


def test_a_privacy_officer_may_ask_who_read_something(privacy_officer, coordinator, readings):
    client = factories.signed_in_client(privacy_officer.user)

    page = client.get(READS, {"object_type": ENTRY, "object_id": "112"}).content.decode()

    assert rows(page).count("<tr>") == 1 and coordinator.user.full_name in rows(page)


def test_an_object_nobody_read_says_so(coordinator_client, readings):
    page = coordinator_client.get(READS, {"object_type": ENTRY, "object_id": "4"})

    assert "Nobody's read of this object is recorded." in page.content.decode()


def test_the_form_alone_shows_no_reads(coordinator_client, readings):
    page = coordinator_client.get(READS)

    assert page.status_code == 200
    assert "<tbody>" not in page.content.decode()
    assert '<select name="object_type"' in page.content.decode()


@pytest.mark.parametrize("params", [
    {"object_type": ENTRY},
    {"object_type": ENTRY, "object_id": "   "},
    {"object_type": "cases.nothing", "object_id": "12"},
    {"object_type": ENTRY, "object_id": "1" * 81},
])
def test_a_missing_or_invalid_choice_is_a_400_with_the_errors_and_no_rows(coordinator_client,
                                                                          readings, params):
    response = coordinator_client.get(READS, params)

    assert response.status_code == 400
    assert "<tbody>" not in response.content.decode()
    assert "There is a problem" in response.content.decode()


def test_members_who_may_not_see_the_audit_are_refused(member_client, readings):
    response = member_client.get(READS, {"object_type": ENTRY, "object_id": "12"})

    assert response.status_code == 403
    assert "coordinators and privacy officers" in response.content.decode()


def test_another_network_does_not_exist_for_an_outsider(outsider_client, readings):
    response = outsider_client.get(READS, {"object_type": ENTRY, "object_id": "12"})

    assert response.status_code == 404


def test_the_audit_page_links_to_who_read_this(coordinator_client):
    page = coordinator_client.get(reverse("audit:events", kwargs={"network": "rheinstadt"}))

    assert f'href="{READS}"' in page.content.decode()
