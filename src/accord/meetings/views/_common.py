"""What every meetings page shares: the network's time zone, and refusals shown clearly."""

from functools import wraps

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

