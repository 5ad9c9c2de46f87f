"""The periodic tasks are enqueued by the schedule once per slot, whoever asks how often."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from accord.core.schedule import SCHEDULE, schedule_due

HOURLY_TASKS = {"accord.meetings.tasks.remind_upcoming_meetings",
                "accord.audit.tasks.witness_heads"}
HOURLY_TASK = "accord.meetings.tasks.remind_upcoming_meetings"
MINUTE_TASK = "accord.audit.tasks.fold_access_log"
ALL_TASKS = {periodic.task_path for periodic in SCHEDULE}


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}


def at(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 11, 30, hour, minute, second, tzinfo=UTC)


def schedule_at(moment: datetime) -> list[str]:
    """schedule_due as if the clock showed `moment` (the queue stamps enqueues with the real
    clock, so the new rows are re-stamped)."""
    before = list(DBTaskResult.objects.values_list("pk", flat=True))
    enqueued = schedule_due(now=moment)
    DBTaskResult.objects.exclude(pk__in=before).update(enqueued_at=moment)
    return enqueued


@pytest.mark.django_db
def test_every_periodic_task_is_enqueued_on_the_first_call(database_queue):
    assert set(schedule_due(now=at(10, 5))) == ALL_TASKS
    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == sorted(ALL_TASKS)


@pytest.mark.django_db
def test_a_second_call_within_the_hour_enqueues_only_the_minute_task(database_queue):
    schedule_at(at(10, 5))
    assert schedule_at(at(10, 5, 59)) == []
    assert schedule_at(at(10, 59)) == [MINUTE_TASK]
    assert DBTaskResult.objects.count() == len(ALL_TASKS) + 1


@pytest.mark.django_db
def test_the_next_hour_enqueues_only_the_hourly_task_again(database_queue):
    schedule_at(at(10, 5))
    assert set(schedule_at(at(11, 0))) == HOURLY_TASKS | {MINUTE_TASK}
    assert schedule_at(at(11, 0, 30)) == []
    assert DBTaskResult.objects.filter(task_path=HOURLY_TASK).count() == 2


@pytest.mark.django_db
def test_the_next_day_enqueues_every_task_again(database_queue):
    schedule_at(at(23, 30))
    assert set(schedule_at(datetime(2026, 12, 1, 0, 1, tzinfo=UTC))) == ALL_TASKS


@pytest.mark.django_db
def test_the_schedule_command_enqueues_what_is_due(database_queue, capsys):
    call_command("schedule")
    assert HOURLY_TASK in capsys.readouterr().out
    call_command("schedule")
    assert "Nothing due." in capsys.readouterr().out
    assert DBTaskResult.objects.filter(task_path=HOURLY_TASK).count() == 1


def test_the_schedule_refuses_the_immediate_backend_which_records_nothing(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    with pytest.raises(ImproperlyConfigured, match="immediate"):
        schedule_due()


@pytest.mark.django_db(transaction=True)
def test_worker_in_batch_mode_enqueues_and_runs_the_due_periodic_tasks(database_queue):
    call_command("worker", "--batch", "--interval", "0", verbosity=0)
    finished = DBTaskResult.objects.values_list("task_path", "status")
    assert {path for path, _status in finished} == ALL_TASKS
    assert {status for _path, status in finished} == {"SUCCESSFUL"}


def test_the_apps_register_their_periodic_tasks_and_each_once():
    assert sorted(periodic.task_path for periodic in SCHEDULE) == [
        "accord.audit.tasks.fold_access_log",
        "accord.audit.tasks.seal_closed_epochs",
        "accord.audit.tasks.witness_heads",
        "accord.core.mail.prune_sent_mail",
        "accord.meetings.tasks.approve_minutes_by_silent_procedure",
        "accord.meetings.tasks.remind_actions",
        "accord.meetings.tasks.remind_upcoming_meetings",
    ]
