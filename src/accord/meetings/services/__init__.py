"""Every write of the meetings app. Each service checks who may do it, writes inside one
transaction and records the audit event in that same transaction."""

from accord.meetings.services.errors import EditConflict, Refused  # noqa: F401
