"""Signals of the foundation that other apps connect to in their AppConfig.ready()."""

from django.dispatch import Signal

# Sent by `accord worker` when it stops (its loop ended: SIGTERM, SIGINT, --batch done or
# --max-tasks reached), before the process exits, so receivers can finish work that must not
# wait for the next worker (the audit app folds the waiting read records).
worker_stopping = Signal()
