from datetime import date

import pytest

from accord.charter import services
from accord.charter.models import PracticeStatus
from accord.charter.roadmap import CHALLENGES, PRACTICES, next_steps
from accord.policy import Denied

TODAY = date(2026, 11, 1)


def test_the_roadmap_holds_the_fifteen_practices_and_five_challenges():
    assert len(PRACTICES) == 15 and len({p.code for p in PRACTICES}) == 15
    assert len(CHALLENGES) == 5


def test_a_new_network_is_offered_two_first_steps_from_the_basics():
    steps = next_steps(statuses={}, network_created=date(2026, 10, 1), today=TODAY)
    assert [p.code for p in steps] == ["basics", "know_each_other"]


def test_work_under_way_comes_first_and_done_or_unneeded_practices_never_return():
    statuses = {"basics": "in_place", "know_each_other": "not_needed", "roles": "in_progress"}
    steps = next_steps(statuses=statuses, network_created=date(2024, 1, 1), today=TODAY)
    assert [p.code for p in steps] == ["roles", "levels_separated"]


def test_an_established_network_gets_the_written_rules_it_still_lacks():
    done = {p.code: "in_place" for p in PRACTICES if p.code not in ("level_system",
                                                                     "minutes_policy")}
    steps = next_steps(statuses=done, network_created=date(2020, 1, 1), today=TODAY)
    assert [p.code for p in steps] == ["minutes_policy", "level_system"]


@pytest.mark.usefixtures("in_a")
def test_a_status_change_is_audited_by_field_name(coordinator, member):
    services.practice_status_set(membership=coordinator, practice="definitions",
                                 status="in_progress", owner=member, note="Three words first")
    record = PracticeStatus.objects.get()
    assert (record.status, record.owner, record.note) == ("in_progress", member,
                                                          "Three words first")
    with pytest.raises(Denied):
        services.practice_status_set(membership=member, practice="definitions",
                                     status="in_place")


def test_the_roadmap_page_leads_with_next_steps_and_offers_editing_to_editors_only(
        coordinator_client, member_client):
    url = "/n/rheinstadt/charter/roadmap/"
    page = coordinator_client.get(url).content.decode()
    assert page.index("Next steps") < page.index("All practices")
    assert 'name="basics-status"' in page
    assert 'name="basics-status"' not in member_client.get(url).content.decode()
    saved = coordinator_client.post("/n/rheinstadt/charter/roadmap/basics/",
                                    {"basics-status": "in_place", "basics-note": "Done"})
    assert saved.status_code == 302 and saved["Location"].endswith("#practice-basics")
    refused = member_client.post("/n/rheinstadt/charter/roadmap/basics/",
                                 {"basics-status": "in_place"})
    assert refused.status_code == 403
    assert "chair or secretary may change the charter" in refused.content.decode()
