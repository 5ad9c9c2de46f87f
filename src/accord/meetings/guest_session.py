"""The guest's session: a signed value in its own session key, never a signed-in User.

Every guest request loads the invitation inside its network's scope; access ends with the
meeting's end plus the grace period (GuestInvitation.access_ends_at), its cancellation or the
invitation's withdrawal.

Guest pages speak the language the guest was invited in, like the e-mails; a guest who
switches language keeps that choice for the rest of their session.
"""

from django.conf import settings
from django.core import signing
from django_scopes import scopes_disabled

from accord.meetings.models import GuestInvitation

SESSION_KEY = "accord_guest"
LANGUAGE_KEY = "accord_guest_language"
SALT = "accord.meetings.guest"


def guest_login(request, invitation: GuestInvitation) -> None:
    request.session.cycle_key()
    # The invitation's language until the guest switches; kept here too so that the page
    # saying their access has ended still speaks it.
    request.session[LANGUAGE_KEY] = invitation.language
    request.session[SESSION_KEY] = signing.dumps(
        {"i": invitation.pk, "n": invitation.network_id}, salt=SALT)


def guest_logout(request) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.pop(LANGUAGE_KEY, None)


def guest_language(request, invitation: GuestInvitation | None = None) -> str | None:
    """The guest's language in this session (the invitation's, or their switch), else the
    invitation's; None when neither is known (a stranger's browser keeps its own)."""
    chosen = request.session.get(LANGUAGE_KEY)
    if chosen in dict(settings.LANGUAGES):
        return chosen
    return invitation.language if invitation is not None else None


def guest_language_choose(request, language: str) -> bool:
    if language not in dict(settings.LANGUAGES):
        return False
    request.session[LANGUAGE_KEY] = language
    return True


def current_guest(request) -> GuestInvitation | None:
    """The invitation of this browser's guest session, if it is still usable."""
    value = request.session.get(SESSION_KEY)
    if not value:
        return None
    try:
        data = signing.loads(value, salt=SALT, max_age=60 * 60 * 24 * 30)
    except signing.BadSignature:
        return None
    # The signed value names the network; the row must agree (mechanism code, one lookup).
    with scopes_disabled():
        invitation = (GuestInvitation.objects.select_related("network", "meeting__body")
                      .filter(pk=data["i"], network_id=data["n"]).first())
    if invitation is None or not invitation.is_usable:
        return None
    return invitation
