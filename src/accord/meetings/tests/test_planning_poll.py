"""Finding a date (issue 16, part 1): proposing dates, answering by page and e-mail link,
the best dates, closing, choosing, and what each person sees."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope

from accord.audit.models import AuditEvent
from accord.core.models import OutgoingMail
from accord.meetings.models import DateAnswer, Meeting
from accord.meetings.services import planning
from accord.meetings.tests.conftest import person, schedule
from accord.policy import Denied
from accord.tenancy.models import BodyRole
from accord.testing import factories


def _day(days: int, hour: int = 14):
    return (timezone.now() + timedelta(days=days)).replace(hour=hour, minute=0, second=0,
                                                           microsecond=0)


@pytest.fixture
def poll(cast):
    c = cast
    with scope(network=c.network.pk):
        c.meeting = schedule(c, hours=24 * 20, title="Fallkonferenz April")
        c.options = [(_day(d), _day(d) + timedelta(hours=2)) for d in (10, 11, 12)]
        c.poll = planning.date_poll_create(membership=c.chair, meeting=c.meeting,
                                           options=c.options)
        c.dates = list(c.poll.options.all())
    return c


def _links(c, who) -> dict[str, str]:
    """The answer links of `who`'s poll e-mail: "<option index>:<answer>" → path."""
    with scope(network=c.network.pk):
        text = OutgoingMail.objects.get(key=f"date-poll:{c.poll.pk}:{who.pk}").text
    urls = re.findall(r"http://\S+/planning/poll/\S+/", text)
    assert len(urls) == 3 * len(c.dates)
    answers = ("yes", "if_need_be", "no")
    return {f"{i}:{answers[j]}": urls[i * 3 + j].split("://", 1)[1].split("/", 1)[1]
            for i in range(len(c.dates)) for j in range(3)}


def test_the_bodys_members_are_asked_by_email_with_a_link_per_date_and_answer(poll):
    c = poll
    with scope(network=c.network.pk):
        keys = set(OutgoingMail.objects.values_list("key", flat=True))
        mail_text = OutgoingMail.objects.get(key=f"date-poll:{c.poll.pk}:{c.member.pk}").text
    seated = {c.chair, c.secretary, c.member, c.leaver, c.adviser, c.seated_observer}
    assert {f"date-poll:{c.poll.pk}:{p.pk}" for p in seated} <= keys
    assert f"date-poll:{c.poll.pk}:{c.coordinator.pk}" not in keys  # not seated
    assert "Fallkonferenz April" in mail_text and "If need be" in mail_text
    assert len(_links(c, c.member)) == 9
    with scope(network=c.network.pk):
        assert AuditEvent.objects.filter(action="date_poll.created").count() == 1


def test_an_email_link_asks_once_then_stores_the_answer_and_a_second_press_changes_nothing(
        poll, client):
    c = poll
    link = "/" + _links(c, c.member)["1:if_need_be"]
    page = client.get(link)
    assert page.status_code == 200 and "Answer “If need be”" in page.content.decode()
    with scope(network=c.network.pk):
        assert not DateAnswer.objects.exists()  # a mail scanner's GET stores nothing
    done = client.post(link)
    assert done.status_code == 200 and "is saved" in done.content.decode()
    again = client.post(link)
    assert again.status_code == 200
    with scope(network=c.network.pk):
        answer = DateAnswer.objects.get()
        assert (answer.option, answer.membership, answer.answer, answer.via) == (
            c.dates[1], c.member, "if_need_be", "email")
        assert AuditEvent.objects.filter(action="date_poll.answered").count() == 1


def test_a_changed_or_foreign_link_is_refused_and_stores_nothing(poll, client):
    c = poll
    link = "/" + _links(c, c.member)["0:yes"]
    tampered = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    assert client.post(tampered).status_code == 410
    assert client.post("/planning/poll/" + "x" * 300 + "/").status_code == 410
    with scope(network=c.network.pk):
        assert not DateAnswer.objects.exists()


def test_a_link_after_the_poll_closed_says_so_with_410_and_stores_nothing(poll, client):
    c = poll
    link = "/" + _links(c, c.member)["0:yes"]
    with scope(network=c.network.pk):
        planning.date_poll_choose(membership=c.chair, poll=c.poll, option=c.dates[2])
    for method in (client.get, client.post):
        response = method(link)
        assert response.status_code == 410
        assert "This date poll is closed" in response.content.decode()
    with scope(network=c.network.pk):
        assert not DateAnswer.objects.exists()


def test_a_poll_past_its_closing_time_takes_no_answers(poll):
    c = poll
    with scope(network=c.network.pk):
        c.poll.closes_at = timezone.now() - timedelta(minutes=1)
        c.poll.save()
        with pytest.raises(planning.PollClosed):
            planning.date_answers_set(membership=c.member, poll=c.poll,
                                      answers={c.dates[0].pk: "yes"})
        assert not DateAnswer.objects.exists()


def test_members_answer_on_the_page_and_an_unknown_date_stores_nothing(poll):
    c = poll
    client = factories.signed_in_client(c.member.user)
    url = f"/n/{c.network.slug}/meetings/{c.meeting.pk}/date-poll/"
    page = client.get(url)
    assert page.status_code == 200 and "Your answers" in page.content.decode()
    saved = client.post(url, {f"option_{c.dates[0].pk}": "yes",
                              f"option_{c.dates[1].pk}": "no"})
    assert saved.status_code == 302
    with scope(network=c.network.pk):
        assert dict(DateAnswer.objects.values_list("option_id", "answer")) == {
            c.dates[0].pk: "yes", c.dates[1].pk: "no"}
        other = planning.date_poll_create(
            membership=c.chair, meeting=schedule(c, hours=24 * 40, title="Mai"),
            options=[(_day(30), _day(30) + timedelta(hours=1))])
        foreign = other.options.get()
        with pytest.raises(Exception) as refused:
            planning.date_answers_set(membership=c.member, poll=c.poll,
                                      answers={c.dates[2].pk: "yes", foreign.pk: "yes"})
        assert "not part of this poll" in str(refused.value)
        assert DateAnswer.objects.count() == 2


def test_outside_the_body_no_answer_and_another_network_does_not_see_the_poll(
        poll, coordinator, outsider_client):
    c = poll
    stranger = person(c.network, "stranger")
    with scope(network=c.network.pk), pytest.raises(Denied):
        planning.date_answers_set(membership=stranger, poll=c.poll,
                                  answers={c.dates[0].pk: "yes"})
    url = f"/n/{c.network.slug}/meetings/{c.meeting.pk}/date-poll/"
    assert outsider_client.get(url).status_code == 404
    assert factories.signed_in_client(c.member.user).get(
        f"/n/{c.network.slug}/meetings/{c.meeting.pk}/date-poll/new/").status_code == 403


def test_the_best_date_weighs_the_organisations_that_must_be_present(poll):
    """Date 0 has more yeses, but the leaver's organisation (a voting member's) cannot come;
    date 1 has every organisation."""
    c = poll
    answers = {
        c.chair: ("yes", "yes", "no"), c.secretary: ("yes", "if_need_be", "no"),
        c.member: ("yes", "yes", "no"), c.leaver: ("no", "if_need_be", "no"),
        c.adviser: ("yes", "no", "no"), c.seated_observer: ("yes", "no", "no"),
    }
    with scope(network=c.network.pk):
        for who, values in answers.items():
            planning.date_answers_set(membership=who, poll=c.poll, answers={
                d.pk: v for d, v in zip(c.dates, values, strict=True)})
    page = factories.signed_in_client(c.chair.user).get(
        f"/n/{c.network.slug}/meetings/{c.meeting.pk}/date-poll/").content.decode()
    best = page.split('class="best"', 1)[1].split("</tr>", 1)[0]
    with scope(network=c.network.pk):
        from accord.meetings.planning_selectors import poll_board

        board = poll_board(c.chair, c.poll)
    assert [row.option for row in board.ranked] == [c.dates[1], c.dates[0], c.dates[2]]
    assert board.ranked[1].missing == [c.leaver.organisation]
    assert "Best" in best and "Choose" in best
    assert board.rows[0].yes == 5 and board.rows[1].if_need_be == 2


def test_answers_for_organisers_only_are_hidden_from_the_body(cast):
    c = cast
    with scope(network=c.network.pk):
        meeting = schedule(c, hours=24 * 20)
        poll = planning.date_poll_create(membership=c.secretary, meeting=meeting,
                                         options=[(_day(9), _day(9) + timedelta(hours=1))],
                                         answers_visibility="organisers")
        planning.date_answers_set(membership=c.leaver, poll=poll,
                                  answers={poll.options.get().pk: "no"})
    url = f"/n/{c.network.slug}/meetings/{meeting.pk}/date-poll/"
    member_page = factories.signed_in_client(c.member.user).get(url).content.decode()
    chair_page = factories.signed_in_client(c.chair.user).get(url).content.decode()
    assert "Leaver" not in member_page and "keep the answers to themselves" in member_page
    assert "Leaver" in chair_page and "Everyone" in chair_page


def test_choosing_a_date_moves_the_meeting_and_invitations_go_out_as_today(poll):
    c = poll
    client = factories.signed_in_client(c.chair.user)
    response = client.post(f"/n/{c.network.slug}/meetings/{c.meeting.pk}/date-poll/choose/",
                           {"option": c.dates[2].pk})
    assert response.status_code == 302
    with scope(network=c.network.pk):
        meeting = Meeting.objects.get(pk=c.meeting.pk)
        assert (meeting.starts_at, meeting.ends_at) == c.options[2]
        assert AuditEvent.objects.filter(action="meeting.updated").exists()
        from accord.meetings.services import agenda

        agenda.agenda_item_create(membership=c.chair, meeting=meeting, title="Fälle")
        mail.outbox.clear()
        with c.on_commit(execute=True):
            agenda.agenda_publish(membership=c.chair, meeting=meeting)
    invitation = next(m for m in mail.outbox if m.to == [c.member.user.email])
    assert invitation.attachments and "/planning/reply/" in invitation.body
    assert client.post(f"/n/{c.network.slug}/meetings/{c.meeting.pk}/date-poll/choose/",
                       {"option": c.dates[0].pk}).status_code == 409


def test_only_a_scheduled_meeting_without_a_poll_gets_one_and_bad_dates_are_refused(poll):
    c = poll
    with scope(network=c.network.pk):
        with pytest.raises(planning.Refused):
            planning.date_poll_create(membership=c.chair, meeting=c.meeting,
                                      options=c.options)
        fresh = schedule(c, hours=24 * 50, title="Juni")
        past = timezone.now() - timedelta(days=1)
        for options in ([], [(past, past + timedelta(hours=1))],
                        [(_day(5), _day(5) - timedelta(hours=1))],
                        [(_day(5), _day(5) + timedelta(hours=1))] * 2):
            with pytest.raises(Exception):
                planning.date_poll_create(membership=c.chair, meeting=fresh, options=options)
        assert not hasattr(Meeting.objects.get(pk=fresh.pk), "date_poll_cached")
        with pytest.raises(Denied):
            planning.date_poll_create(membership=c.member, meeting=fresh, options=c.options)


def test_the_proposal_form_creates_the_poll(cast):
    c = cast
    with scope(network=c.network.pk):
        meeting = schedule(c, hours=24 * 20)
    client = factories.signed_in_client(c.secretary.user)
    url = f"/n/{c.network.slug}/meetings/{meeting.pk}/date-poll/new/"
    assert client.get(url).status_code == 200
    refused = client.post(url, {"duration_minutes": 90, "answers_visibility": "body"})
    assert refused.status_code == 400 and "at least one date" in refused.content.decode()
    start = _day(8).astimezone(timezone.get_default_timezone())
    created = client.post(url, {"duration_minutes": 90, "answers_visibility": "body",
                                "start_1": start.strftime("%Y-%m-%dT%H:%M"),
                                "start_2": (start + timedelta(days=1)).strftime(
                                    "%Y-%m-%dT%H:%M")})
    assert created.status_code == 302
    with scope(network=c.network.pk):
        options = list(meeting.date_poll.options.all())
    assert len(options) == 2 and options[0].ends_at - options[0].starts_at == timedelta(
        minutes=90)


def _big_poll(c, members: int, options: int):
    with scope(network=c.network.pk):
        for n in range(members):
            who = person(c.network, f"m{members}x{n}")
            factories.add_to_body(c.body, who,
                                  role=BodyRole.MEMBER if n % 3 else BodyRole.ADVISER,
                                  voting_right=bool(n % 3))
        meeting = schedule(c, hours=24 * 60 + members, title=f"Groß {members}")
        poll = planning.date_poll_create(
            membership=c.chair, meeting=meeting,
            options=[(_day(30 + d, 9 + members % 5), _day(30 + d, 9 + members % 5)
                      + timedelta(hours=1)) for d in range(options)])
        dates = list(poll.options.all())
        from accord.tenancy.models import BodyMembership

        for seat in BodyMembership.objects.filter(body=c.body).select_related("membership"):
            DateAnswer.objects.bulk_create([DateAnswer(
                network=c.network, option=d, membership=seat.membership,
                answer=("yes", "if_need_be", "no")[(seat.pk + i) % 3])
                for i, d in enumerate(dates)])
    return meeting


def _queries(client, path: str) -> tuple[int, str]:
    # A request begins by emptying the query log: empty it first, so the count starts at 0.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        assert response.status_code == 200
    return len(captured), response.content.decode()


def test_a_poll_with_60_members_and_8_dates_renders_in_a_constant_number_of_queries(cast):
    c = cast
    small = _big_poll(c, 3, 2)
    client = factories.signed_in_client(c.chair.user)
    url = f"/n/{c.network.slug}/meetings/{{}}/date-poll/"
    client.get(url.format(small.pk))  # the session and the policy's caches, warmed
    few, _page = _queries(client, url.format(small.pk))
    big = _big_poll(c, 57, 8)
    client.get(url.format(big.pk))
    many, page = _queries(client, url.format(big.pk))
    assert few > 5 and many <= few
    assert page.count("<tr") > 60 and page.count('type="radio"') == 8 * 3


def test_the_lead_organisation_of_a_case_on_the_agenda_must_be_present(poll):
    """The case's lead organisation has nobody in the body: every date misses it, and the
    organiser's replies page flags it."""
    from accord.cases.models import Case
    from accord.meetings.planning_selectors import poll_board, turnout
    from accord.meetings.services import agenda

    c = poll
    lead = factories.make_organisation(c.network, name="Jugendamt Süd")
    with scope(network=c.network.pk):
        case = Case.objects.create(network=c.network, reference="RS-2026-031",
                                   source_sector="school", lead_organisation=lead)
        agenda.agenda_item_create(membership=c.chair, meeting=c.meeting, title="Fall",
                                  kind="case", case=case)
        board = poll_board(c.chair, c.poll)
        flagged = [e.organisation for e in turnout(c.meeting) if e.flagged]
    assert lead in board.required and all(lead in row.missing for row in board.rows)
    assert lead in flagged
