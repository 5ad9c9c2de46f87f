"""Consents: recorded with their scope, withdrawn at once, and the hostile inputs refused with
nothing stored."""

import base64
import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from accord.audit.models import AuditEvent
from accord.cases.access import decide_facets
from accord.cases.facets import CaseFacet
from accord.policy.entities import ref
from accord.sharing import consent_services as services
from accord.sharing.consent_facets import consent_facet_attrs
from accord.sharing.models import Consent
from accord.sharing.tests.consent_helpers import PDF, PNG, use_consent_rule
from accord.testing import factories

TODAY = date.today()


def _record(world, **overrides):
    values = {"membership": world.coordinator, "case": world.case, "given_by": "guardian",
              "organisation_ids": [world.counselling.pk], "categories": ["assessment"],
              "purposes": ["case_work"], "given_on": TODAY - timedelta(days=3)}
    values.update(overrides)
    with scope(network=world.network.pk):
        return services.consent_record(**values)


def _consents(world):
    with scope(network=world.network.pk):
        return list(Consent.objects.all())


def test_the_builder_names_the_organisations_an_active_consent_covers(world):
    consent = _record(world)
    with scope(network=world.network.pk):
        facets = [CaseFacet(world.case, "assessment"), CaseFacet(world.case, "health")]
        attrs = consent_facet_attrs(facets)
        assert attrs[0]["consents"] == [ref("Organisation", world.counselling.pk)]
        assert attrs[1]["consents"] == []
        services.consent_withdraw(membership=world.coordinator, consent=consent,
                                  reason="The guardian withdrew it by phone.")
        assert consent_facet_attrs(facets)[0]["consents"] == []


def test_an_expired_or_future_consent_covers_nothing(world):
    _record(world, given_on=TODAY - timedelta(days=30), expires_on=TODAY - timedelta(days=1))
    with scope(network=world.network.pk):
        assert consent_facet_attrs([CaseFacet(world.case, "assessment")])[0]["consents"] == []


def test_withdrawal_removes_the_permission_at_once(world, monkeypatch, tmp_path):
    use_consent_rule(monkeypatch, tmp_path)
    facet = CaseFacet(world.case, "assessment")
    with scope(network=world.network.pk):
        before = decide_facets(world.counsellor, [facet], purpose="case_work")[0]
    assert not before.allowed
    consent = _record(world)
    with scope(network=world.network.pk):
        permitted = decide_facets(world.counsellor, [facet], purpose="case_work")[0]
        assert permitted.allowed and permitted.rule == "test.consent"
        assert permitted.basis == "consent"
        # Health was not consented to.
        assert not decide_facets(world.counsellor, [CaseFacet(world.case, "health")],
                                 purpose="case_work")[0].allowed
        services.consent_withdraw(membership=world.coordinator, consent=consent,
                                  reason="Withdrawn in writing.")
        after = decide_facets(world.counsellor, [facet], purpose="case_work")[0]
    assert not after.allowed
    assert after.reason


def test_recording_and_withdrawing_are_audited(world):
    consent = _record(world)
    with scope(network=world.network.pk):
        services.consent_withdraw(membership=world.coordinator, consent=consent,
                                  reason="Withdrawn in writing.")
        actions = list(AuditEvent.objects.filter(network=world.network, object_type=(
            "sharing.consent")).values_list("action", flat=True))
    assert sorted(actions) == ["consent.recorded", "consent.withdrawn"]


def test_only_a_case_manager_records_a_consent(world):
    from accord.policy import Denied

    with pytest.raises(Denied):
        _record(world, membership=world.police_member)
    assert _consents(world) == []


@pytest.mark.parametrize(("overrides", "field"), [
    ({"categories": ["horoscope"]}, "categories"),
    ({"given_on": TODAY, "expires_on": TODAY - timedelta(days=1)}, "expires_on"),
    ({"given_on": TODAY + timedelta(days=2)}, "given_on"),
    ({"given_by": "person"}, "given_by"),  # the case's person is 14 to 17
    ({"purposes": ["administer"]}, "purposes"),
    ({"organisation_ids": [999999]}, "organisations"),
])
def test_bad_scope_is_refused_and_nothing_stored(world, overrides, field):
    with pytest.raises(ValidationError) as refused:
        _record(world, **overrides)
    assert field in refused.value.message_dict
    assert _consents(world) == []


def test_another_networks_organisation_is_refused(world):
    from accord.tenancy.models import Organisation

    with scope(network=world.other_network.pk):
        foreign = Organisation.objects.filter(network=world.other_network).first()
    with pytest.raises(ValidationError):
        _record(world, organisation_ids=[foreign.pk])
    assert _consents(world) == []


def test_unknown_category_message(world):
    with pytest.raises(ValidationError) as refused:
        _record(world, categories=["assessment", "astrology"])
    assert refused.value.message_dict["categories"] == [
        "This category is not known to the network's regime."]


@pytest.mark.parametrize(("name", "content", "code"), [
    ("consent.pdf", PNG, "file_type_mismatch"),
    ("consent.pdf", b"#!/bin/sh\necho hi\n", "file_type"),
    ("../../etc/consent.pdf", PDF, "file_name"),
    ("..\\consent.pdf", PDF, "file_name"),
    ("consent.pdf", b"", "file_empty"),
])
def test_written_form_checks(name, content, code):
    with pytest.raises(ValidationError) as refused:
        services.check_written_form(name, content)
    assert refused.value.error_dict["written_form"][0].code == code


def test_written_form_size_limit(settings):
    settings.ACCORD_CONSENT_FORM_MAX_BYTES = 100
    with pytest.raises(ValidationError):
        services.check_written_form("consent.pdf", PDF + b"x" * 200)


# Pages ---------------------------------------------------------------------------------


def _form_data(world, **overrides):
    data = {"given_by": "guardian", "organisations": [str(world.counselling.pk)],
            "categories": ["assessment", "signal"], "purposes": ["case_work"],
            "given_on": (TODAY - timedelta(days=1)).isoformat(), "expires_on": ""}
    data.update(overrides)
    return data


def _url(world, tail=""):
    return f"/n/{world.network.slug}/cases/{world.case.pk}/consents/{tail}"


def test_the_page_records_a_consent_with_its_written_form(world):
    client = factories.signed_in_client(world.coordinator.user)
    upload = SimpleUploadedFile("signed form.pdf", PDF, content_type="application/pdf")
    response = client.post(_url(world, "new/"), {**_form_data(world), "written_form": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    [consent] = _consents(world)
    assert consent.categories == ["assessment", "signal"]
    assert consent.written_form_name == "signed form.pdf"
    assert consent.written_form_type == "application/pdf"
    assert not consent.written_form.name.endswith("signed form.pdf")  # stored under our name
    page = client.get(_url(world))
    assert "Beratung Lichtblick" in page.content.decode()
    download = client.get(_url(world, f"{consent.pk}/form/"))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF
    # A member of an organisation that takes part sees consents; one from another network not.
    other = factories.signed_in_client(world.other_coordinator.user)
    assert other.get(_url(world, f"{consent.pk}/form/")).status_code == 404


@pytest.mark.parametrize(("overrides", "upload"), [
    ({"categories": ["assessment", "tarot"]}, None),
    ({"expires_on": (TODAY - timedelta(days=5)).isoformat()}, None),
    ({}, ("consent.pdf", PNG)),
    ({}, ("consent.exe", PDF)),
    ({"given_by": "person"}, None),
])
def test_the_page_refuses_bad_input_and_stores_nothing(world, overrides, upload):
    client = factories.signed_in_client(world.coordinator.user)
    data = _form_data(world, **overrides)
    if upload:
        data["written_form"] = SimpleUploadedFile(upload[0], upload[1])
    response = client.post(_url(world, "new/"), data)
    assert response.status_code == 400
    assert _consents(world) == []
    if "categories" in overrides:
        assert "not known to the network&#x27;s regime" in response.content.decode()


def test_a_path_in_the_uploaded_name_never_reaches_the_storage(world):
    # Django's upload parser already cuts a name to its last part; the stored name is ours.
    client = factories.signed_in_client(world.coordinator.user)
    upload = SimpleUploadedFile("..\\..\\etc\\consent.pdf", PDF)
    assert client.post(_url(world, "new/"), {**_form_data(world),
                                             "written_form": upload}).status_code == 302
    [consent] = _consents(world)
    assert consent.written_form_name == "consent.pdf"
    assert consent.written_form.name.startswith(f"consents/{world.network.pk}/")
    assert ".." not in consent.written_form.name


def test_withdraw_on_the_page(world):
    consent = _record(world)
    client = factories.signed_in_client(world.coordinator.user)
    assert client.post(_url(world, f"{consent.pk}/withdraw/"), {"reason": ""}).status_code == 400
    response = client.post(_url(world, f"{consent.pk}/withdraw/"),
                           {"reason": "The guardian withdrew it."})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawn_by == world.coordinator
    assert "Withdrawn" in client.get(_url(world)).content.decode()


def test_a_non_manager_reads_why_they_cannot_record(world):
    client = factories.signed_in_client(world.police_member.user)
    response = client.get(_url(world, "new/"))
    assert response.status_code == 403
    assert "Only the case" in response.content.decode()


def test_another_networks_case_is_not_found(world):
    client = factories.signed_in_client(world.other_coordinator.user)
    assert client.get(_url(world)).status_code == 404
    assert client.post(_url(world, "new/"), _form_data(world)).status_code == 404
    assert _consents(world) == []


# API -----------------------------------------------------------------------------------


def _api(world, membership=None):
    from accord.api.tests.helpers import token_client, token_for

    return token_client(token_for(membership or world.coordinator))


def _api_url(world, tail=""):
    return f"/api/v1/n/{world.network.slug}/cases/{world.case.pk}/consents{tail}"


def _post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def _body(world, **overrides):
    body = {"given_by": "guardian", "organisation_ids": [world.counselling.pk],
            "categories": ["assessment"], "purposes": ["case_work"],
            "given_on": (TODAY - timedelta(days=1)).isoformat()}
    body.update(overrides)
    return body


def test_api_records_lists_and_withdraws(world):
    client = _api(world)
    form = {"name": "consent.pdf", "content_base64": base64.b64encode(PDF).decode()}
    created = _post(client, _api_url(world), _body(world, written_form=form))
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["active"] is True and data["has_written_form"] is True
    listed = client.get(_api_url(world)).json()
    assert [c["id"] for c in listed] == [data["id"]]
    withdrawn = _post(client, _api_url(world, f"/{data['id']}/withdraw"),
                      {"reason": "Withdrawn by the guardian."})
    assert withdrawn.status_code == 200
    assert withdrawn.json()["active"] is False
    again = _post(client, _api_url(world, f"/{data['id']}/withdraw"), {"reason": "Again."})
    assert again.status_code == 422


@pytest.mark.parametrize("overrides", [
    {"categories": ["astrology"]},
    {"expires_on": (TODAY - timedelta(days=9)).isoformat()},
    {"written_form": {"name": "../consent.pdf", "content_base64": base64.b64encode(PDF).decode()}},
    {"written_form": {"name": "consent.pdf", "content_base64": base64.b64encode(PNG).decode()}},
    {"written_form": {"name": "consent.pdf", "content_base64": "not base64 at all!"}},
    {"unexpected": True},
    {"given_by": "neighbour"},
])
def test_api_refuses_bad_input_and_stores_nothing(world, overrides):
    response = _post(_api(world), _api_url(world), _body(world, **overrides))
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert _consents(world) == []


def test_api_unknown_category_says_so(world):
    response = _post(_api(world), _api_url(world), _body(world, categories=["astrology"]))
    assert "not known to the network's regime" in json.dumps(response.json())


def test_api_another_networks_case_is_a_404(world):
    client = _api(world, world.other_coordinator)
    url = f"/api/v1/n/{world.other_network.slug}/cases/{world.case.pk}/consents"
    assert client.get(url).status_code == 404
    assert _post(client, url, _body(world)).status_code == 404
    assert _consents(world) == []


def test_api_refuses_a_member_who_may_not_record(world):
    response = _post(_api(world, world.police_member), _api_url(world), _body(world))
    assert response.status_code == 403
    assert _consents(world) == []


def test_who_sees_the_consents_page(world):
    _record(world)
    officer = factories.signed_in_client(world.privacy_officer.user)
    page = officer.get(_url(world))
    assert page.status_code == 200 and "Beratung Lichtblick" in page.content.decode()
    assert "Record a consent" not in page.content.decode()
    police = factories.signed_in_client(world.police_member.user).get(_url(world))
    assert police.status_code == 200 and "Withdraw now" not in police.content.decode()
    outsider_org = factories.make_organisation(world.network, name="Sportverein Rheinstadt")
    outsider = factories.make_member(world.network, organisation=outsider_org,
                                     roles=("member",))
    refused = factories.signed_in_client(outsider.user).get(_url(world))
    assert refused.status_code == 403
    assert "see its consents" in refused.content.decode()
