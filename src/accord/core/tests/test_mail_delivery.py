"""E-mail survives a dead mail server and a killed worker: it waits in the outbox, is retried
with a doubling back-off, is sent once when the server is back, and a second run of the task
that wrote it (after its worker was killed) sends nothing twice."""

from datetime import timedelta

import pytest
from django.core import mail as django_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_scopes import scope
from django_tasks_db.models import DBTaskResult

from accord.core.mail import mail_deliver, mail_send, message_id, retry_delay, retry_due_mail
from accord.core.models import MailStatus, OutgoingMail
from accord.core.workers import current_worker_id, tasks_reclaim_abandoned

pytestmark = pytest.mark.django_db

DEAD_WORKER = "%s:999999999:gone"  # a pid beyond pid_max: no such process on this host


class RefusingBackend(BaseEmailBackend):
    """The mail server is down: every connection is refused."""

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture
def server_down(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend", "OPTIONS": {}}}


def server_back(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend",
                                    "OPTIONS": {}}}


def send_agenda(key: str = "") -> OutgoingMail:
    return mail_send(to="anna@example.test", template="accounts/email/password_changed",
                     key=key, language="en", subject="Password changed",
                     context={"user": {"full_name": "Anna Beispiel"}, "base_url": ""})


def due_now(mail: OutgoingMail) -> None:
    OutgoingMail.objects.filter(pk=mail.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_while_the_mail_server_is_down_the_mail_waits_and_the_sender_sees_no_error(
        server_down, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mail = send_agenda()  # raises nothing: the page that sent it answers as usual

    mail.refresh_from_db()
    assert mail.status == MailStatus.QUEUED
    assert mail.attempts == 1
    assert "Connection refused" in mail.last_error
    assert mail.next_attempt_at > timezone.now() + timedelta(seconds=50)
    assert django_mail.outbox == []


def test_when_the_server_is_back_the_retry_sends_it_once(
        server_down, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mail = send_agenda()
    retry_due_mail.call()  # not due yet: nothing is tried
    assert OutgoingMail.objects.get(pk=mail.pk).attempts == 1

    server_back(settings)
    due_now(mail)
    assert retry_due_mail.call() == 1
    retry_due_mail.call()

    mail.refresh_from_db()
    assert mail.status == MailStatus.SENT and mail.attempts == 2
    assert mail.text == "" and mail.attachments == []  # no sign-in link kept once sent
    assert len(django_mail.outbox) == 1
    assert "Anna Beispiel" in django_mail.outbox[0].body
    assert django_mail.outbox[0].extra_headers["Message-ID"] == message_id(mail.key)


def test_retries_double_up_to_an_hour(settings):
    settings.ACCORD_MAIL_RETRY_SECONDS = 60
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 7, 20)] == \
        [60, 120, 240, 3600, 3600]


def test_after_the_last_attempt_the_mail_is_marked_failed_not_retried_for_ever(
        server_down, settings):
    settings.ACCORD_MAIL_MAX_ATTEMPTS = 2
    mail = send_agenda()
    assert mail_deliver(key=mail.key) == "queued"
    due_now(mail)
    assert mail_deliver(key=mail.key) == "failed"
    due_now(mail)
    assert retry_due_mail.call() == 0


def test_the_same_key_is_the_same_mail_however_often_it_is_sent(
        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = send_agenda(key="action-reminder:7:2026-12-02")
        second = send_agenda(key="action-reminder:7:2026-12-02")

    assert first.pk == second.pk
    assert len(django_mail.outbox) == 1
    assert mail_deliver(key=first.key) == "skipped"
    assert len(django_mail.outbox) == 1


def test_a_mail_whose_sender_was_killed_mid_send_is_sent_by_another_worker(settings):
    import socket

    mail = send_agenda()
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=MailStatus.SENDING, attempts=1, claimed_at=timezone.now(),
        claimed_by=DEAD_WORKER % socket.gethostname()[:40])

    assert retry_due_mail.call() == 1

    mail.refresh_from_db()
    assert mail.status == MailStatus.SENT
    assert len(django_mail.outbox) == 1


def test_a_mail_being_sent_by_a_live_worker_is_left_to_it():
    mail = send_agenda()
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=MailStatus.SENDING, attempts=1, claimed_at=timezone.now(),
        claimed_by=current_worker_id())

    assert retry_due_mail.call() == 0
    assert mail_deliver(key=mail.key) == "skipped"
    assert django_mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_task_left_running_by_a_killed_worker_is_picked_up_by_the_next(settings):
    import socket

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}
    dead = DEAD_WORKER % socket.gethostname()[:40]
    from accord.core.mail import deliver_mail

    orphan = deliver_mail.enqueue(to=["anna@example.test"], subject="Agenda", text="Monday.")
    alive = deliver_mail.enqueue(to=["ben@example.test"], subject="Agenda", text="Monday.")
    DBTaskResult.objects.filter(pk=orphan.id).update(status=TaskResultStatus.RUNNING,
                                                     worker_ids=[dead])
    DBTaskResult.objects.filter(pk=alive.id).update(status=TaskResultStatus.RUNNING,
                                                    worker_ids=[current_worker_id()])

    assert tasks_reclaim_abandoned() == 1
    call_command("worker", "--batch", "--no-schedule", "--interval", "0", verbosity=0)

    assert [m.to for m in django_mail.outbox] == [["anna@example.test"]]
    assert DBTaskResult.objects.get(pk=alive.id).status == TaskResultStatus.RUNNING


def test_action_reminders_run_twice_send_each_owner_one_mail(
        coordinator, member, network_a, django_capture_on_commit_callbacks):
    from accord.meetings.models import ActionItem
    from accord.meetings.tasks import remind_actions
    from accord.testing.factories import make_body

    body = make_body(network_a)
    with scope(network=network_a.pk):
        for owner in (coordinator, member):
            ActionItem.objects.create(network=network_a, title="Send the flyer", owner=owner,
                                      body=body,
                                      owner_organisation=owner.organisation,
                                      due_on=timezone.localdate() - timedelta(days=1))
    django_mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_actions.call() == 2
        # A worker killed mid-run: its task is run again by another one.
        remind_actions.call()

    assert sorted(m.to[0] for m in django_mail.outbox) == [coordinator.user.email,
                                                            member.user.email]


def test_the_coordinators_home_says_e_mail_is_delayed_while_the_server_is_down(
        server_down, settings, coordinator_client, member_client):
    mail = send_agenda()
    mail_deliver(key=mail.key)  # refused

    assert "E-mail delayed" in coordinator_client.get("/n/rheinstadt/").content.decode()
    assert "E-mail delayed" not in member_client.get("/n/rheinstadt/").content.decode()

    server_back(settings)
    due_now(mail)
    retry_due_mail.call()
    assert "E-mail delayed" not in coordinator_client.get("/n/rheinstadt/").content.decode()
