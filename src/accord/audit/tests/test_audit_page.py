"""The audit page: coordinators and privacy officers read the network's trail, filter it,
verify the chain and export it; nobody else does."""

import csv
import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from accord.audit.models import AuditEvent
from accord.audit.services import audit_record
from accord.audit.tests.conftest import clock, raw_sql
from accord.tenancy.models import Role
from accord.testing import factories
from accord.testing.html import scroll_region_caption

pytestmark = pytest.mark.django_db

EVENTS = reverse("audit:events", kwargs={"network": "rheinstadt"})
EXPORT = reverse("audit:export", kwargs={"network": "rheinstadt"})
VERIFY = reverse("audit:verify", kwargs={"network": "rheinstadt"})


@pytest.fixture
def privacy_officer(network_a):
    return factories.make_member(network_a, roles=(Role.PRIVACY_OFFICER,),
                                 email="privacy@example.test")


@pytest.fixture
def privacy_client(privacy_officer):
    return factories.signed_in_client(privacy_officer.user)


def record(network, actor_membership=None, *, action="body.updated", object_id="7",
           actor_label=None, when=None, **extra):
    if when is None:
        return audit_record(network=network, membership=actor_membership, action=action,
                            object_id=object_id, object_type="tenancy.body",
                            actor_label=actor_label, **extra)
    with clock(when.year, when.month, when.day):
        return audit_record(network=network, membership=actor_membership, action=action,
                            object_id=object_id, object_type="tenancy.body",
                            actor_label=actor_label, **extra)


def export_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


# --- who may see it ------------------------------------------------------------------------

def test_a_coordinator_sees_the_networks_trail_with_readable_labels(coordinator_client,
                                                                    coordinator, network_a):
    record(network_a, coordinator, action="invitation.created",
           summary={"fields": ["email", "roles"]})
    record(network_a, coordinator, action="something.new_and_unlisted")

    response = coordinator_client.get(EVENTS)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Invitation sent" in page
    assert "something.new_and_unlisted" in page
    assert "Changed fields: email, roles" in page
    assert "2 events, newest first" in page


def test_details_name_people_choices_and_blanks_not_raw_keys(coordinator_client, coordinator,
                                                             network_a, settings):
    """ "membership: 26; role: chair; copied_from: None" was all a reader got."""
    body = factories.make_body(network_a, name="Fallkonferenz Nord")
    audit_record(network=network_a, actor=coordinator.user, action="body_membership.created",
                 object_type="tenancy.bodymembership", object_id="5",
                 summary={"membership": coordinator.pk, "body": body.pk, "role": "chair",
                          "voting_right": True, "organisation": None})
    coordinator_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"

    page = coordinator_client.get(EVENTS).content.decode()

    name = coordinator.user.full_name
    assert f"Mitglied: {name}" in page  # the order of the keys is the database's (jsonb)
    assert "Gremium: Fallkonferenz Nord" in page
    assert "Vorsitz" in page and "Ja" in page
    assert "Organisation: —" in page
    assert "membership:" not in page and "None" not in page


def test_object_types_are_named_in_the_readers_language(coordinator_client, coordinator,
                                                        network_a, settings):
    from django.utils import translation

    from accord.audit.labels import object_type_label
    audit_record(network=network_a, actor=coordinator.user, action="auth.signed_in",
                 object_type="accounts.knowndevice", object_id="1")
    page = coordinator_client.get(EVENTS).content.decode()
    assert "Known device" in page
    assert '<option value="meetings.itempresence">Item presence</option>' in page
    with translation.override("de"):
        assert object_type_label("tenancy.bodymembership") == "Gremienmitgliedschaft"
        assert object_type_label("something.unknown") == "something.unknown"


def test_a_privacy_officer_sees_the_trail(privacy_client, coordinator, network_a):
    record(network_a, coordinator, action="membership.roles_changed")

    response = privacy_client.get(EVENTS)

    assert response.status_code == 200
    assert "Member&#x27;s roles changed" in response.content.decode()


def test_a_member_is_told_the_audit_log_is_not_for_them(member_client, coordinator, network_a):
    record(network_a, coordinator, action="membership.roles_changed")

    for url in (EVENTS, EXPORT):
        response = member_client.get(url)
        assert response.status_code == 403
        assert "coordinators and privacy officers" in response.content.decode()
        assert "roles changed" not in response.content.decode()
    assert member_client.post(VERIFY).status_code == 403


def test_a_member_does_not_get_the_link_in_the_menu(member_client, coordinator_client):
    home = reverse("tenancy:home", kwargs={"network": "rheinstadt"})
    assert EVENTS not in member_client.get(home).content.decode()
    assert EVENTS in coordinator_client.get(home).content.decode()


def test_an_outsider_gets_404_for_another_networks_audit_log(outsider_client, coordinator):
    for url in (EVENTS, EXPORT):
        assert outsider_client.get(url).status_code == 404
    assert outsider_client.post(VERIFY).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, network_a):
    response = client.get(EVENTS)
    assert response.status_code == 302
    assert reverse("accounts:sign-in") in response["Location"]


def test_the_page_shows_only_the_networks_own_events(coordinator_client, network_a, network_b,
                                                     outsider):
    record(network_b, outsider, action="body.created", actor_label="Polderdam Clerk")
    audit_record(network=None, actor=None, action="auth.sign_in_failed",
                 actor_label="Installation Event")

    page = coordinator_client.get(EVENTS).content.decode()

    assert "Polderdam Clerk" not in page
    assert "Installation Event" not in page
    assert "0 events, newest first" in page


# --- filters and pages ---------------------------------------------------------------------

def test_filters_narrow_the_trail_by_actor_action_object_and_period(
        coordinator_client, coordinator, member, network_a):
    record(network_a, coordinator, action="body.created", object_id="41",
           when=datetime(2025, 3, 1, tzinfo=UTC))
    record(network_a, member, action="body.updated", object_id="42",
           when=datetime(2025, 6, 1, tzinfo=UTC))
    record(network_a, member, action="body.updated", object_id="1042",
           when=datetime(2026, 1, 5, tzinfo=UTC))

    def ids(**params):
        response = coordinator_client.get(EVENTS, params)
        assert response.status_code == 200
        return sorted(event.object_id for event in response.context["page"])

    assert ids() == ["1042", "41", "42"]
    assert ids(actor=member.pk) == ["1042", "42"]
    assert ids(action="body.created") == ["41"]
    # Exact: the object 42 is not the object 1042 (nor 4, nor 142).
    assert ids(object_type="tenancy.body", object_id="42") == ["42"]
    assert ids(object_id="4") == []
    assert ids(date_from="2025-05-01", date_to="2025-12-31") == ["42"]
    assert ids(date_to="2025-06-01") == ["41", "42"]


def test_the_action_filter_offers_the_known_actions_with_their_labels(coordinator_client,
                                                                      coordinator, network_a):
    record(network_a, coordinator, action="api_token.created")

    page = coordinator_client.get(EVENTS).content.decode()

    assert '<option value="api_token.created">API token created</option>' in page
    assert '<option value="tenancy.body">Body</option>' in page


def test_who_is_looked_for_by_name_not_picked_from_every_member(coordinator_client,
                                                                coordinator, member,
                                                                network_a):
    record(network_a, coordinator, object_id="1")
    record(network_a, member, object_id="2")
    surname = member.user.full_name.split()[-1]

    response = coordinator_client.get(EVENTS, {"actor_name": surname})

    assert [e.object_id for e in response.context["page"]] == ["2"]
    page = response.content.decode()
    assert '<select name="actor"' not in page
    assert '<label for="id_actor_name">Who</label>' in page
    assert f'value="{surname}"' in page


def test_a_reversed_period_is_a_clear_error_not_a_crash(coordinator_client, coordinator,
                                                        network_a):
    record(network_a, coordinator)

    response = coordinator_client.get(EVENTS, {"date_from": "2026-02-01",
                                               "date_to": "2026-01-01"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "The end of the period is before its start." in page
    assert 'aria-describedby="id_date_to_error"' in page
    assert response.context["page"] is None


@pytest.mark.parametrize("params", [
    {"actor": "999999"}, {"action": "no.such_action"}, {"date_from": "yesterday"},
    {"object_id": "x" * 81}, {"actor": "<script>"}, {"page": "last'--"},
])
def test_hostile_filters_answer_with_a_form_error_or_the_first_page(coordinator_client,
                                                                    coordinator, params):
    response = coordinator_client.get(EVENTS, params)
    assert response.status_code in (200, 400)


def test_another_networks_member_is_not_a_valid_actor(coordinator_client, outsider):
    response = coordinator_client.get(EVENTS, {"actor": outsider.pk})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_trail_is_paged_by_fifty_newest_first_older_and_newer(coordinator_client,
                                                                   coordinator, network_a):
    for i in range(120):
        record(network_a, coordinator, object_id=str(i))

    first = coordinator_client.get(EVENTS)
    assert [e.object_id for e in first.context["page"]][:2] == ["119", "118"]
    assert len(first.context["page"]) == 50
    assert 'aria-label="Pages of the audit log"' in first.content.decode()
    older = first.context["page"].older
    second = coordinator_client.get(EVENTS, {"before": older})
    assert second.context["page"].events[0].object_id == "69"
    third = coordinator_client.get(EVENTS, {"before": second.context["page"].older})
    assert [e.object_id for e in third.context["page"]] == [str(i) for i in range(19, -1, -1)]
    assert third.context["page"].older is None
    back = coordinator_client.get(EVENTS, {"after": third.context["page"].newer})
    assert [e.object_id for e in back.context["page"]] == \
        [e.object_id for e in second.context["page"]]
    assert "Newest" in back.content.decode()


def test_a_page_of_the_trail_neither_counts_nor_scans_the_whole_trail(coordinator_client,
                                                                       coordinator,
                                                                       network_a):
    """A national network's trail holds millions of events: a page reads one page of them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(60):
        record(network_a, coordinator, object_id=str(i))
    coordinator_client.get(EVENTS)
    with CaptureQueriesContext(connection) as captured:
        response = coordinator_client.get(EVENTS, {"action": "body.updated"})
    assert len(response.context["page"]) == 50
    audit_reads = [q["sql"] for q in captured.captured_queries
                   if 'FROM "audit_auditevent"' in q["sql"]]
    assert not any("COUNT(" in sql or "DISTINCT" in sql for sql in audit_reads)
    assert all("LIMIT" in sql for sql in audit_reads)


@pytest.mark.parametrize("cursor", ["", "1-", "x-1", "9" * 19 + "-1", "-5-3", "1-2-3",
                                    "<script>"])
def test_a_made_up_page_cursor_shows_a_page_not_an_error(coordinator_client, coordinator,
                                                         network_a, cursor):
    record(network_a, coordinator)
    for key in ("before", "after"):
        assert coordinator_client.get(EVENTS, {key: cursor}).status_code == 200


# --- verification --------------------------------------------------------------------------

def test_verifying_from_the_page_reports_an_intact_chain_and_remembers_it(
        coordinator_client, coordinator, network_a):
    record(network_a, coordinator)

    response = coordinator_client.post(VERIFY, follow=True)

    page = response.content.decode()
    assert "The audit chain is intact: 1 event checked." in page
    assert "Last verified" in page and "Intact" in page
    with scopes_disabled():
        verification = AuditEvent.objects.get(action="audit.chain_verified")
    assert verification.summary == {"result": "intact", "events_checked": 1, "reads_checked": 0}
    assert verification.actor_id == coordinator.user_id


def test_verifying_from_the_page_names_the_first_broken_link(privacy_client, coordinator,
                                                             network_a):
    first = record(network_a, coordinator)
    record(network_a, coordinator)
    raw_sql("UPDATE audit_auditevent SET object_id = '8' WHERE id = %s", [first.pk])

    page = privacy_client.post(VERIFY, follow=True).content.decode()

    assert "The audit chain is broken" in page
    assert f"event id {first.pk}" in page
    assert "First broken link: year" in page


def test_verifying_needs_a_post(coordinator_client, coordinator):
    assert coordinator_client.get(VERIFY).status_code == 405


# --- export ---------------------------------------------------------------------------------

def test_the_export_is_a_spreadsheet_safe_utf8_file_named_after_network_and_day(
        coordinator_client, coordinator, network_a):
    record(network_a, coordinator, actor_label='=HYPERLINK("http://evil.example","Click")',
           object_id="@SUM(A1)", purpose="-2+3", summary={"fields": ["name"]})
    record(network_a, coordinator, actor_label="Jürgen Weiß", object_id="+31")

    response = coordinator_client.get(EXPORT)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    # The day as the network's clock shows it: the export is named in the network's zone.
    today = datetime.now(ZoneInfo(network_a.time_zone)).date().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="audit-rheinstadt-{today}.csv"')
    rows = export_rows(response)
    header, *events = rows
    assert header[:5] == ["Time", "Who", "Organisation", "Action", "Action code"]
    by_actor = {row[1]: row for row in events}
    formula = by_actor["'=HYPERLINK(\"http://evil.example\",\"Click\")"]
    assert formula[2] == "Stadt Rheinstadt"  # the organisation the member acted for
    assert formula[6] == "'@SUM(A1)"
    assert formula[9] == "'-2+3"
    assert formula[3] == "Body updated"
    assert by_actor["Jürgen Weiß"][6] == "'+31"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_defused(start):
    from accord.audit.export import safe_cell

    assert safe_cell(f"{start}cmd") == f"'{start}cmd"
    assert safe_cell("plain") == "plain"
    assert safe_cell(None) == ""


def test_the_export_follows_the_filters_and_is_itself_audited(coordinator_client, coordinator,
                                                              member, network_a):
    record(network_a, coordinator, action="body.created", object_id="1")
    record(network_a, member, action="body.updated", object_id="2")

    response = coordinator_client.get(EXPORT, {"actor": member.pk, "action": "body.updated"})

    rows = export_rows(response)
    assert [row[6] for row in rows[1:]] == ["2"]
    with scopes_disabled():
        exported = AuditEvent.objects.get(action="audit.exported")
    assert exported.network_id == network_a.pk
    assert exported.actor_id == coordinator.user_id
    assert exported.summary == {"format": "csv", "filters": {
        "actor_membership": member.pk, "action": "body.updated"}}


def test_an_export_with_invalid_filters_exports_nothing_and_audits_nothing(
        coordinator_client, coordinator, network_a):
    record(network_a, coordinator)

    response = coordinator_client.get(EXPORT, {"date_from": "2026-02-01",
                                               "date_to": "2026-01-01"})

    assert response.status_code == 400
    with scopes_disabled():
        assert not AuditEvent.objects.filter(action="audit.exported").exists()


def test_the_export_link_carries_the_filters_in_use(coordinator_client, coordinator, network_a):
    record(network_a, coordinator, action="body.created")

    page = coordinator_client.get(EVENTS, {"action": "body.created", "page": "1"})

    assert f'href="{EXPORT}?action=body.created"' in page.content.decode()


def test_a_folded_batch_of_reads_shows_in_the_trail_with_its_count(coordinator_client,
                                                                    coordinator):
    from accord.audit.access import access_fold, access_record

    access_record(membership=coordinator, object_type="meetings.minuteentry",
                  object_ids=[17, 18], categories=["minutes"], purpose="meeting preparation",
                  effect="permit", rule="minutes.present")
    access_fold(force=True)

    page = coordinator_client.get(EVENTS).content.decode()

    assert "Reads of sensitive data folded into the chain" in page
    assert "Read records: 2" in page


def test_the_trail_scrolls_in_its_own_focusable_region_so_the_page_reflows(coordinator_client):
    page = coordinator_client.get(EVENTS).content.decode()
    assert "newest first" in scroll_region_caption(page)


# --- the actor is a membership ------------------------------------------------------------

def test_an_event_names_the_membership_and_organisation_that_acted(coordinator_client,
                                                                   coordinator, network_a):
    from django_scopes import scope

    from accord.audit.verification import verify_chain
    from accord.tenancy.services import body_create

    with scope(network=network_a.pk):
        body_create(by=coordinator, name="Lenkungskreis", kind="strategic")
    with scopes_disabled():
        event = AuditEvent.objects.get(action="body.created")

    assert (event.actor_id, event.actor_membership_id, event.actor_organisation_id) == (
        coordinator.user_id, coordinator.pk, coordinator.organisation_id)
    assert verify_chain(network_a.pk).intact
    page = coordinator_client.get(EVENTS).content.decode()
    assert f"{coordinator.user} <span class=\"muted\">(Stadt Rheinstadt)</span>" in page


def test_the_acting_membership_is_covered_by_the_events_hash(coordinator, network_a, member):
    from accord.audit.verification import verify_chain

    event = record(network_a, coordinator)
    record(network_a)  # an event without a membership verifies as before
    assert verify_chain(network_a.pk).intact

    raw_sql("UPDATE audit_auditevent SET actor_membership_id = %s WHERE id = %s",
            [member.pk, event.pk])

    broken = verify_chain(network_a.pk).broken
    assert broken.event_id == event.pk and "row altered" in broken.problem
