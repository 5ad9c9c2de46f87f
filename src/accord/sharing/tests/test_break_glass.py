"""Break-glass: a stated reason opens the case for a while, the reads are disclosures under the
break-glass rule, it expires, and the privacy officer reviews it; plus "who saw this case"."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope

from accord.audit.models import AuditEvent
from accord.cases.access import decide_facets, read_facets
from accord.cases.facets import CaseFacet
from accord.policy import Denied
from accord.sharing import break_glass as bg
from accord.sharing.models import BreakGlass, Disclosure
from accord.testing import factories

REASON = "Acute threat reported by the school this morning; need the signal."


def _start(world, member=None, reason=REASON):
    with scope(network=world.network.pk):
        return bg.break_glass_start(membership=member or world.counsellor, case=world.case,
                                    reason=reason)


def _decide(world, member, category="signal"):
    with scope(network=world.network.pk):
        return decide_facets(member, [CaseFacet(world.case, category)], purpose="case_work")[0]


def test_break_glass_permits_then_expires(world):
    assert not _decide(world, world.counsellor).allowed
    access = _start(world)
    assert access.expires_at - access.started_at == timedelta(hours=4)
    decision = _decide(world, world.counsellor)
    assert decision.allowed and decision.rule == "cases.data.break_glass"
    assert decision.basis == "break_glass"
    # Someone else of the same organisation is not opened by it.
    other = factories.make_member(world.network, organisation=world.counselling,
                                  roles=("member",))
    assert not _decide(world, other).allowed
    with scope(network=world.network.pk):
        read_facets(world.counsellor, [CaseFacet(world.case, "signal")], purpose="case_work")
        [row] = Disclosure.objects.all()
        assert row.rule == "cases.data.break_glass" and row.recipient == world.counsellor
        BreakGlass.objects.filter(pk=access.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1))
    assert not _decide(world, world.counsellor).allowed


def test_setting_changes_the_duration(world, settings):
    settings.ACCORD_BREAK_GLASS_HOURS = 1
    access = _start(world)
    assert access.expires_at - access.started_at == timedelta(hours=1)


def test_ending_early_closes_it(world):
    access = _start(world)
    client = factories.signed_in_client(world.counsellor.user)
    response = client.post(f"/n/{world.network.slug}/break-glass/{access.pk}/end/")
    assert response.status_code == 302
    assert not _decide(world, world.counsellor).allowed
    # Another member cannot end it.
    police = factories.signed_in_client(world.police_member.user)
    assert police.post(f"/n/{world.network.slug}/break-glass/{access.pk}/end/"
                       ).status_code == 404


@pytest.mark.parametrize("reason", ["", "because", " " * 30, "x" * 19])
def test_a_short_reason_is_refused(world, reason):
    with pytest.raises(ValidationError):
        _start(world, reason=reason)
    with scope(network=world.network.pk):
        assert not BreakGlass.objects.exists()


def test_a_privacy_officer_cannot_break_the_glass(world):
    with pytest.raises(Denied):
        _start(world, member=world.privacy_officer)


def test_the_page_starts_it_with_a_reason_and_audits(world):
    client = factories.signed_in_client(world.counsellor.user)
    url = f"/n/{world.network.slug}/cases/{world.case.pk}/break-glass/"
    page = client.get(url)
    assert page.status_code == 200 and "privacy officer reviews" in page.content.decode()
    short = client.post(url, {"reason": "too short"})
    assert short.status_code == 400
    with scope(network=world.network.pk):
        assert not BreakGlass.objects.exists()
    assert client.post(url, {"reason": REASON}).status_code == 302
    with scope(network=world.network.pk):
        access = BreakGlass.objects.get()
        assert access.reason == REASON and access.membership == world.counsellor
        event = AuditEvent.objects.get(action="break_glass.started")
        assert REASON not in str(event.summary)
    # Another network's member does not find the case.
    other = factories.signed_in_client(world.other_coordinator.user)
    assert other.post(url, {"reason": REASON}).status_code == 404


def test_the_section_offers_it_where_data_is_refused(world):
    from accord.sharing.consent_sections import break_glass_context

    with scope(network=world.network.pk):
        offer = break_glass_context(None, world.counsellor, world.case)
        assert offer["running"] is None and "Signal" in offer["refused"]
        assert break_glass_context(None, world.privacy_officer, world.case) is None
    access = _start(world)
    with scope(network=world.network.pk):
        assert break_glass_context(None, world.counsellor, world.case)["running"] == access


def test_review_flow(world):
    access = _start(world)
    url = f"/n/{world.network.slug}/break-glass/"
    officer = factories.signed_in_client(world.privacy_officer.user)
    home = officer.get(f"/n/{world.network.slug}/").content.decode()
    assert "1 access awaits your review" in home
    listing = officer.get(url).content.decode()
    assert REASON in listing and "RHS-2026-001" in listing
    # Only the privacy officer reviews; a coordinator reads why not.
    coordinator = factories.signed_in_client(world.coordinator.user)
    refused = coordinator.get(url)
    assert refused.status_code == 403 and "privacy officers review" in refused.content.decode()
    assert "awaits your review" not in coordinator.get(
        f"/n/{world.network.slug}/").content.decode()
    assert coordinator.post(f"{url}{access.pk}/review/", {"note": "fine"}).status_code == 403
    assert officer.post(f"{url}{access.pk}/review/", {"note": ""}).status_code == 400
    done = officer.post(f"{url}{access.pk}/review/", {"note": "Justified: school alert."})
    assert done.status_code == 302
    access.refresh_from_db()
    assert access.reviewed_by == world.privacy_officer and access.reviewed_at is not None
    assert access.review_note == "Justified: school alert."
    assert REASON not in officer.get(url).content.decode()
    assert officer.post(f"{url}{access.pk}/review/", {"note": "again"}).status_code == 400
    with scope(network=world.network.pk):
        assert AuditEvent.objects.filter(action="break_glass.reviewed").count() == 1
    # Another network's privacy officer does not find it.
    other_officer = factories.make_member(world.other_network, roles=("privacy_officer",))
    other = factories.signed_in_client(other_officer.user)
    assert other.post(f"/n/{world.other_network.slug}/break-glass/{access.pk}/review/",
                      {"note": "x"}).status_code == 404


def test_who_saw_this_case(world):
    from django.template.loader import render_to_string

    from accord.sharing.consent_sections import reads_context

    _start(world)
    with scope(network=world.network.pk):
        read_facets(world.counsellor, [CaseFacet(world.case, "signal")], purpose="case_work")
        read_facets(world.case_worker, [CaseFacet(world.case, "assessment")],
                    purpose="case_work")
        assert reads_context(None, world.counsellor, world.case) is None
        context = reads_context(None, world.privacy_officer, world.case)
        reads = context["reads"]
        assert [(r.person, r.categories, r.rule, r.basis) for r in reads] == [
            (world.case_worker.user.full_name, ["Assessment"], "cases.data.own_organisation",
             "own_records"),
            (world.counsellor.user.full_name, ["Signal"], "cases.data.break_glass",
             "break_glass")]
        html = render_to_string("sharing/disclosure_reads.html",
                                {**context, "network": world.network})
    assert f"object_type=cases.case&amp;object_id={world.case.pk}" in html
    officer = factories.signed_in_client(world.privacy_officer.user)
    page = officer.get(f"/n/{world.network.slug}/audit/reads/",
                       {"object_type": "cases.case", "object_id": world.case.pk})
    assert page.status_code == 200
    assert world.counsellor.user.full_name in page.content.decode()
