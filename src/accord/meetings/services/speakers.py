"""The speakers list of a live meeting (issue 16, Deliver 4).

Members at the meeting (recorded present, or seated in the body) ask to speak on an item; the
chair or secretary calls the next speaker, with an optional speaking time, and ends the turn.
The list of each item stays with its minutes. Each act asks the policy (speakers.request,
speakers.call on the item's SpeakersList), writes and audits in one transaction; a request
refused leaves nothing behind.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord import policy
from accord.meetings.models import AgendaItem, SpeakerRequest
from accord.meetings.policy_entities_papers import SpeakersList
from accord.meetings.services._common import audit
from accord.meetings.services.errors import Refused

MAX_SPEAKING_SECONDS = 60 * 60


def _require_live(item: AgendaItem) -> None:
    if item.meeting.minutes_locked:
        raise Refused(_("The minutes of this meeting are approved (or it was cancelled): its "
                        "speakers list is closed."))


def _open(item: AgendaItem):
    return SpeakerRequest.objects.filter(item=item, done_at__isnull=True,
                                         withdrawn_at__isnull=True)


@transaction.atomic
def speaker_request(*, membership, item: AgendaItem) -> SpeakerRequest:
    """Ask to speak on `item`. Those at the meeting only (403 otherwise); once per open turn
    (409 when already on the list)."""
    policy.require(membership, "speakers.request", SpeakersList(item), purpose="minute")
    _require_live(item)
    if _open(item).filter(membership=membership).exists():
        raise Refused(_("You are on the speakers list already."))
    try:
        with transaction.atomic():
            request = SpeakerRequest.objects.create(network=item.network, item=item,
                                                    membership=membership)
    except IntegrityError:  # the same request sent twice at once
        raise Refused(_("You are on the speakers list already.")) from None
    audit(membership, "speakers.requested", request, item=item.pk)
    return request


@transaction.atomic
def speaker_withdraw(*, membership, item: AgendaItem) -> SpeakerRequest:
    """Take one's own open request back."""
    policy.require(membership, "speakers.request", SpeakersList(item), purpose="minute")
    request = _open(item).filter(membership=membership).first()
    if request is None:
        raise Refused(_("You are not on the speakers list."))
    request.withdrawn_at = timezone.now()
    request.save(update_fields=["withdrawn_at"])
    audit(membership, "speakers.withdrawn", request, item=item.pk)
    return request


def _check_time(seconds: int | None) -> None:
    if seconds is not None and not 1 <= seconds <= MAX_SPEAKING_SECONDS:
        raise ValidationError({"speaking_time_seconds": _(
            "Give a speaking time between 1 second and one hour, or none.")})


def _end_turn(item: AgendaItem, now) -> SpeakerRequest | None:
    speaking = _open(item).filter(called_at__isnull=False).select_for_update().first()
    if speaking is not None:
        speaking.done_at = now
        speaking.save(update_fields=["done_at"])
    return speaking


@transaction.atomic
def speaker_call_next(*, membership, item: AgendaItem,
                      speaking_time_seconds: int | None = None) -> SpeakerRequest:
    """End the current turn and call the longest-waiting speaker (chair or secretary)."""
    policy.require(membership, "speakers.call", SpeakersList(item), purpose="minute")
    _require_live(item)
    _check_time(speaking_time_seconds)
    now = timezone.now()
    waiting = (_open(item).filter(called_at__isnull=True).select_for_update()
               .order_by("requested_at", "pk").first())
    if waiting is None:
        raise Refused(_("Nobody is waiting to speak on this item."))
    _end_turn(item, now)
    waiting.called_at = now
    waiting.speaking_time_seconds = speaking_time_seconds
    waiting.save(update_fields=["called_at", "speaking_time_seconds"])
    audit(membership, "speakers.called", waiting, item=item.pk,
          speaking_time_seconds=speaking_time_seconds)
    return waiting


@transaction.atomic
def speaker_done(*, membership, item: AgendaItem) -> SpeakerRequest:
    """End the current speaker's turn (chair or secretary)."""
    policy.require(membership, "speakers.call", SpeakersList(item), purpose="minute")
    _require_live(item)
    ended = _end_turn(item, timezone.now())
    if ended is None:
        raise Refused(_("Nobody is speaking on this item."))
    audit(membership, "speakers.done", ended, item=item.pk)
    return ended
