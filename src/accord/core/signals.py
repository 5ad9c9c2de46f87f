"""Signals of the foundation that other apps connect to in their AppConfig.ready(), so core
imports none of them."""

from django.dispatch import Signal

# A sensitive act was refused for want of a fresh second factor (core.step_up); accounts
# records it on the person's audit trail. Sent with `user` (None when signed out) and `path`.
step_up_refused = Signal()

# Sent by `accord worker` when it stops (its loop ended: SIGTERM, SIGINT, --batch done or
# --max-tasks reached), before the process exits, so receivers can finish work that must not
# wait for the next worker (the audit app folds the waiting read records).
worker_stopping = Signal()
