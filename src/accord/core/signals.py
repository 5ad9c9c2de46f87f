"""Signals the foundation sends and the apps above it receive, so core imports none of them."""

from django.dispatch import Signal

# A sensitive act was refused for want of a fresh second factor (core.step_up); accounts
# records it on the person's audit trail. Sent with `user` (None when signed out) and `path`.
step_up_refused = Signal()
