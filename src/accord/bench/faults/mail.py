"""Faults 2 and 3: `accord worker` killed (SIGKILL) while it sends a batch of invitation and
reminder e-mails, and a mail server that refuses connections for a while.

The e-mails are real: invitations of seeded meetings through the meetings service (written to
the outbox in one transaction, as a page does) and the daily action reminders, a task the
worker runs and that writes one e-mail per owner. The mail server is the suite's own
(smtp_sink), on 127.0.0.1; every e-mail is counted there by its Message-ID."""

import os
import subprocess
import sys
import time

from django.db import connections, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_scopes import scope
from django_tasks_db.models import DBTaskResult

from accord.bench.faults.accounting import deliveries
from accord.bench.faults.smtp_sink import SmtpSink
from accord.core.mail import message_id
from accord.core.models import MailStatus, OutgoingMail
from accord.meetings.models import Meeting, MeetingState


def worker_env(smtp_port: int) -> dict:
    return {**os.environ, "ACCORD_TASKS_IMMEDIATE": "false",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port),
            # Seconds instead of minutes, so a bounded run sees retries and take-overs.
            "ACCORD_SCHEDULE_SECONDS": "1", "ACCORD_MAIL_RETRY_SECONDS": "1"}


def start_worker(smtp_port: int) -> subprocess.Popen:
    command = [sys.executable, "-c", "from accord.cli import main; main()", "worker",
               "--interval", "0.2", "--no-schedule"]
    return subprocess.Popen(command, env=worker_env(smtp_port),  # noqa: S603
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def queue_invitations(network, *, meetings: int) -> int:
    """Invitations of `meetings` seeded meetings, each in one transaction as a page sends them."""
    from accord.meetings.services.invitations import send_invitation

    sent = 0
    with scope(network=network.pk):
        chosen = list(Meeting.objects.filter(network=network).exclude(
            state=MeetingState.CANCELLED).order_by("-starts_at")[:meetings])
        for meeting in chosen:
            with transaction.atomic():
                sent += send_invitation(meeting=meeting)
    return sent


def queue_reminders():
    from accord.meetings.tasks import remind_actions

    return remind_actions.enqueue()


def _outbox_since(began) -> list[OutgoingMail]:
    return list(OutgoingMail.objects.filter(created_at__gte=began).only("key", "status",
                                                                        "attempts"))


def _settled(began, reminders) -> bool:
    connections.close_all()
    reminder_done = DBTaskResult.objects.filter(
        pk=reminders.id, status=TaskResultStatus.SUCCESSFUL).exists()
    pending = OutgoingMail.objects.filter(created_at__gte=began).exclude(
        status__in=[MailStatus.SENT, MailStatus.FAILED]).exists()
    return reminder_done and not pending


def _wait(predicate, *, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def _result(sink: SmtpSink, began, extra: dict) -> dict:
    rows = _outbox_since(began)
    counted = deliveries(sink.received, {message_id(row.key) for row in rows})
    return {**extra, "emails": counted,
            "attempts_total": sum(row.attempts for row in rows),
            "not_sent": sum(row.status != MailStatus.SENT for row in rows),
            "lost_writes": counted["lost"], "duplicated_side_effects": counted["duplicated"]}


def fault_worker_killed(network, *, meetings: int, kills: int, log) -> dict:
    sink = SmtpSink(delay=0.02)
    began = timezone.now()
    invitations = queue_invitations(network, meetings=meetings)
    reminders = queue_reminders()
    log(f"Queued {invitations} invitations and the action-reminder task")
    killed_at = []
    worker = start_worker(sink.port)
    for n in range(1, kills + 1):
        mark = invitations * n // (kills + 1)
        _wait(lambda mark=mark: sink.total >= mark, timeout=120)
        worker.kill()  # SIGKILL: no clean-up, its task stays RUNNING
        worker.wait()
        killed_at.append(sink.total)
        log(f"Worker killed (SIGKILL) after {sink.total} e-mails; starting another")
        worker = start_worker(sink.port)
    settled = _wait(lambda: _settled(began, reminders), timeout=180)
    worker.terminate()
    worker.wait(timeout=30)
    time.sleep(0.5)
    return _result(sink, began, {"invitations": invitations, "kills": len(killed_at),
                                 "killed_after_emails": killed_at, "settled": settled,
                                 "access_log_fold": "not built yet (access log issue)"})


def _coordinator_sees_delay(network) -> bool:
    """Does the coordinator's home page say "E-mail delayed" (in English)?"""
    from django.test import Client

    from accord.tenancy.models import Membership, Role
    from accord.testing.factories import pass_both_factors

    with scope(network=network.pk):
        coordinator = Membership.objects.filter(roles__contains=[Role.COORDINATOR]) \
            .select_related("user").first()
    client = pass_both_factors(Client(SERVER_NAME="127.0.0.1",
                                      headers={"accept-language": "en"}), coordinator.user)
    client.cookies["accord-language"] = "en"
    return "E-mail delayed" in client.get(f"/n/{network.slug}/").content.decode()


def fault_mail_server_down(network, *, meetings: int, down_seconds: float, log) -> dict:
    sink = SmtpSink()
    sink.refuse()
    began = timezone.now()
    worker = start_worker(sink.port)
    errors = 0
    try:
        invitations = queue_invitations(network, meetings=meetings)
    except Exception:  # the sender must never see the mail server's state
        errors += 1
        invitations = 0
    reminders = queue_reminders()
    log(f"Mail server refusing; queued {invitations} invitations and the reminders")
    time.sleep(down_seconds)
    connections.close_all()
    waiting = OutgoingMail.objects.filter(created_at__gte=began, status=MailStatus.QUEUED,
                                          attempts__gt=0).count()
    notice = _coordinator_sees_delay(network)
    log(f"After {down_seconds:.0f} s, {waiting} e-mails wait for a retry; mail server back")
    sink.accept()
    settled = _wait(lambda: _settled(began, reminders), timeout=180)
    worker.terminate()
    worker.wait(timeout=30)
    time.sleep(0.5)
    connections.close_all()
    return _result(sink, began, {"invitations": invitations, "down_seconds": down_seconds,
                                 "waiting_for_retry_while_down": waiting,
                                 "sender_errors": errors, "settled": settled,
                                 "home_page_says_e_mail_delayed": notice,
                                 "home_page_says_it_after": _coordinator_sees_delay(network)})
