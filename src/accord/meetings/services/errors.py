from django.core.exceptions import PermissionDenied


class Refused(Exception):
    """The request is understood but the meeting's state forbids it (HTTP 409)."""

    status = 409

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NotAllowed(PermissionDenied):
    """The person may see this but not do this (HTTP 403)."""


class EditConflict(Refused):
    """Someone saved the entry since it was opened; both texts are kept for the editor."""

    def __init__(self, message, *, current, submitted_text: str):
        super().__init__(message)
        self.current = current
        self.submitted_text = submitted_text
