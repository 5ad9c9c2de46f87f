"""The guest's pages under /guest/: link → one-time code → confidentiality → their items.

A guest is not a User and has no membership: every query runs inside the invitation's network
scope, and everything they see comes from selectors/visibility with `guest=`. Every view of
meeting content is audited as a read.
"""

from functools import wraps

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_scopes import scope

from accord.meetings import selectors
from accord.meetings.forms import GuestCodeForm
from accord.meetings.guest_session import current_guest, guest_login, guest_logout
from accord.meetings.pdf import minutes_pdf
from accord.meetings.services import guests
from accord.meetings.services.errors import Refused


def _gone(request, message: str, status: int = 410):
    return render(request, "meetings/guest/gone.html", {"message": message}, status=status)


@never_cache
def open_link(request, token: str):
    invitation = guests.guest_by_token(token)
    if invitation is None:
        return _gone(request, _("This link is not valid."), status=404)
    with scope(network=invitation.network_id):
        try:
            guests.guest_open_link(invitation=invitation)
        except Refused as refusal:
            return _gone(request, refusal.message)
        guest_login(request, invitation)
    return redirect("guest:code")


def guest_page(stage: str):
    """Load the guest from the session, in their network's scope, at the right stage."""

    def decorator(view):
        @wraps(view)
        @never_cache
        def wrapper(request, *args, **kwargs):
            invitation = current_guest(request)
            if invitation is None:
                guest_logout(request)
                return _gone(request, _("Your guest access has ended or was never opened."),
                             status=403)
            with scope(network=invitation.network_id), \
                    timezone.override(invitation.network.time_zone):
                if stage != "code" and invitation.verified_at is None:
                    return redirect("guest:code")
                if stage == "content" and invitation.acknowledged_at is None:
                    return redirect("guest:acknowledge")
                return view(request, invitation, *args, **kwargs)

        return wrapper

    return decorator


@guest_page("code")
def code(request, invitation):
    if invitation.verified_at is not None:
        return redirect("guest:acknowledge")
    form = GuestCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ok = guests.guest_verify_code(invitation=invitation, code=form.cleaned_data["code"])
        except Refused as refusal:
            guest_logout(request)
            return _gone(request, refusal.message, status=403)
        if ok:
            return redirect("guest:acknowledge")
        form.add_error("code", _("This code is not right."))
    return render(request, "meetings/guest/code.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


@guest_page("acknowledge")
def acknowledge(request, invitation):
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        guests.guest_acknowledge(invitation=invitation)
        return redirect("guest:meeting")
    return render(request, "meetings/guest/acknowledge.html", {"invitation": invitation})


def _audit_view(invitation, purpose: str) -> None:
    guests.guest_read_audit(invitation, purpose)


@guest_page("content")
def meeting(request, invitation):
    meeting = invitation.meeting
    _audit_view(invitation, "meeting page")
    return render(request, "meetings/guest/meeting.html", {
        "invitation": invitation, "meeting": meeting,
        "agenda": selectors.agenda_with_minutes(meeting=meeting, guest=invitation),
    })


@guest_page("content")
def pdf(request, invitation):
    _audit_view(invitation, "minutes PDF")
    body = minutes_pdf(meeting=invitation.meeting, guest=invitation,
                       reader_name=invitation.name, language=invitation.language)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="minutes.pdf"'
    return response


def sign_out(request):
    guest_logout(request)
    return render(request, "meetings/guest/gone.html",
                  {"message": _("You have left the guest area.")})
