"""The planning API (issue 16): /meetings/{id}/date-poll, …/date-poll/answers and
/meetings/{id}/replies, with their bad input (a closed poll, an unknown date, a deputy of
another organisation or network) refused with nothing stored."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope

from accord.meetings.models import DateAnswer, DatePoll, Meeting, Reply
from accord.meetings.services import agenda, planning
from accord.meetings.tests.conftest import schedule
from accord.testing import factories


def _api(c, path: str) -> str:
    return f"/api/v1/n/{c.network.slug}/meetings/{c.meeting.pk}{path}"


def _json(client, method: str, path: str, body) -> object:
    return getattr(client, method)(path, data=json.dumps(body), content_type="application/json")


def _at(days: int) -> str:
    return (timezone.now() + timedelta(days=days)).replace(microsecond=0).isoformat()


@pytest.fixture
def planned(cast):
    c = cast
    with scope(network=c.network.pk):
        c.meeting = schedule(c, hours=24 * 20, title="Fallkonferenz Juni")
    c.chair_api = factories.signed_in_client(c.chair.user)
    c.member_api = factories.signed_in_client(c.member.user)
    return c


def test_propose_answer_read_and_choose_through_the_api(planned):
    c = planned
    created = _json(c.chair_api, "post", _api(c, "/date-poll"), {
        "options": [{"starts_at": _at(10), "ends_at": _at(10.1)},
                    {"starts_at": _at(11), "ends_at": _at(11.1)}],
        "answers_visibility": "body"})
    assert created.status_code == 201, created.content
    options = [o["id"] for o in created.json()["options"]]
    answered = _json(c.member_api, "post", _api(c, "/date-poll/answers"), {
        "answers": [{"option_id": options[0], "answer": "no"},
                    {"option_id": options[1], "answer": "yes"}]})
    assert answered.status_code == 200
    assert {a["answer"] for a in answered.json()} == {"no", "yes"}
    poll = c.member_api.get(_api(c, "/date-poll")).json()
    assert poll["my_answers"] == {str(options[0]): "no", str(options[1]): "yes"}
    assert poll["options"][1]["rank"] == 1 and poll["options"][1]["yes"] == 1
    everyone = c.chair_api.get(_api(c, "/date-poll/answers")).json()
    assert [a["name"] for a in everyone] == [c.member.user.full_name] * 2
    assert _json(c.member_api, "put", _api(c, "/date-poll"),
                 {"chosen_option_id": options[1]}).status_code == 403
    chosen = _json(c.chair_api, "put", _api(c, "/date-poll"), {"chosen_option_id": options[1]})
    assert chosen.status_code == 200 and chosen.json()["chosen_option_id"] == options[1]
    assert chosen.json()["is_open"] is False
    with scope(network=c.network.pk):
        assert Meeting.objects.get(pk=c.meeting.pk).starts_at.isoformat() \
            == poll["options"][1]["starts_at"].replace("Z", "+00:00")


def test_an_answer_after_the_poll_closed_is_a_409_and_nothing_is_stored(planned):
    c = planned
    with scope(network=c.network.pk):
        poll = planning.date_poll_create(membership=c.chair, meeting=c.meeting, options=[
            (timezone.now() + timedelta(days=9), timezone.now() + timedelta(days=9, hours=1))])
        option = poll.options.get()
        planning.date_poll_choose(membership=c.chair, poll=poll, option=option)
    late = _json(c.member_api, "post", _api(c, "/date-poll/answers"),
                 {"answers": [{"option_id": option.pk, "answer": "yes"}]})
    assert late.status_code == 409 and "closed" in late.json()["detail"]
    with scope(network=c.network.pk):
        assert not DateAnswer.objects.exists()


def test_unknown_dates_and_bad_answers_are_refused_with_nothing_stored(planned):
    c = planned
    with scope(network=c.network.pk):
        poll = planning.date_poll_create(membership=c.chair, meeting=c.meeting, options=[
            (timezone.now() + timedelta(days=9), timezone.now() + timedelta(days=9, hours=1))])
        option = poll.options.get()
    path = _api(c, "/date-poll/answers")
    for body in ({"answers": [{"option_id": option.pk, "answer": "yes"},
                              {"option_id": 999999, "answer": "yes"}]},
                 {"answers": [{"option_id": option.pk, "answer": "maybe"}]},
                 {"answers": [{"option_id": option.pk, "answer": "yes"},
                              {"option_id": option.pk, "answer": "no"}]},
                 {"answers": []}, {"answers": [{"option_id": option.pk}]},
                 {"answers": [{"option_id": option.pk, "answer": "yes"}], "extra": 1}):
        response = _json(c.member_api, "post", path, body)
        assert response.status_code == 422, (body, response.content)
    unknown = _json(c.member_api, "post", path,
                    {"answers": [{"option_id": 999999, "answer": "yes"}]}).json()
    assert "not part of this poll" in json.dumps(unknown)
    assert _json(c.chair_api, "put", _api(c, "/date-poll"),
                 {"chosen_option_id": 999999}).status_code == 422
    bad_poll = _json(c.chair_api, "post", _api(c, "/date-poll"), {"options": [
        {"starts_at": _at(3), "ends_at": _at(2)}]})
    assert bad_poll.status_code in (409, 422)
    with scope(network=c.network.pk):
        assert not DateAnswer.objects.exists()
        assert DatePoll.objects.count() == 1


def test_a_meeting_without_a_poll_is_404_and_another_network_sees_nothing(planned, outsider):
    c = planned
    assert c.member_api.get(_api(c, "/date-poll")).status_code == 404
    outsider_client = factories.signed_in_client(outsider.user)
    path = f"/api/v1/n/{c.network.slug}/meetings/{c.meeting.pk}/replies"
    assert outsider_client.get(path).status_code == 404


def test_replies_through_the_api_with_deputies_checked(planned, outsider):
    c = planned
    with scope(network=c.network.pk):
        agenda.agenda_item_create(membership=c.chair, meeting=c.meeting, title="Fälle")
        agenda.agenda_publish(membership=c.chair, meeting=c.meeting)
        colleague = factories.make_member(c.network, organisation=c.member.organisation)
    path = _api(c, "/replies")
    for deputy in (c.leaver.pk, outsider.pk, 999999):  # another organisation, network, nobody
        refused = _json(c.member_api, "post", path, {"answer": "deputy", "deputy_id": deputy})
        assert refused.status_code == 422
        assert "own organisation" in json.dumps(refused.json())
    assert _json(c.member_api, "post", path, {"answer": "deputy"}).status_code == 422
    assert _json(c.member_api, "post", path, {"answer": "late"}).status_code == 422
    with scope(network=c.network.pk):
        assert not Reply.objects.exists()
    ok = _json(c.member_api, "post", path, {"answer": "deputy", "deputy_id": colleague.pk,
                                            "note": "Fortbildung"})
    assert ok.status_code == 200 and ok.json()["deputy_id"] == colleague.pk
    assert ok.json()["via"] == "api"
    assert _json(factories.signed_in_client(c.leaver.user), "post", path,
                 {"answer": "remote"}).status_code == 200
    assert len(c.chair_api.get(path).json()) == 2
    mine = c.member_api.get(path).json()
    assert [r["membership_id"] for r in mine] == [c.member.pk]
