"""The meetings migration keeps every free-text case reference as a pseudonymous case of its
network and links it (issue 10: "the migration keeps existing references")."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("meetings", "0005_call_log_visibility_participants"), ("cases", "0001_initial")]
AFTER = [("meetings", "0006_case_link")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_each_distinct_reference_becomes_one_case_of_its_network_and_is_linked():
    old = _migrate(BEFORE)
    Network = old.get_model("tenancy", "Network")
    Body = old.get_model("tenancy", "Body")
    Organisation = old.get_model("tenancy", "Organisation")
    Meeting = old.get_model("meetings", "Meeting")
    AgendaItem = old.get_model("meetings", "AgendaItem")
    ActionItem = old.get_model("meetings", "ActionItem")
    CallLog = old.get_model("meetings", "CallLog")
    now = timezone.now()
    ids = {}
    for slug in ("alt", "neu"):
        network = Network.objects.create(slug=slug, name=slug.title(), jurisdiction="DE-NW",
                                         default_language="de", time_zone="Europe/Berlin")
        body = Body.objects.create(network=network, name="Fallkonferenz", kind="operational")
        organisation = Organisation.objects.create(network=network, name="Stadt",
                                                   sector="municipality")
        meeting = Meeting.objects.create(network=network, body=body, title="Sitzung",
                                         starts_at=now, ends_at=now + timedelta(hours=2))
        item = AgendaItem.objects.create(network=network, meeting=meeting, title="Fall",
                                         order=1, case_reference="RS-2026-014")
        empty = AgendaItem.objects.create(network=network, meeting=meeting, title="Thema",
                                          order=2, case_reference="")
        action = ActionItem.objects.create(network=network, body=body, title="Anrufen",
                                           owner_organisation=organisation,
                                           case_reference="RS-2026-014")
        call = CallLog.objects.create(network=network, body=body, occurred_on=now.date(),
                                      topic="Telefonat", case_reference="RS-2026-015")
        ids[slug] = (network.pk, item.pk, empty.pk, action.pk, call.pk)

    new = _migrate(AFTER)
    Case = new.get_model("cases", "Case")
    AgendaItem = new.get_model("meetings", "AgendaItem")
    ActionItem = new.get_model("meetings", "ActionItem")
    CallLog = new.get_model("meetings", "CallLog")
    try:
        for network_id, item, empty, action, call in ids.values():
            cases = {c.reference: c for c in Case.objects.filter(network_id=network_id)}
            assert set(cases) == {"RS-2026-014", "RS-2026-015"}
            assert all((c.state, c.source_sector) == ("active", "other")
                       for c in cases.values())
            assert AgendaItem.objects.get(pk=item).case_id == cases["RS-2026-014"].pk
            assert AgendaItem.objects.get(pk=empty).case_id is None
            assert ActionItem.objects.get(pk=action).case_id == cases["RS-2026-014"].pk
            assert CallLog.objects.get(pk=call).case_id == cases["RS-2026-015"].pk
        assert Case.objects.count() == 4  # one per reference and network, never shared
        old = _migrate(BEFORE)
        AgendaItem = old.get_model("meetings", "AgendaItem")
        assert AgendaItem.objects.get(pk=ids["alt"][1]).case_reference == "RS-2026-014"
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
