"""Who is working on what, so that a task whose worker was killed is picked up by another.

django-tasks-db claims a task by marking it RUNNING with the worker's id and never looks back:
a worker killed by SIGKILL (an out-of-memory kill, a host reboot) leaves its task RUNNING for
ever. `accord worker` names itself "host:pid:random", so any worker on the same host can tell
a dead one (its pid is gone) at once; a task claimed on another host is taken back only after
ACCORD_TASK_LEASE_SECONDS. Taking back is safe because every task is idempotent: e-mails by
their key (accord.core.mail), periodic tasks by their window.
"""

import logging
import os
import secrets
import socket
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)

_current: str | None = None


def _host() -> str:
    return socket.gethostname()[:40]


def new_worker_id() -> str:
    return f"{_host()}:{os.getpid()}:{secrets.token_hex(4)}"


def set_current_worker(worker_id: str) -> None:
    global _current
    _current = worker_id


def current_worker_id() -> str:
    """This process's id: the worker's own, or "host:pid:web" in a web process."""
    return _current or f"{_host()}:{os.getpid()}:web"


def worker_alive(worker_id: str, *, since=None) -> bool:
    """False when `worker_id` ran on this host and its process is gone, or (another host)
    when it claimed the work (`since`) longer than the lease ago."""
    host, _, rest = worker_id.partition(":")
    pid = rest.partition(":")[0]
    if host == _host() and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True  # someone else's process with that pid: cannot tell, assume alive
        return True
    if since is None:
        return True
    return timezone.now() - since < timedelta(seconds=settings.ACCORD_TASK_LEASE_SECONDS)


def tasks_reclaim_abandoned() -> int:
    """Put RUNNING tasks whose worker is dead back in the queue; returns how many."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    reclaimed = 0
    for result in DBTaskResult.objects.running().only("id", "worker_ids", "started_at"):
        last = result.worker_ids[-1] if result.worker_ids else ""
        if last and worker_alive(last, since=result.started_at):
            continue
        # Only if still RUNNING: the worker may have finished it meanwhile.
        reclaimed += DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, started_at=None)
    if reclaimed:
        logger.warning("Took back %d task(s) whose worker had died", reclaimed)
    return reclaimed
