"""Guests (paper III.4(f), the level system): an external person invited to single agenda
items. A single-use expiring link, then a one-time code sent by e-mail, then an
acknowledgement of confidentiality; only then anything is shown. Access ends with the
meeting plus a grace period (GuestInvitation.access_end), computed from the meeting as it
stands, so a moved meeting moves it and a cancelled one ends it. Only hashes of the link and
the code are stored."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_scopes import scopes_disabled

from accord.audit.access import access_record
from accord.audit.services import audit_record
from accord.core.mail import mail_send
from accord.core.tokens import token_digest
from accord.meetings.models import GuestInvitation, Meeting
from accord.meetings.services._common import audit, require_agenda_open, require_planner
from accord.meetings.services.errors import Refused

MAX_CODE_ATTEMPTS = 5
CODE_MINUTES = 30


def _code_hash(invitation: GuestInvitation, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{invitation.pk}:{code}".encode(), hashlib.sha256).hexdigest()


def guest_audit(invitation: GuestInvitation, action: str, obj=None, **summary) -> None:
    audit_record(network=invitation.network, actor=None, action=action,
                 obj=obj or invitation, summary=summary or None,
                 actor_label=f"guest {invitation.pk}: {invitation.name}")


@transaction.atomic
def guest_read_audit(invitation: GuestInvitation, purpose: str) -> None:
    """Every view a guest makes is a read in the network's access log, named after them."""
    access_record(membership=None, network=invitation.network, object_type="meetings.meeting",
                  object_ids=[invitation.meeting_id], categories=["minutes"],
                  purpose=f"guest {invitation.pk}: {purpose}", effect="permit",
                  rule="meetings.guest_invited_item",
                  actor_label=f"guest {invitation.pk}: {invitation.name}")


@transaction.atomic
def guest_invite(*, membership, meeting: Meeting, name: str, email: str, items,
                 level: int | None = None, organisation_name: str = "",
                 language: str = "en") -> tuple[GuestInvitation, str]:
    """Invite an external person to some of the meeting's items. Each item must admit
    guests at the guest's level (its required level). Planners only; audited. Returns the
    invitation and the raw link token (e-mailed, never stored)."""
    require_planner(membership, meeting)
    require_agenda_open(meeting)
    items = list(items)
    if not items or any(item.meeting_id != meeting.pk for item in items):
        raise ValidationError({"items": _("Choose one or more items of this meeting.")})
    for item in items:
        if item.required_level is None:
            raise ValidationError({"items": _("“%(title)s” admits no guests: set its required "
                                              "level first.") % {"title": item.title}})
        if level is not None and level < item.required_level:
            raise ValidationError({"level": _("This guest's level is below what “%(title)s” "
                                              "requires.") % {"title": item.title}})
    token = secrets.token_urlsafe(32)
    invitation = GuestInvitation(
        network=meeting.network, meeting=meeting, name=name, email=email, language=language,
        organisation_name=organisation_name, token_hash=token_digest(token),
        level=level if level is not None else max(item.required_level for item in items),
        expires_at=GuestInvitation.access_end(meeting), invited_by=membership)
    invitation.full_clean()
    invitation.save()
    invitation.items.set(items)
    _mail(invitation, "guest_invitation", gettext_lazy("Invitation to a meeting"),
          link=f"{settings.ACCORD_BASE_URL}{reverse('guest:open', args=[token])}")
    audit(membership, "guest.invited", invitation, items=[i.pk for i in items])
    return invitation, token


def guest_access_over(meeting: Meeting) -> str | None:
    """Why a guest invited now could not get in (the grace period after the meeting is
    over), or None. The invite page refuses with this message rather than mail a dead link;
    the service itself stays programmatic (the demo records guests of past meetings)."""
    ends = GuestInvitation.access_end(meeting)
    if ends > timezone.now():
        return None
    hours = GuestInvitation.grace_hours()
    return ngettext(
        "This meeting is over and a guest's access ends an hour after the meeting, on "
        "%(end)s: an invitation now could not be used.",
        "This meeting is over and a guest's access ends %(hours)s hours after the meeting, "
        "on %(end)s: an invitation now could not be used.", hours) % {
        "hours": hours,
        "end": formats.date_format(timezone.localtime(ends), "DATETIME_FORMAT")}


def _mail(invitation: GuestInvitation, template: str, subject, **context) -> None:
    mail_send(to=invitation.email, template=f"meetings/email/{template}",
              language=invitation.language, subject=subject,
              context={"invitation": invitation, "meeting": invitation.meeting,
                       "time_zone": invitation.network.time_zone, **context})


@transaction.atomic
def guest_revoke(*, membership, invitation: GuestInvitation) -> None:
    require_planner(membership, invitation.meeting)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit(membership, "guest.revoked", invitation)


def guest_by_token(token: str) -> GuestInvitation | None:
    """The invitation a link belongs to. The guest is not in any network's scope yet: this
    one lookup by an unguessable hash is the only unscoped read of the guest flow."""
    if not token or len(token) > 100:
        return None
    with scopes_disabled():
        return (GuestInvitation.objects.select_related("network", "meeting")
                .filter(token_hash=token_digest(token)).first())


@transaction.atomic
def guest_open_link(*, invitation: GuestInvitation) -> None:
    """Use the single-use link: it is spent now, and a one-time code goes by e-mail.
    Refused (410) when used before, revoked or expired."""
    invitation = GuestInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise Refused(_("This invitation has expired or was withdrawn."))
    if invitation.link_used_at is not None:
        raise Refused(_("This link has already been used. Ask the meeting's secretary for a "
                        "new one."))
    code = f"{secrets.randbelow(10**6):06d}"
    invitation.link_used_at = timezone.now()
    invitation.code_hash = _code_hash(invitation, code)
    invitation.code_attempts = 0
    invitation.save(update_fields=["link_used_at", "code_hash", "code_attempts"])
    _mail(invitation, "guest_code", gettext_lazy("Your one-time code"), code=code,
          minutes=CODE_MINUTES)
    guest_audit(invitation, "guest.link_opened")


@transaction.atomic
def guest_verify_code(*, invitation: GuestInvitation, code: str) -> bool:
    """Check the one-time code; after five wrong tries the invitation is locked."""
    invitation = GuestInvitation.objects.select_for_update().get(pk=invitation.pk)
    expired = (invitation.link_used_at is None
               or timezone.now() > invitation.link_used_at + timedelta(minutes=CODE_MINUTES))
    if (invitation.code_attempts >= MAX_CODE_ATTEMPTS or expired or not invitation.is_usable
            or not invitation.code_hash):
        raise Refused(_("This code can no longer be used. Ask the meeting's secretary for a "
                        "new invitation."))
    ok = hmac.compare_digest(invitation.code_hash, _code_hash(invitation, code.strip()))
    if ok:
        invitation.verified_at = timezone.now()
        invitation.code_hash = ""
    else:
        invitation.code_attempts += 1
    invitation.save(update_fields=["verified_at", "code_hash", "code_attempts"])
    guest_audit(invitation, "guest.code_checked", ok=ok)
    return ok


@transaction.atomic
def guest_acknowledge(*, invitation: GuestInvitation) -> None:
    invitation.acknowledged_at = timezone.now()
    invitation.save(update_fields=["acknowledged_at"])
    guest_audit(invitation, "guest.confidentiality_acknowledged")
