"""Who sees the identity: the lead organisation's members; everyone else the reason and the
quasi-identifiers. The same on the page, the case page's section, search and the API."""

import pytest
from django.test import RequestFactory
from django_scopes import scope, scopes_disabled

from accord.audit.models import AccessRecord, AuditEvent
from accord.cases.sections import case_sections
from accord.testing import factories
from accord.vault.models import Subject, SubjectNameIndex
from accord.vault.selectors import subjects_matching
from accord.vault.services import case_key_destroy
from accord.vault.tests.conftest import IDENTITY, make_case


def _page(v, who, case=None):
    client = factories.signed_in_client(who.user)
    return client.get(f"/n/{v.network.slug}/vault/cases/{(case or v.case).pk}/identity/")


def _api(v, who, case_id=None):
    client = factories.signed_in_client(who.user)
    return client.get(f"/api/v1/n/{v.network.slug}/cases/{case_id or v.case.pk}/identity")


def test_the_lead_organisation_sees_the_identity_and_the_read_is_recorded(vault):
    page = _page(vault, vault.worker)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Jan van der Berg" in text and "Hafenstraße 12, Rheinstadt" in text
    assert "Jantje" in text and "2001-04-17" in text
    with scopes_disabled():
        reads = AccessRecord.objects.filter(membership_id=vault.worker.pk,
                                            object_id=str(vault.case.pk))
        assert ["case.identity"] in [r.categories for r in reads]
    # A refused reader's visit records no read.
    _page(vault, vault.youth)
    with scopes_disabled():
        assert not AccessRecord.objects.filter(membership_id=vault.youth.pk).exists()


def test_a_member_whose_organisation_takes_part_sees_the_reason_and_quasi_identifiers(vault):
    page = _page(vault, vault.youth)
    assert page.status_code == 200
    text = page.content.decode()
    # Whole values, not fragments: a bare "Jan" also turns up in a random CSRF token.
    shown = [value for field in ("names", "aliases", "addresses", "phones", "identifiers")
             for value in IDENTITY[field] if value in text]
    assert shown == [] and IDENTITY["birth_date"] not in text and "17.04.2001" not in text
    assert "No rule of the network&#x27;s sharing regime" in text
    assert "RHS-2026-001" in text and "18 to 24" in text and "Nordhafen" in text
    assert "Male" in text


def test_a_member_of_an_organisation_outside_the_case_sees_why(vault):
    text = _page(vault, vault.member).content.decode()
    assert "does not take part in this case" in text and "Berg" not in text


def test_the_case_page_section_is_registered_and_shows_a_minor_guardian(vault):
    [section] = [s for s in case_sections() if s.key == "identity"]
    assert section.order == 20
    request = RequestFactory().get("/")
    with scope(network=vault.network.pk):
        context = section.context(request, vault.worker, vault.second)
        refused = section.context(request, vault.youth, vault.second)
    assert context["reading"].guardian["name"] == "Sabine Demirtas"
    assert refused["reading"].identity is None and not refused["reading"].allowed
    text = _page(vault, vault.worker, vault.second).content.decode()
    assert "Sabine Demirtas" in text and "Minor" in text


def test_the_api_returns_the_identity_only_where_permitted(vault, network_b):
    ok = _api(vault, vault.worker)
    assert ok.status_code == 200
    body = ok.json()
    assert {k: body[k] for k in IDENTITY} == IDENTITY and body["is_minor"] is False
    refused = _api(vault, vault.youth)
    assert refused.status_code == 403
    assert "sharing regime" in refused.json()["detail"]
    assert "Berg" not in refused.content.decode()
    foreign = make_case(network_b, factories.make_organisation(network_b), 9)
    assert _api(vault, vault.worker, foreign.pk).status_code == 404
    assert _api(vault, vault.worker, 999_999).status_code == 404


def test_the_api_says_gone_for_an_erased_identity_and_not_found_for_none(vault):
    third = make_case(vault.network, vault.lead, 3)
    assert _api(vault, vault.worker, third.pk).status_code == 404
    with scope(network=vault.network.pk):
        case_key_destroy(membership=vault.coordinator, case=vault.case, reason="Purge")
    gone = _api(vault, vault.worker)
    assert gone.status_code == 410 and gone.json()["type"].endswith("erased")
    assert "erased" in _page(vault, vault.worker).content.decode()


@pytest.mark.parametrize("typed", ["Jan van der Berg", "berg, jan van der", "VAN DER BERG",
                                   "Mueller Strauss", "jan muller-strauss", "Müller",
                                   "  jantje ", "strauß"])
def test_search_by_name_finds_every_way_of_writing_it(vault, typed):
    with scope(network=vault.network.pk):
        assert [s.pk for s in subjects_matching(vault.worker, typed)] == [vault.subject.pk]


def test_search_finds_nothing_for_those_who_may_not_see_identity(vault):
    with scope(network=vault.network.pk):
        assert subjects_matching(vault.youth, "Berg") == []
        assert subjects_matching(vault.member, "Berg") == []
        assert subjects_matching(vault.worker, "Jan Berg Nobody") == []
        # The index holds hashes only.
        hashes = list(SubjectNameIndex.objects.values_list("name_hash", flat=True))
        assert hashes and all(len(h) == 64 and "berg" not in h for h in hashes)


def test_the_search_page_shows_only_permitted_results(vault):
    path = f"/n/{vault.network.slug}/vault/search/"
    found = factories.signed_in_client(vault.worker.user).get(path, {"name": "mueller"})
    assert found.status_code == 200 and "RHS-2026-001" in found.content.decode()
    refused = factories.signed_in_client(vault.youth.user).get(path, {"name": "mueller"})
    assert "RHS-2026-001" not in refused.content.decode()
    assert "No case found that you may see." in refused.content.decode()


def test_bad_identity_input_is_refused_with_a_message_and_nothing_is_written(vault):
    client = factories.signed_in_client(vault.worker.user)
    path = f"/n/{vault.network.slug}/vault/cases/{vault.case.pk}/identity/edit/"
    with scope(network=vault.network.pk):
        before = bytes(Subject.objects.get(pk=vault.subject.pk).identity_ciphertext)
        events = AuditEvent.objects.count()
    for data, message in [
        ({"names": "<script>alert(1)</script>"}, "Markup such as &lt; and &gt;"),
        ({"names": "Jan\x07Berg"}, "Control characters"),
        ({"names": "Jan", "birth_date": "2999-01-01"}, "must lie in the past"),
        ({"names": "Jan", "phones": "call me"}, "A phone number holds digits"),
        ({"names": "Jan", "guardian_relationship": "Vater"}, "Give the guardian"),
        ({"names": ""}, "This field is required"),
    ]:
        response = client.post(path, data)
        assert response.status_code == 400, data
        assert message in response.content.decode(), (data, response.content.decode()[-800:])
    with scope(network=vault.network.pk):
        assert bytes(Subject.objects.get(pk=vault.subject.pk).identity_ciphertext) == before
        assert AuditEvent.objects.count() == events


def test_recording_an_identity_through_the_page(vault):
    client = factories.signed_in_client(vault.worker.user)
    path = f"/n/{vault.network.slug}/vault/cases/{vault.case.pk}/identity/edit/"
    form = client.get(path)
    assert form.status_code == 200 and "Jan van der Berg" in form.content.decode()
    saved = client.post(path, {"names": "Jan van der Berg\nJan Berg", "birth_date": "2012-03-01",
                               "guardian_name": "Petra van der Berg"})
    assert saved.status_code == 302
    with scope(network=vault.network.pk):
        subject = Subject.objects.select_related("case_key__network_key").get(
            pk=vault.subject.pk)
        assert subject.identity()["names"] == ["Jan van der Berg", "Jan Berg"]
        assert subject.is_minor is True and subject.guardian()["name"] == "Petra van der Berg"
    # Others may not record the lead's identity: the reason, nothing written.
    refused = factories.signed_in_client(vault.youth.user).post(path, {"names": "X Y"})
    assert refused.status_code == 403


def test_a_search_in_a_network_without_identities_writes_nothing(network_b):
    from accord.tenancy.models import Role
    from accord.vault.models import NetworkKey

    searcher = factories.make_member(network_b, roles=(Role.CASE_WORKER,))
    with scope(network=network_b.pk):
        assert subjects_matching(searcher, "Berg") == []
        assert not NetworkKey.objects.exists()


def test_purging_a_case_erases_its_identity_with_the_purge(vault):
    """Crypto-shredding is part of the purge: the key goes in the same transaction."""
    from accord.cases.models import Case, CaseState
    from accord.cases.services import case_transition
    from accord.vault.models import CaseKey, SubjectNameIndex

    with scope(network=vault.network.pk):
        Case.objects.filter(pk=vault.case.pk).update(state=CaseState.CLOSED)
        vault.case.refresh_from_db()
        case_transition(membership=vault.coordinator, case=vault.case,
                        to_state=CaseState.PURGED, reason="Retention period over",
                        by_retention=True)
        key = CaseKey.objects.get(case=vault.case)
        assert key.destroyed_at is not None and key.wrapped == b""
        assert not SubjectNameIndex.objects.filter(subject__case=vault.case).exists()
    assert _api(vault, vault.worker).status_code in (404, 410)


def test_a_purged_case_without_an_identity_says_erased_not_yet_recorded(vault):
    from accord.cases.models import Case, CaseState
    from accord.cases.services import case_transition

    bare = make_case(vault.network, vault.lead, 3)
    with scope(network=vault.network.pk):
        Case.objects.filter(pk=bare.pk).update(state=CaseState.CLOSED)
        bare.refresh_from_db()
        case_transition(membership=vault.coordinator, case=bare, to_state=CaseState.PURGED,
                        reason="Retention period over", by_retention=True)
    assert _api(vault, vault.worker, bare.pk).status_code == 410
    assert "erased" in _page(vault, vault.worker, bare).content.decode()
