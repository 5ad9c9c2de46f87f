"""What every meetings page shares: refusals shown clearly."""

from functools import wraps

from django.shortcuts import render

from accord.meetings.services.errors import Refused


def in_network_time(view):
    """A refusal by the meeting's state (agenda after approval, a closed vote, a double vote)
    is a 409 page that says why, with nothing written. (Forms read and pages show times in the
    network's time zone because the network scope middleware switches it for every page under
    /n/<network>/, once; the name stayed.)"""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Refused as refusal:
            return render(request, "meetings/refused.html", {"message": refusal.message},
                          status=refusal.status)

    return wrapper
