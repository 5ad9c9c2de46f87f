"""What every meetings page shares: the network's time zone, and refusals shown clearly."""

from functools import wraps

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone

from accord.meetings.services.errors import Refused


def in_network_time(view):
    """Forms read and pages show times in the network's time zone. A refusal by the
    meeting's state (agenda after approval, a closed vote, a double vote) is a 409 page that
    says why, with nothing written."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        with timezone.override(request.network.time_zone):
            try:
                return view(request, *args, **kwargs)
            except Refused as refusal:
                return render(request, "meetings/refused.html",
                              {"message": refusal.message,
                               },
                              status=refusal.status)

    return wrapper


def form_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form (by field when it names one)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
