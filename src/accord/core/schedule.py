"""The periodic background tasks, in one registry, and what enqueues them when they are due.

The foundation knows no feature: each app registers its periodic tasks in its
AppConfig.ready() (`register_periodic("accord.meetings.tasks.remind_actions", DAILY)`), by
dotted path, so registering imports nothing; `SCHEDULE` is what they registered.

Nothing else schedules them: `accord worker` calls `schedule_due()` when it starts and every
minute; `accord schedule` calls it once (for cron, if workers run with `--no-schedule`).

The last enqueue is read from django-tasks-db's own result table, so no model of ours is
needed. A task is due when it was not enqueued in the current slot: slots are aligned to the
epoch (every hour on the hour, every day at 00:00 UTC), not counted from the last run, so an
hourly reminder's one-hour window follows the previous one instead of drifting by the minute.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

MINUTELY = timedelta(minutes=1)
HOURLY = timedelta(hours=1)
DAILY = timedelta(days=1)
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
# Any constant: serialises schedule_due across workers on PostgreSQL ("ACCORD" in hex).
LOCK_KEY = 0x4143434F5244


@dataclass(frozen=True)
class Periodic:
    task_path: str
    interval: timedelta


# Filled by the apps' ready(), in the order of INSTALLED_APPS.
SCHEDULE: list[Periodic] = []


def register_periodic(task_path: str, interval: timedelta) -> None:
    """Run the task at `task_path` once per `interval` slot (HOURLY or DAILY)."""
    periodic = Periodic(task_path, interval)
    if periodic not in SCHEDULE:
        SCHEDULE.append(periodic)


def slot_start(now: datetime, interval: timedelta) -> datetime:
    return now - (now - EPOCH) % interval


def _require_database_backend() -> None:
    # With the immediate backend nothing is recorded, so every call would run every task.
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db."):
        raise ImproperlyConfigured(
            f"The task backend is {backend}: periodic tasks need django_tasks_db's queue.")


def _lock(using: str) -> None:
    """Several workers may call schedule_due at the same minute. On PostgreSQL a transaction
    lock makes the check-then-enqueue exclusive; on SQLite writes are serialised anyway and a
    rare duplicate is harmless, because every periodic task is idempotent."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def schedule_due(now: datetime | None = None) -> list[str]:
    """Enqueue each periodic task not yet enqueued in its current slot; return their paths."""
    from django_tasks_db.models import DBTaskResult

    _require_database_backend()
    now = now or timezone.now()
    using = router.db_for_write(DBTaskResult)
    enqueued = []
    with transaction.atomic(using=using):
        _lock(using)
        for periodic in SCHEDULE:
            if DBTaskResult.objects.using(using).filter(
                    task_path=periodic.task_path,
                    enqueued_at__gte=slot_start(now, periodic.interval)).exists():
                continue
            import_string(periodic.task_path).enqueue()
            enqueued.append(periodic.task_path)
    if enqueued:
        logger.info("Enqueued periodic tasks: %s", ", ".join(enqueued))
    return enqueued
