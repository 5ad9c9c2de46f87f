"""Decisions with their procedure (paper III.4(d)): quorum, named or secret votes, outcome,
rationale, dissent and minority statement."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord import policy
from accord.core.mail import mail_send
from accord.meetings.models import (
    AttendanceStatus,
    BallotCast,
    Decision,
    DecisionOutcome,
    ItemPresence,
    MeetingState,
    Procedure,
    SecretTally,
    Vote,
    VoteChoice,
    VoteMode,
)
from accord.meetings.models.decisions import VOTING_PROCEDURES
from accord.meetings.services import charter_link
from accord.meetings.services._common import audit
from accord.meetings.services.errors import Refused
from accord.tenancy.models import BodyMembership, Membership


def require_not_cancelled(meeting) -> None:
    """A cancelled meeting takes no decisions: none is put to it, voted on or recorded."""
    if meeting is not None and meeting.state == MeetingState.CANCELLED:
        raise Refused(_("This meeting was cancelled: it takes no decisions."))


def _require_decider(membership, decision: Decision) -> None:
    # In a meeting its officers, for a written procedure the body's planners.
    if decision.pk is None and decision.meeting is not None:
        policy.require(membership, "meeting.decide", decision.meeting, purpose="minute")
    elif decision.pk is None:
        policy.require(membership, "body.plan_meetings", decision.body, purpose="prepare")
    else:
        policy.require(membership, "decision.decide", decision, purpose="minute")


@transaction.atomic
def decision_create(*, membership, body, title: str, motion: str, meeting=None, item=None,
                    procedure: str = "", vote_mode: str = VoteMode.NAMED,
                    quorum: int | None = None,
                    adopts_charter_version_id: int | None = None) -> Decision:
    """Put a decision to the body, in a meeting item or by written procedure. The procedure
    defaults from the network's adopted decision-procedure document, whose version is
    recorded. A decision may adopt a proposed charter version of this network (checked here,
    adopted when the decision is). Officers (or planners for written procedure); audited."""
    if item is not None:
        meeting = item.meeting
    if meeting is not None and meeting.body_id != body.pk:
        raise ValidationError({"meeting": _("Choose a meeting of this body.")})
    in_force = charter_link.procedure_in_force(network=membership.network)
    decision = Decision(
        network=membership.network, body=body, meeting=meeting, item=item, title=title,
        motion=motion, procedure=procedure or in_force.procedure, vote_mode=vote_mode,
        procedure_version_id=in_force.version_id, quorum=quorum, created_by=membership,
        adopts_charter_version_id=adopts_charter_version_id,
    )
    _require_decider(membership, decision)
    require_not_cancelled(meeting)
    if adopts_charter_version_id is not None:
        charter_link.check_adoptable(membership=membership,
                                     version_id=adopts_charter_version_id)
    if meeting is not None and meeting.minutes_locked:
        raise Refused(_("The minutes of this meeting are approved: add no decisions to it."))
    decision.full_clean()
    decision.voting_open = decision.procedure in VOTING_PROCEDURES
    decision.save()
    if decision.voting_open and decision.vote_mode == VoteMode.SECRET:
        _secret_counters(decision)
    audit(membership, "decision.created", decision, procedure=decision.procedure,
          vote_mode=decision.vote_mode, written=meeting is None,
          adopts_charter_version=adopts_charter_version_id)
    if meeting is None:
        _notify_written_procedure(decision)
    return decision


def _notify_written_procedure(decision: Decision) -> int:
    """E-mail the body's active voting members that a motion is put by written procedure:
    its title and the link only; the motion itself is read in Accord."""
    seats = BodyMembership.objects.filter(
        body=decision.body, voting_right=True, membership__in=Membership.objects.active()
    ).select_related("membership__user").order_by("pk")
    path = reverse("meetings:decision", kwargs={"network": decision.network.slug,
                                                "pk": decision.pk})
    for seat in seats:
        user = seat.membership.user
        mail_send(to=user.email, template="meetings/email/written_procedure",
                  language=user.language,
                  subject=format_lazy("{}: {}", gettext_lazy("Decision by written procedure"),
                                      decision.title),
                  context={"decision": decision, "recipient": user,
                           "url": settings.ACCORD_BASE_URL + path})
    return len(seats)


def has_voted(membership, decision: Decision) -> bool:
    """Named votes and secret ballots both leave a row naming the voter (never the choice for
    a secret one), so this answers for either procedure."""
    return (Vote.objects.filter(decision=decision, voter=membership).exists()
            or BallotCast.objects.filter(decision=decision, voter=membership).exists())


def voting_seat(membership, decision: Decision) -> BodyMembership | None:
    return BodyMembership.objects.filter(body=decision.body, membership=membership,
                                         voting_right=True).first()


def _voting_members(decision: Decision):
    return BodyMembership.objects.filter(body=decision.body,
                                         voting_right=True).values("membership")


def present_voters(decision: Decision):
    """The members of a meeting decision's electorate: voting members present for its item,
    or present at the meeting when it has no item. Empty for written procedure."""
    if decision.item_id is not None:
        return ItemPresence.objects.filter(item_id=decision.item_id,
                                           membership__in=_voting_members(decision))
    if decision.meeting_id is not None:
        return decision.meeting.attendances.filter(status=AttendanceStatus.PRESENT,
                                                   membership__in=_voting_members(decision))
    return ItemPresence.objects.none()


def may_vote(membership, decision: Decision) -> bool:
    return bool(decision.voting_open and decision.has_vote
                and policy.decide(membership, "decision.vote", decision,
                                  purpose="view").allowed
                and not has_voted(membership, decision)
                and not (decision.meeting and decision.meeting.state == MeetingState.CANCELLED))


@transaction.atomic
def vote_cast(*, membership, decision: Decision, choice: str) -> None:
    """Cast a vote. Refused for procedures without a vote, on a cancelled meeting, after the
    vote closed (409), for members without a voting right or, in a meeting, not present for
    the item (403), and for a second vote (409). A secret vote stores that the member voted
    and, separately, adds one to a counter, with nothing linking the two."""
    if not decision.has_vote:
        raise Refused(_("This decision's procedure has no vote."))
    require_not_cancelled(decision.meeting)
    if not Decision.objects.filter(pk=decision.pk, voting_open=True).exists():
        raise Refused(_("The vote is closed."))
    if choice not in VoteChoice.values:
        raise ValidationError({"choice": _("Choose yes, no or abstain.")})
    # Who may vote: the body's voting members, in a meeting those present for the item.
    policy.require(membership, "decision.vote", decision, purpose="minute")
    if has_voted(membership, decision):
        raise Refused(_("You have already voted."))
    try:
        with transaction.atomic():
            _store_vote(membership, decision, choice)
    except IntegrityError:
        raise Refused(_("You have already voted.")) from None
    # The audit says that a vote was cast; for a secret vote it must not say which.
    audit(membership, "decision.vote_cast", decision,
          **({"choice": choice} if decision.vote_mode == VoteMode.NAMED else {}))


def _secret_counters(decision: Decision) -> None:
    if SecretTally.objects.filter(decision=decision).count() < len(VoteChoice.values):
        SecretTally.objects.bulk_create(
            [SecretTally(network=decision.network, decision=decision, choice=choice)
             for choice in VoteChoice.values], ignore_conflicts=True)


def _store_vote(membership, decision: Decision, choice: str) -> None:
    if decision.vote_mode == VoteMode.NAMED:
        Vote.objects.create(network=decision.network, decision=decision, voter=membership,
                            choice=choice)
        return
    BallotCast.objects.create(network=decision.network, decision=decision, voter=membership)
    _secret_counters(decision)
    # One statement rewrites all three counters (adding 0 to two of them): each row then
    # carries this transaction's id, so none of them points at the choice.
    SecretTally.objects.filter(decision=decision).update(
        count=F("count") + Case(When(choice=choice, then=Value(1)), default=Value(0)))


def tally(decision: Decision) -> dict[str, int]:
    """The counts, whether or not they may be shown yet (see vote_facts)."""
    counts = dict.fromkeys(VoteChoice.values, 0)
    if decision.vote_mode == VoteMode.NAMED:
        for choice in decision.votes.values_list("choice", flat=True):
            counts[choice] += 1
    else:
        for choice, count in decision.secret_tally.values_list("choice", "count"):
            counts[choice] = count
    return counts


def votes_cast(decision: Decision) -> int:
    rows = decision.votes if decision.vote_mode == VoteMode.NAMED else decision.ballots_cast
    return rows.count()


def tally_hidden(decision: Decision) -> bool:
    """While a secret vote is open its tally is nobody's business: with one ballot cast,
    "Voted: Koen" and "No: 1" would be Koen's ballot."""
    return decision.vote_mode == VoteMode.SECRET and decision.voting_open


@dataclass(frozen=True)
class VoteFacts:
    """What the page, the API and the minutes PDF show of a vote."""

    votes_cast: int
    tally: dict[str, int] | None  # None while a secret vote is open
    quorum_present: int
    quorum_needed: int
    written: bool  # written procedure: "present" are those who voted


def vote_facts(decision: Decision) -> VoteFacts | None:
    if not decision.has_vote:
        return None
    return VoteFacts(votes_cast=votes_cast(decision),
                     tally=None if tally_hidden(decision) else tally(decision),
                     quorum_present=quorum_present(decision),
                     quorum_needed=quorum_needed(decision),
                     written=decision.meeting_id is None)


def quorum_needed(decision: Decision) -> int:
    """The decision's quorum, or more than half of the body's voting members."""
    if decision.quorum:
        return decision.quorum
    voters = BodyMembership.objects.filter(body=decision.body, voting_right=True).count()
    return voters // 2 + 1


def quorum_present(decision: Decision) -> int:
    """Voting members present for the item (or the meeting), or who voted in writing."""
    if decision.meeting_id is None:
        return votes_cast(decision)
    return present_voters(decision).count()


def _outcome(decision: Decision, counts: dict[str, int]) -> str:
    if quorum_present(decision) < quorum_needed(decision):
        return DecisionOutcome.NO_QUORUM
    yes, no = counts[VoteChoice.YES], counts[VoteChoice.NO]
    if decision.procedure == Procedure.QUALIFIED_MAJORITY:
        adopted = yes > 0 and 3 * yes >= 2 * (yes + no)
    else:
        adopted = yes > no
    return DecisionOutcome.ADOPTED if adopted else DecisionOutcome.REJECTED


@transaction.atomic
def voting_close(*, membership, decision: Decision, rationale: str = "", dissent: str = "",
                 minority_statement: str = "", decided_at: datetime | None = None) -> Decision:
    """Close the vote and record the outcome from the tally and the quorum; abstentions count
    for the quorum but not for the majority. Officers; refused on a cancelled meeting;
    audited. `decided_at` is for a secretary recording later what the meeting decided."""
    _require_decider(membership, decision)
    require_not_cancelled(decision.meeting)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not decision.voting_open:
        raise Refused(_("The vote is closed."))
    decision.voting_open = False
    decision.voting_closed_at = _decision_time(decision, decided_at)
    return _record(membership, decision, _outcome(decision, tally(decision)), rationale,
                   dissent, minority_statement, decision.voting_closed_at)


@transaction.atomic
def decision_record(*, membership, decision: Decision, outcome: str, rationale: str = "",
                    dissent: str = "", minority_statement: str = "",
                    decided_at: datetime | None = None) -> Decision:
    """Record the outcome of a procedure without a vote (consensus, lead organisation,
    chair). Officers; refused on a cancelled meeting; audited."""
    _require_decider(membership, decision)
    require_not_cancelled(decision.meeting)
    if decision.has_vote:
        raise Refused(_("This decision is taken by vote: close the vote instead."))
    if decision.outcome != DecisionOutcome.PENDING:
        raise Refused(_("This decision is already recorded."))
    if outcome not in (DecisionOutcome.ADOPTED, DecisionOutcome.REJECTED):
        raise ValidationError({"outcome": _("Choose adopted or rejected.")})
    return _record(membership, decision, outcome, rationale, dissent, minority_statement,
                   _decision_time(decision, decided_at))


def _decision_time(decision: Decision, decided_at: datetime | None) -> datetime:
    """Now, or the time the meeting took the decision: on the meeting's day, never ahead."""
    if decided_at is None:
        return timezone.now()
    meeting = decision.meeting
    zone = ZoneInfo(decision.network.time_zone)
    on_its_day = meeting is None or (timezone.localdate(decided_at, zone)
                                     == timezone.localdate(meeting.starts_at, zone))
    if decided_at > timezone.now() or not on_its_day:
        raise ValidationError({"decided_at": _("A decision is dated on its meeting's day, "
                                               "and not in the future.")})
    return decided_at


def _record(membership, decision, outcome, rationale, dissent, minority_statement,
            decided_at) -> Decision:
    decision.outcome = outcome
    decision.rationale, decision.dissent = rationale, dissent
    decision.minority_statement = minority_statement
    decision.decided_at = decided_at
    decision.full_clean()
    decision.save()
    if outcome == DecisionOutcome.ADOPTED and decision.adopts_charter_version_id:
        charter_link.adopt_version(decision=decision, membership=membership)
    audit(membership, "decision.recorded", decision, outcome=outcome,
          dissent=bool(dissent), minority_statement=bool(minority_statement))
    return decision
