"""The guest's session: a signed value in its own session key, never a signed-in User.

Every guest request loads the invitation inside its network's scope; access ends with the
invitation's expiry (the meeting's end plus the grace period) or its withdrawal.
"""

from django.core import signing
from django_scopes import scopes_disabled

from accord.meetings.models import GuestInvitation

SESSION_KEY = "accord_guest"
SALT = "accord.meetings.guest"


def guest_login(request, invitation: GuestInvitation) -> None:
    request.session.cycle_key()
    request.session[SESSION_KEY] = signing.dumps(
        {"i": invitation.pk, "n": invitation.network_id}, salt=SALT)


def guest_logout(request) -> None:
    request.session.pop(SESSION_KEY, None)


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
