"""The disclosure register: cross-organisation reads recorded, folded per day, queried per
case, per person and for the network, exported for the privacy officer; other networks'
rows never seen."""

import csv
import io
import json
from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from accord.audit.models import AuditEvent
from accord.cases.access import read_facets
from accord.cases.facets import CATEGORIES, CaseFacet
from accord.policy import Decision, Effect
from accord.sharing import consent_services
from accord.sharing.consent_facets import consent_facet_attrs
from accord.sharing.disclosures import (
    DisclosureFilters,
    disclosures_of_network,
    record_disclosures,
)
from accord.sharing.models import Disclosure
from accord.sharing.tests.consent_helpers import use_consent_rule
from accord.testing import factories


def _consent(world, categories=("assessment", "signal")):
    with scope(network=world.network.pk):
        consent_services.consent_record(
            membership=world.coordinator, case=world.case, given_by="guardian",
            organisation_ids=[world.counselling.pk, world.police.pk],
            categories=list(categories), purposes=["case_work"],
            given_on=date.today() - timedelta(days=1))


def _read(world, member, categories=("assessment",), channel="page"):
    with scope(network=world.network.pk):
        return read_facets(member, [CaseFacet(world.case, c) for c in categories],
                           purpose="case_work", channel=channel)


def _rows(world):
    with scope(network=world.network.pk):
        return list(Disclosure.objects.order_by("pk"))


def test_two_page_reads_are_one_row_counted_twice(world, monkeypatch, tmp_path):
    use_consent_rule(monkeypatch, tmp_path)
    _consent(world)
    _read(world, world.counsellor)
    _read(world, world.counsellor)
    [row] = _rows(world)
    assert row.count == 2
    assert (row.category, row.recipient, row.recipient_organisation, row.source_organisation,
            row.rule, row.basis, row.channel, row.purpose) == (
        "assessment", world.counsellor, world.counselling, world.lead, "test.consent",
        "consent", "page", "case_work")
    assert row.last_at >= row.first_at
    # Another channel, another row.
    _read(world, world.counsellor, channel="api")
    assert len(_rows(world)) == 2


def test_refused_and_own_reads_are_not_disclosures(world, monkeypatch, tmp_path):
    use_consent_rule(monkeypatch, tmp_path)
    _consent(world, categories=("assessment",))
    _read(world, world.counsellor, categories=("health",))  # refused: no consent
    _read(world, world.case_worker, categories=("assessment",))  # the lead's own data
    assert _rows(world) == []


def test_constant_queries_whatever_the_number_of_facets(world, monkeypatch, tmp_path):
    use_consent_rule(monkeypatch, tmp_path)
    _consent(world, categories=tuple(CATEGORIES))
    permit = Decision(effect=Effect.PERMIT, action="case_data.read", purpose="case_work",
                      rule="test.consent", basis="consent")
    facets = [CaseFacet(world.case, c) for c in CATEGORIES]
    with scope(network=world.network.pk):
        for count in (1, len(facets)):
            with CaptureQueriesContext(connection) as recorded:
                record_disclosures(membership=world.counsellor,
                                   permitted=[(f, permit) for f in facets[:count]],
                                   purpose="case_work", channel="page")
            assert len(recorded.captured_queries) == 1  # one upsert
            with CaptureQueriesContext(connection) as built:
                consent_facet_attrs(facets[:count])
            assert len(built.captured_queries) == 3  # consents, zones, break-glass
    rows = _rows(world)
    assert len(rows) == len(CATEGORIES)
    assert sorted(r.count for r in rows) == [1] * (len(CATEGORIES) - 1) + [2]


def test_queries_per_case_person_and_network(world, monkeypatch, tmp_path):
    use_consent_rule(monkeypatch, tmp_path)
    _consent(world)
    _read(world, world.counsellor)
    _read(world, world.police_member, categories=("signal",))
    with scope(network=world.network.pk):
        network_rows = disclosures_of_network(world.privacy_officer, DisclosureFilters())
        assert network_rows.count() == 2
        mine = disclosures_of_network(world.privacy_officer,
                                      DisclosureFilters(recipient=world.police_member))
        assert [r.category for r in mine] == ["signal"]
        by_case = disclosures_of_network(world.privacy_officer,
                                         DisclosureFilters(case_reference="RHS-2026-001",
                                                           category="assessment"))
        assert [r.recipient for r in by_case] == [world.counsellor]
        later = disclosures_of_network(world.privacy_officer, DisclosureFilters(
            date_from=date.today() + timedelta(days=2)))
        assert later.count() == 0


def test_the_network_page_filters_and_refuses_others(world, monkeypatch, tmp_path):
    use_consent_rule(monkeypatch, tmp_path)
    _consent(world)
    _read(world, world.counsellor)
    _read(world, world.police_member, categories=("signal",))
    url = f"/n/{world.network.slug}/disclosures/"
    officer = factories.signed_in_client(world.privacy_officer.user)
    page = officer.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Beratung Lichtblick" in text and "Polizei Rheinstadt" in text
    filtered = officer.get(url, {"member": world.police_member.pk}).content.decode()
    # The recipients' organisations appear only in the rows.
    assert "Polizei Rheinstadt" in filtered and "Beratung Lichtblick" not in filtered
    assert officer.get(url, {"date_from": "yesterday"}).status_code == 400
    # A member who is neither coordinator nor privacy officer reads why not.
    refused = factories.signed_in_client(world.police_member.user).get(url)
    assert refused.status_code == 403
    assert "disclosure register" in refused.content.decode()
    # Another network's coordinator sees an empty register of their own, never these rows.
    other = factories.signed_in_client(world.other_coordinator.user)
    theirs = other.get(f"/n/{world.other_network.slug}/disclosures/").content.decode()
    assert "RHS-2026-001" not in theirs
    assert other.get(url).status_code == 404


def test_csv_export_for_the_privacy_officer(world, monkeypatch, tmp_path):
    use_consent_rule(monkeypatch, tmp_path)
    _consent(world)
    _read(world, world.counsellor)
    _read(world, world.counsellor)
    officer = factories.signed_in_client(world.privacy_officer.user)
    response = officer.get(f"/n/{world.network.slug}/disclosures/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["day", "case", "category"]
    assert len(rows) == 2
    line = dict(zip(rows[0], rows[1], strict=True))
    assert (line["case"], line["category"], line["source_organisation"],
            line["recipient_organisation"], line["rule"], line["basis"], line["count"]) == (
        "RHS-2026-001", "assessment", "Jugendamt Rheinstadt", "Beratung Lichtblick",
        "test.consent", "consent", "2")
    with scope(network=world.network.pk):
        assert AuditEvent.objects.filter(action="disclosure.exported").count() == 1


def test_export_needs_a_fresh_second_factor(world):
    from django.test import Client

    client = Client()
    client.force_login(world.privacy_officer.user)
    response = client.get(f"/n/{world.network.slug}/disclosures/export.csv")
    assert response.status_code in (302, 403)
    with scope(network=world.network.pk):
        assert AuditEvent.objects.filter(action="disclosure.exported").count() == 0


def test_the_case_section_for_coordinators_and_privacy_officers(world, monkeypatch, tmp_path):
    from django.template.loader import render_to_string

    from accord.sharing.consent_sections import disclosures_context

    use_consent_rule(monkeypatch, tmp_path)
    _consent(world)
    _read(world, world.counsellor)
    with scope(network=world.network.pk):
        assert disclosures_context(None, world.counsellor, world.case) is None
        context = disclosures_context(None, world.privacy_officer, world.case)
        html = render_to_string("sharing/disclosure_section.html",
                                {**context, "network": world.network})
    assert world.counsellor.user.full_name in html and "test.consent" in html


def test_api_register_and_case_disclosures(world, monkeypatch, tmp_path):
    from accord.api.tests.helpers import token_client, token_for

    use_consent_rule(monkeypatch, tmp_path)
    _consent(world)
    _read(world, world.counsellor)
    _read(world, world.police_member, categories=("signal",))
    client = token_client(token_for(world.coordinator))
    base = f"/api/v1/n/{world.network.slug}"
    register = client.get(f"{base}/disclosures", {"category": "signal"})
    assert register.status_code == 200, register.content
    items = register.json()["items"]
    assert [(i["case_reference"], i["recipient_organisation"]["name"]) for i in items] == [
        ("RHS-2026-001", "Polizei Rheinstadt")]
    assert client.get(f"{base}/disclosures", {"member": world.counsellor.pk}).json()[
        "count"] == 1
    by_case = client.get(f"{base}/cases/{world.case.pk}/disclosures").json()
    assert by_case["count"] == 2
    assert client.get(f"{base}/disclosures", {"limit": 100000}).status_code == 422
    assert client.get(f"{base}/disclosures", {"member": 999999}).status_code == 422
    refused = token_client(token_for(world.police_member)).get(f"{base}/disclosures")
    assert refused.status_code == 403
    other = token_client(token_for(world.other_coordinator))
    other_base = f"/api/v1/n/{world.other_network.slug}"
    assert other.get(f"{other_base}/cases/{world.case.pk}/disclosures").status_code == 404
    assert json.loads(other.get(f"{other_base}/disclosures").content)["count"] == 0


def test_reads_fold_per_session_without_storing_its_key(world, monkeypatch, tmp_path):
    from types import SimpleNamespace

    from accord.core.request_context import reset_request, set_request

    class Session(dict):
        def __init__(self, key):
            super().__init__()
            self.session_key = key

    use_consent_rule(monkeypatch, tmp_path)
    _consent(world)
    for key in ("first-session-key", "first-session-key", "second-session-key"):
        token = set_request(SimpleNamespace(session=Session(key)))
        try:
            _read(world, world.counsellor)
        finally:
            reset_request(token)
    rows = _rows(world)
    assert sorted(r.count for r in rows) == [1, 2]
    assert all(r.session and "session-key" not in r.session for r in rows)
