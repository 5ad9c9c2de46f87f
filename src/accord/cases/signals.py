"""What other apps hear of a case's life (they register; the register imports none of them)."""

from django.dispatch import Signal

# Sent inside the purging transition's transaction with `membership` and `case`: the vault
# erases the case's data key there (crypto-shredding), so that a purge that fails half-way
# leaves the identity readable and the case unpurged, never one without the other.
case_purged = Signal()
