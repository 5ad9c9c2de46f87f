"""The guest's pages under /guest/: link → one-time code → confidentiality → their items.

A guest is not a User and has no membership: every query runs inside the invitation's network
scope, and everything they see comes from selectors/visibility with `guest=`, decided by the
policy for the guest. Every view of meeting content is recorded as a read, by the selectors.
Every page speaks the guest's language (the invitation's, or the one they switched to),
whatever the browser says.
"""

from contextlib import contextmanager
from functools import wraps

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_scopes import scope

from accord.meetings import selectors
from accord.meetings.forms import GuestCodeForm
from accord.meetings.guest_session import (
    current_guest,
    guest_language,
    guest_language_choose,
    guest_login,
    guest_logout,
)
from accord.meetings.pdf import minutes_pdf
from accord.meetings.services import guests
from accord.meetings.services.errors import Refused


@contextmanager
def _speaking(request, language: str | None):
    """Render in `language` (None: the browser's, as LocaleMiddleware chose)."""
    if language is None:
        yield
        return
    with translation.override(language):
        request.LANGUAGE_CODE = language
        yield


def _in_language(request, language: str | None, respond):
    with _speaking(request, language):
        response = respond()
    if language is not None:
        response["Content-Language"] = language
    return response


def _gone(request, message, status: int = 410):
    return render(request, "meetings/guest/gone.html", {"message": message}, status=status)


@never_cache
def open_link(request, token: str):
    invitation = guests.guest_by_token(token)
    if invitation is None:
        return _gone(request, _("This link is not valid."), status=404)
    with scope(network=invitation.network_id), _speaking(request, invitation.language):
        try:
            guests.guest_open_link(invitation=invitation)
        except Refused as refusal:
            response = _gone(request, refusal.message)
            response["Content-Language"] = invitation.language
            return response
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
                language = guest_language(request)
                guest_logout(request)
                return _in_language(request, language, lambda: _gone(
                    request, _("Your guest access has ended or was never opened."),
                    status=403))
            request.guest = invitation  # the guest base template offers the language switch
            with scope(network=invitation.network_id), \
                    timezone.override(invitation.network.time_zone):
                if stage != "code" and invitation.verified_at is None:
                    return redirect("guest:code")
                if stage == "content" and invitation.acknowledged_at is None:
                    return redirect("guest:acknowledge")
                return _in_language(request, guest_language(request, invitation),
                                    lambda: view(request, invitation, *args, **kwargs))

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


@guest_page("content")
def meeting(request, invitation):
    meeting = invitation.meeting
    # The selector records the guest's read (whatever a guest reads is recorded).
    return render(request, "meetings/guest/meeting.html", {
        "invitation": invitation, "meeting": meeting,
        "agenda": selectors.agenda_with_minutes(meeting=meeting, guest=invitation,
                                                seen_as="meeting page"),
    })


@guest_page("content")
def pdf(request, invitation):
    body = minutes_pdf(meeting=invitation.meeting, guest=invitation,
                       reader_name=invitation.name,
                       language=guest_language(request, invitation))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="minutes.pdf"'
    return response


@require_POST
def choose_language(request):
    """The guest's language switch: kept in their session until they leave."""
    invitation = current_guest(request)
    if invitation is None:
        return _gone(request, _("Your guest access has ended or was never opened."),
                     status=403)
    if not guest_language_choose(request, request.POST.get("language", "")):
        return _in_language(request, guest_language(request, invitation), lambda: _gone(
            request, _("Choose one of the languages offered."), status=400))
    target, home = request.POST.get("next", ""), reverse("guest:code")
    # Only back to a guest page: the switch never becomes an open redirect.
    if not (target.startswith(home.rsplit("code/", 1)[0]) and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure())):
        target = home
    return redirect(target)


def sign_out(request):
    invitation = current_guest(request)
    language = guest_language(request, invitation)
    guest_logout(request)
    return _in_language(request, language, lambda: render(
        request, "meetings/guest/gone.html", {"message": _("You have left the guest area.")}))
