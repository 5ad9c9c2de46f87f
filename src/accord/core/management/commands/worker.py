"""`accord worker`: runs the background tasks (e-mails) that web processes queue in the database.

A thin wrapper over django-tasks-db's `db_worker` with production defaults, so operators have
one name to remember and no auto-reload in production. It also enqueues the periodic tasks
(accord.core.schedule) and takes back the tasks of workers that died (accord.core.workers) at
start and then every ACCORD_SCHEDULE_SECONDS, from a thread beside db_worker's loop, which
offers no hook of its own.
"""

import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import valid_interval, valid_max_tasks

from accord.core.mail import retry_due_mail
from accord.core.schedule import schedule_due
from accord.core.signals import worker_stopping
from accord.core.workers import new_worker_id, set_current_worker, tasks_reclaim_abandoned

logger = logging.getLogger(__name__)


def _housekeeping(*, schedule: bool) -> None:
    """Take back tasks of dead workers (another worker picks them up), queue e-mails whose
    retry is due, then the periodic tasks. Done at start and every ACCORD_SCHEDULE_SECONDS."""
    tasks_reclaim_abandoned()
    retry_due_mail.call()
    if schedule:
        schedule_due()


def _stopping() -> None:
    """Tell the apps the worker stops; one receiver failing must not hide the others."""
    for receiver, result in worker_stopping.send_robust(sender=Command):
        if isinstance(result, Exception):
            logger.error("Work at worker stop failed in %s", receiver, exc_info=result)
    close_old_connections()


def _schedule_forever(stop: threading.Event, schedule: bool) -> None:
    while not stop.wait(settings.ACCORD_SCHEDULE_SECONDS):
        try:
            _housekeeping(schedule=schedule)
        except Exception:
            # A locked SQLite file or a lost connection must not end the schedule.
            logger.exception("Scheduling the periodic tasks failed; retrying in a minute")
        finally:
            close_old_connections()


class Command(BaseCommand):
    help = (
        "Run the background worker: takes tasks from the database queue and runs them. "
        "Run one or more next to `accord serve`; they share nothing but the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="default",
                            help="queues to work, comma-separated, or '*' for all "
                                 "(default: default)")
        parser.add_argument("--interval", type=valid_interval, default=1.0,
                            help="seconds to wait when the queue is empty (default 1)")
        parser.add_argument("--batch", action="store_true",
                            help="run what is queued now, then exit (for cron or tests)")
        parser.add_argument("--max-tasks", type=valid_max_tasks, default=None,
                            help="exit after this many tasks (a supervisor restarts it)")
        parser.add_argument("--reload", action="store_true",
                            help="restart on code changes (development only)")
        parser.add_argument("--no-schedule", action="store_true",
                            help="do not enqueue periodic tasks (then run `accord schedule` "
                                 "from cron)")

    def handle(self, *args, **options):
        backend = settings.TASKS["default"]["BACKEND"]
        if not backend.startswith("django_tasks_db."):
            raise CommandError(
                f"The task backend is {backend}: tasks run immediately and need no worker. "
                "Unset ACCORD_TASKS_IMMEDIATE to queue them in the database."
            )
        # "host:pid:random": another worker on this host can tell when this one has died.
        worker_id = new_worker_id()
        set_current_worker(worker_id)
        worker_options = {
            "worker_id": worker_id,
            "queue_name": options["queue_name"],
            "interval": options["interval"],
            "batch": options["batch"],
            "reload": options["reload"],
            "verbosity": options["verbosity"],
        }
        if options["max_tasks"] is not None:
            worker_options["max_tasks"] = options["max_tasks"]
        try:
            self._work(worker_options, options, schedule=not options["no_schedule"])
        finally:
            # db_worker returns after SIGTERM/SIGINT (it stops between tasks), so this runs
            # on every orderly stop.
            _stopping()

    @staticmethod
    def _work(worker_options: dict, options: dict, *, schedule: bool) -> None:
        _housekeeping(schedule=schedule)
        if options["batch"]:
            call_command("db_worker", **worker_options)
            return
        stop = threading.Event()
        threading.Thread(target=_schedule_forever, args=(stop, schedule), daemon=True,
                         name="accord-schedule").start()
        try:
            call_command("db_worker", **worker_options)
        finally:
            stop.set()
