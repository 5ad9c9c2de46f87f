"""The network's charter (issue 3): what a network has agreed, written down one step at a time.

Documents and their versions, the formalisation roadmap, goals and their reviews, the glossary,
who does what (RACI), the level system and the anonymous needs survey. Every model is network
owned and scoped (DESIGN.md, mechanism 1).
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.tenancy.models import (
    Body,
    BodyRole,
    Membership,
    NetworkOwned,
    Organisation,
)

# A charter document is prose, not a book; the limit keeps rendering and PDFs cheap.
MAX_BODY_CHARS = 100_000


class DocumentKind(models.TextChoices):
    GOALS_VALUES = "goals_values", _("Goals and values")
    RULES_OF_PROCEDURE = "rules_of_procedure", _("Rules of procedure")
    GLOSSARY = "glossary", _("Glossary")
    ROLES = "roles", _("Roles and responsibilities")
    DECISION_PROCEDURE = "decision_procedure", _("Decision procedure")
    MINUTES_POLICY = "minutes_policy", _("Minutes, participant lists and call logs")
    LEVEL_SYSTEM = "level_system", _("Level system")
    INFORMATION_SHARING = "information_sharing", _("Information-sharing agreement")
    CUSTOM = "custom", _("Other document")


class CharterDocument(NetworkOwned):
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("charter document")
        verbose_name_plural = _("charter documents")
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return self.title


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed")
    ADOPTED = "adopted", _("Adopted")
    SUPERSEDED = "superseded", _("Superseded")


class CharterVersion(NetworkOwned):
    """One text of a document. Once adopted it never changes again; a new draft is made instead."""

    document = models.ForeignKey(CharterDocument, on_delete=models.CASCADE,
                                 related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("text (Markdown)"), max_length=MAX_BODY_CHARS, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=VersionStatus.choices,
                              default=VersionStatus.DRAFT)
    based_on = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    adopted_by_body = models.ForeignKey(Body, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name=_("adopted by"))
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    # Filled by the meetings issue once decisions exist; a plain id keeps this app independent.
    decision_id = models.PositiveBigIntegerField(_("decision"), null=True, blank=True)
    superseded_on = models.DateField(_("superseded on"), null=True, blank=True)
    created_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Optimistic locking: an edit names the lock_version it started from.
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("charter version")
        verbose_name_plural = _("charter versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_version_number"),
            # At most one text is in force per document.
            models.UniqueConstraint(fields=["document"], condition=Q(status="adopted"),
                                    name="one_adopted_version_per_document"),
            models.CheckConstraint(
                condition=~Q(status__in=["adopted", "superseded"]) | Q(adopted_on__isnull=False),
                name="adopted_version_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status in (VersionStatus.DRAFT, VersionStatus.PROPOSED)


class VersionComment(NetworkOwned):
    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE,
                                related_name="comments")
    author = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"comment {self.pk}"


class PracticeState(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    IN_PLACE = "in_place", _("In place")
    NOT_NEEDED = "not_needed", _("Not needed here")


class PracticeStatus(NetworkOwned):
    """Where the network stands on one good practice of the roadmap (charter/roadmap.py)."""

    practice = models.CharField(_("practice"), max_length=40)
    status = models.CharField(_("status"), max_length=12, choices=PracticeState.choices,
                              default=PracticeState.NOT_STARTED)
    owner = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("owner"))
    note = models.TextField(_("note"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["network", "practice"], name="unique_practice_status")
        ]

    def __str__(self) -> str:
        return f"{self.practice}: {self.status}"


class Goal(NetworkOwned):
    """A target agreement: what the network wants to achieve and how it would notice."""

    statement = models.CharField(_("goal"), max_length=500)
    indicators = models.TextField(_("indicators (what would show progress)"), max_length=4000,
                                  blank=True)
    owner_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True,
                                           blank=True, related_name="+",
                                           verbose_name=_("owner organisation"))
    review_interval_months = models.PositiveSmallIntegerField(
        _("review every (months)"), default=6,
        validators=[MinValueValidator(1), MaxValueValidator(36)])
    # None once the goal is achieved or dropped: nothing more to review.
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["next_review_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_interval_months__gte=1) & Q(review_interval_months__lte=36),
                name="goal_review_interval_range",
            ),
        ]

    def __str__(self) -> str:
        return self.statement


class Assessment(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


CLOSING_ASSESSMENTS = (Assessment.ACHIEVED, Assessment.DROPPED)


class GoalReview(NetworkOwned):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="reviews")
    assessment = models.CharField(_("assessment"), max_length=12, choices=Assessment.choices)
    evidence = models.TextField(_("evidence"), max_length=4000, blank=True)
    reviewed_on = models.DateField(_("reviewed on"))
    reviewed_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True,
                                    related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.goal_id} {self.reviewed_on}: {self.assessment}"


class GlossaryTerm(NetworkOwned):
    term = models.CharField(_("term"), max_length=120)
    definition = models.TextField(_("our definition"), max_length=2000)
    source_definition = models.TextField(_("source definition adopted"), max_length=2000,
                                         blank=True)
    source = models.CharField(_("source (citation)"), max_length=300, blank=True)
    usage_notes = models.TextField(
        _("where security and civil-society organisations use it differently"),
        max_length=2000, blank=True,
    )
    # {"de": {"term": "…", "definition": "…"}, …}; the main fields are the network's language.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(fields=["network", "term"], name="unique_glossary_term")
        ]

    def __str__(self) -> str:
        return self.term

    def in_language(self, language: str) -> tuple[str, str]:
        """(term, definition) in `language` when translated, else the original."""
        entry = (self.translations or {}).get(language) or {}
        return entry.get("term") or self.term, entry.get("definition") or self.definition


class Responsibility(NetworkOwned):
    """One task of the network and whoever carries it (the RACI parties are its assignments)."""

    task = models.CharField(_("task"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    deputy = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("deputy"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        ordering = ["task"]

    def __str__(self) -> str:
        return self.task


class Raci(models.TextChoices):
    RESPONSIBLE = "R", _("Responsible")
    ACCOUNTABLE = "A", _("Accountable")
    CONSULTED = "C", _("Consulted")
    INFORMED = "I", _("Informed")


class Assignment(NetworkOwned):
    """One party of a task: exactly one of an organisation, a body role or a named member."""

    responsibility = models.ForeignKey(Responsibility, on_delete=models.CASCADE,
                                       related_name="assignments")
    raci = models.CharField(_("part"), max_length=1, choices=Raci.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, null=True,
                                     blank=True, related_name="+")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+")
    body_role = models.CharField(max_length=20, choices=BodyRole.choices, blank=True)
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["raci", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(organisation__isnull=False, body__isnull=True, membership__isnull=True)
                    | Q(organisation__isnull=True, body__isnull=False, membership__isnull=True)
                    & ~Q(body_role="")
                    | Q(organisation__isnull=True, body__isnull=True, membership__isnull=False)
                ),
                name="assignment_exactly_one_party",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.raci} {self.party_key}"

    @property
    def party_key(self) -> str:
        if self.organisation_id:
            return f"org:{self.organisation_id}"
        if self.body_id:
            return f"body:{self.body_id}:{self.body_role}"
        return f"member:{self.membership_id}"

    @property
    def party_label(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        if self.body_id:
            return f"{self.get_body_role_display()}, {self.body.name}"
        return str(self.membership.user)


class Severity(models.TextChoices):
    ANY = "any", _("Any case")
    MEDIUM = "medium", _("Medium severity and above")
    HIGH = "high", _("High severity only")


class Level(NetworkOwned):
    """A step of the level system: whom a meeting may admit, by case severity or topic."""

    number = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(9)])
    name = models.CharField(_("name"), max_length=120)
    admits = models.TextField(_("who it admits"), max_length=1000)
    min_severity = models.CharField(_("case severity"), max_length=8, choices=Severity.choices,
                                    default=Severity.ANY)
    topics = models.CharField(_("topics"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["network", "number"], name="unique_level_number"),
            models.CheckConstraint(condition=Q(number__gte=1) & Q(number__lte=9),
                                   name="level_number_range"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class SurveyParticipation(NetworkOwned):
    """That a member answered (so nobody answers twice), never what they answered."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["network", "membership"],
                                    name="one_survey_answer_per_member")
        ]

    def __str__(self) -> str:
        return f"survey answered by {self.membership_id}"


class SurveyResponse(NetworkOwned):
    """Anonymous answers: no author, no time, and a random key so rows cannot be ordered."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    answers = models.JSONField(default=dict)

    def __str__(self) -> str:
        return "survey response"
