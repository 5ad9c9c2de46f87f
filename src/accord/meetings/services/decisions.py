"""Decisions with their procedure (paper III.4(d)): quorum, named or secret votes, outcome,
rationale, dissent and minority statement."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core.mail import mail_send
from accord.meetings import permissions
from accord.meetings.models import (
    AttendanceStatus,
    BallotCast,
    Decision,
    DecisionOutcome,
    Procedure,
    SecretBallot,
    Vote,
    VoteChoice,
    VoteMode,
)
from accord.meetings.models.decisions import VOTING_PROCEDURES
from accord.meetings.services import charter_link
from accord.meetings.services._common import audit, require_officer
from accord.meetings.services.errors import NotAllowed, Refused
from accord.tenancy.models import BodyMembership, Membership


def _require_decider(membership, decision: Decision) -> None:
    if decision.meeting is not None:
        require_officer(membership, decision.meeting)
    elif not permissions.plans_body(membership, decision.body):
        raise NotAllowed(_("Only the chair, the secretary or a coordinator may do this."))


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
    if adopts_charter_version_id is not None:
        charter_link.check_adoptable(membership=membership,
                                     version_id=adopts_charter_version_id)
    if meeting is not None and meeting.minutes_locked:
        raise Refused(_("The minutes of this meeting are approved: add no decisions to it."))
    decision.full_clean()
    decision.voting_open = decision.procedure in VOTING_PROCEDURES
    decision.save()
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


@transaction.atomic
def vote_cast(*, membership, decision: Decision, choice: str) -> None:
    """Cast a vote. Refused for procedures without a vote, after the vote closed (409), for
    members without a voting right (403) and for a second vote (409). A secret vote stores
    that the member voted and, separately, the choice, with nothing linking the two."""
    if not decision.has_vote:
        raise Refused(_("This decision's procedure has no vote."))
    if not Decision.objects.filter(pk=decision.pk, voting_open=True).exists():
        raise Refused(_("The vote is closed."))
    if choice not in VoteChoice.values:
        raise ValidationError({"choice": _("Choose yes, no or abstain.")})
    if voting_seat(membership, decision) is None:
        raise NotAllowed(_("You have no voting right in this body."))
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


def _store_vote(membership, decision: Decision, choice: str) -> None:
    if decision.vote_mode == VoteMode.NAMED:
        Vote.objects.create(network=decision.network, decision=decision, voter=membership,
                            choice=choice)
    else:
        BallotCast.objects.create(network=decision.network, decision=decision, voter=membership)
        SecretBallot.objects.create(network=decision.network, decision=decision, choice=choice)


def tally(decision: Decision) -> dict[str, int]:
    rows = decision.votes if decision.vote_mode == VoteMode.NAMED else decision.secret_ballots
    counts = dict.fromkeys(VoteChoice.values, 0)
    for choice in rows.values_list("choice", flat=True):
        counts[choice] += 1
    return counts


def quorum_needed(decision: Decision) -> int:
    """The decision's quorum, or more than half of the body's voting members."""
    if decision.quorum:
        return decision.quorum
    voters = BodyMembership.objects.filter(body=decision.body, voting_right=True).count()
    return voters // 2 + 1


def quorum_present(decision: Decision) -> int:
    """Voting members present at the meeting (attendance), or who voted in writing."""
    if decision.meeting is None:
        return sum(tally(decision).values())
    voting = BodyMembership.objects.filter(body=decision.body, voting_right=True)
    return decision.meeting.attendances.filter(
        status=AttendanceStatus.PRESENT,
        membership__in=voting.values("membership")).count()


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
                 minority_statement: str = "") -> Decision:
    """Close the vote and record the outcome from the tally and the quorum; abstentions count
    for the quorum but not for the majority. Officers; audited."""
    _require_decider(membership, decision)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not decision.voting_open:
        raise Refused(_("The vote is closed."))
    decision.voting_open = False
    decision.voting_closed_at = timezone.now()
    return _record(membership, decision, _outcome(decision, tally(decision)), rationale,
                   dissent, minority_statement)


@transaction.atomic
def decision_record(*, membership, decision: Decision, outcome: str, rationale: str = "",
                    dissent: str = "", minority_statement: str = "") -> Decision:
    """Record the outcome of a procedure without a vote (consensus, lead organisation,
    chair). Officers; audited."""
    _require_decider(membership, decision)
    if decision.has_vote:
        raise Refused(_("This decision is taken by vote: close the vote instead."))
    if decision.outcome != DecisionOutcome.PENDING:
        raise Refused(_("This decision is already recorded."))
    if outcome not in (DecisionOutcome.ADOPTED, DecisionOutcome.REJECTED):
        raise ValidationError({"outcome": _("Choose adopted or rejected.")})
    return _record(membership, decision, outcome, rationale, dissent, minority_statement)


def _record(membership, decision, outcome, rationale, dissent, minority_statement) -> Decision:
    decision.outcome = outcome
    decision.rationale, decision.dissent = rationale, dissent
    decision.minority_statement = minority_statement
    decision.decided_at = timezone.now()
    decision.full_clean()
    decision.save()
    if outcome == DecisionOutcome.ADOPTED and decision.adopts_charter_version_id:
        charter_link.adopt_version(decision=decision, membership=membership)
    audit(membership, "decision.recorded", decision, outcome=outcome,
          dissent=bool(dissent), minority_statement=bool(minority_statement))
    return decision
