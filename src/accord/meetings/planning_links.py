"""The answer links of the planning e-mails (issue 16): one signed link per member and answer.

A link names the network, the member and what they answer (a date of a poll, or a reply to a
meeting), signed with the site's key (django.core.signing), so nothing needs storing to send
it and a changed link is refused. A link is not a session: it opens a page that asks for one
press of a button, because mail scanners fetch every link of a message and would otherwise
answer every date at once. Answering again with the same link changes nothing.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

POLL_SALT = "accord.meetings.date_poll.answer"
REPLY_SALT = "accord.meetings.reply"
# A link lives as long as the poll or the meeting it answers, and no longer than a year.
MAX_AGE = 60 * 60 * 24 * 365
TOKEN_MAX_LENGTH = 200


@dataclass(frozen=True)
class LinkClaim:
    network_id: int
    membership_id: int
    target_id: int  # the date option (poll links) or the meeting (reply links)
    answer: str


def _dump(salt: str, *, network_id: int, membership_id: int, target_id: int,
          answer: str) -> str:
    return signing.dumps([network_id, membership_id, target_id, answer], salt=salt)


def _load(salt: str, token: str) -> LinkClaim | None:
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    try:
        network_id, membership_id, target_id, answer = signing.loads(token, salt=salt,
                                                                     max_age=MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not all(isinstance(v, int) for v in (network_id, membership_id, target_id)) \
            or not isinstance(answer, str):
        return None
    return LinkClaim(network_id, membership_id, target_id, answer)


def poll_answer_url(*, option, membership, answer: str) -> str:
    token = _dump(POLL_SALT, network_id=option.network_id, membership_id=membership.pk,
                  target_id=option.pk, answer=answer)
    return settings.ACCORD_BASE_URL + reverse("planning-links:poll", kwargs={"token": token})


def reply_url(*, meeting, membership, answer: str) -> str:
    token = _dump(REPLY_SALT, network_id=meeting.network_id, membership_id=membership.pk,
                  target_id=meeting.pk, answer=answer)
    return settings.ACCORD_BASE_URL + reverse("planning-links:reply", kwargs={"token": token})


def poll_claim(token: str) -> LinkClaim | None:
    return _load(POLL_SALT, token)


def reply_claim(token: str) -> LinkClaim | None:
    return _load(REPLY_SALT, token)


def reply_links(meeting, membership) -> list[tuple[str, str]]:
    """(label, link) for each reply an invitation e-mail offers; naming a deputy needs the
    page (a person is chosen there)."""
    from accord.meetings.models import ReplyAnswer

    return [(ReplyAnswer(answer).label,
             reply_url(meeting=meeting, membership=membership, answer=answer))
            for answer in (ReplyAnswer.ATTENDING, ReplyAnswer.REMOTE, ReplyAnswer.EXCUSED)]


# The calendar's reply (iTIP, RFC 5546) ------------------------------------------------------
# A calendar answers an invitation by e-mail to its ORGANIZER. Each participant's .ics names a
# reply address of their own, accord+<token>@…, whose token (short enough for an address's
# local part) names the meeting and the member: the mail gateway that receives it posts the
# calendar to /planning/itip/<token>/, and the token is all the authentication there is.
ITIP_SALT = "accord.meetings.itip"


def itip_token(*, meeting_id: int, membership_id: int) -> str:
    from django.utils.crypto import salted_hmac

    mac = salted_hmac(ITIP_SALT, f"{meeting_id}:{membership_id}", algorithm="sha256")
    return f"r{meeting_id}-{membership_id}-{mac.hexdigest()[:24]}"


def itip_claim(token: str) -> tuple[int, int] | None:
    """(meeting id, membership id) of a genuine token, else None."""
    from django.utils.crypto import constant_time_compare

    parts = token[1:].split("-") if token.startswith("r") and len(token) <= 64 else []
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    meeting_id, membership_id = int(parts[0]), int(parts[1])
    if not constant_time_compare(token, itip_token(meeting_id=meeting_id,
                                                   membership_id=membership_id)):
        return None
    return meeting_id, membership_id


def itip_reply_address(sender: str, *, meeting_id: int, membership_id: int) -> str:
    local, _at, domain = sender.partition("@")
    token = itip_token(meeting_id=meeting_id, membership_id=membership_id)
    return f"{local}+{token}@{domain}" if domain else sender
