from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.tenancy.models import NetworkOwned


class Procedure(models.TextChoices):
    # Paper, III.4(d): a transparent procedure, with a vote where members disagree.
    CONSENSUS = "consensus", _("Consensus")
    SIMPLE_MAJORITY = "simple_majority", _("Simple majority")
    QUALIFIED_MAJORITY = "qualified_majority", _("Qualified majority (two thirds)")
    LEAD_ORGANISATION = "lead_organisation", _("Lead organisation decides")
    CHAIR = "chair", _("Chair decides")


VOTING_PROCEDURES = (Procedure.SIMPLE_MAJORITY, Procedure.QUALIFIED_MAJORITY)


class VoteMode(models.TextChoices):
    NAMED = "named", _("Named vote")
    SECRET = "secret", _("Secret vote")


class DecisionOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")
    NO_QUORUM = "no_quorum", _("No quorum")


class VoteChoice(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    ABSTAIN = "abstain", _("Abstain")


class Decision(NetworkOwned):
    body = models.ForeignKey("tenancy.Body", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("body"))
    # Empty for a decision by written procedure.
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="decisions")
    item = models.ForeignKey("meetings.AgendaItem", on_delete=models.PROTECT, null=True,
                             blank=True, related_name="decisions")
    title = models.CharField(_("title"), max_length=200)
    motion = models.TextField(_("motion"), max_length=4000)
    procedure = models.CharField(_("procedure"), max_length=24, choices=Procedure.choices)
    # The charter's decision-procedure version in force, recorded with the decision.
    procedure_version_id = models.PositiveBigIntegerField(null=True, blank=True)
    vote_mode = models.CharField(_("vote"), max_length=10, choices=VoteMode.choices,
                                 default=VoteMode.NAMED)
    quorum = models.PositiveSmallIntegerField(_("quorum"), null=True, blank=True,
                                              help_text=_("Voting members needed"))
    voting_open = models.BooleanField(default=False)
    voting_closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=DecisionOutcome.choices,
                               default=DecisionOutcome.PENDING)
    rationale = models.TextField(_("rationale"), max_length=4000, blank=True)
    dissent = models.TextField(_("dissent"), max_length=4000, blank=True)
    minority_statement = models.TextField(_("minority statement"), max_length=4000, blank=True)
    adopts_charter_version_id = models.PositiveBigIntegerField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey("tenancy.Membership", on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


    @property
    def has_vote(self) -> bool:
        return self.procedure in VOTING_PROCEDURES


class Vote(NetworkOwned):
    """A named vote: who voted what."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey("tenancy.Membership", on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("vote"), max_length=8, choices=VoteChoice.choices)
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["decision", "voter"], name="one_named_vote")]

    def __str__(self) -> str:
        return f"{self.voter_id}: {self.choice}"


class BallotCast(NetworkOwned):
    """Secret vote, part one: that a member voted (against double votes), never what."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="ballots_cast")
    voter = models.ForeignKey("tenancy.Membership", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["decision", "voter"], name="one_ballot")]

    def __str__(self) -> str:
        return f"ballot of {self.voter_id}"


class SecretTally(NetworkOwned):
    """Secret vote, part two: how many chose each answer, one counter row per choice, never a
    row per ballot. A row per ballot is born in the same transaction as its BallotCast, so its
    insertion order (SQLite's rowid, PostgreSQL's ctid), its transaction id (xmin) or any
    timestamp would pair it with the voter. Every ballot updates all three counters of its
    decision in one statement, so no row's system columns tell which counter grew."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="secret_tally")
    choice = models.CharField(max_length=8, choices=VoteChoice.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["decision", "choice"],
                                               name="one_counter_per_choice")]

    def __str__(self) -> str:
        return f"{self.choice}: {self.count}"
