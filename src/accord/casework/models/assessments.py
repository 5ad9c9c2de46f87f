"""An assessment of a case under a framework (issue 10, Deliver 3): indicator ratings with
their evidence, the assessor's own judgement and concern level, co-raters and a consensus.

Assessments are versioned: a new final assessment supersedes the case's previous one, which
stays as history. The organisation is the source of the data: the sharing policy decides who
reads it as CaseFacet(case, "assessment", organisation).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accord.cases.models import ConcernLevel
from accord.core.models import NetworkOwned

# What an assessor may choose: "not assessed" is a case's state before any assessment.
CHOSEN_LEVELS = [(v, label) for v, label in ConcernLevel.choices if v != ConcernLevel.UNKNOWN]


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("assessment status", "Draft")
    FINAL = "final", pgettext_lazy("assessment status", "Final")


class Rating(models.TextChoices):
    ABSENT = "absent", pgettext_lazy("indicator rating", "Absent")
    PARTLY = "partly", pgettext_lazy("indicator rating", "Partly present")
    PRESENT = "present", pgettext_lazy("indicator rating", "Present")
    UNKNOWN = "unknown", pgettext_lazy("indicator rating", "Unknown")


class Reliability(models.TextChoices):
    HIGH = "high", pgettext_lazy("source reliability", "Reliable")
    MEDIUM = "medium", pgettext_lazy("source reliability", "Fairly reliable")
    LOW = "low", pgettext_lazy("source reliability", "Doubtful")
    UNKNOWN = "unknown", pgettext_lazy("source reliability", "Not known")


class Assessment(NetworkOwned):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="assessments")
    # None for an external assessment with a licensed instrument (only its result is kept).
    framework = models.ForeignKey("casework.AssessmentFramework", on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="assessments",
                                  verbose_name=_("framework"))
    version = models.PositiveIntegerField(_("version"), default=1)
    supersedes = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="superseded_by")
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    assessor = models.ForeignKey("tenancy.Membership", on_delete=models.SET_NULL, null=True,
                                 related_name="+", verbose_name=_("assessor"))
    organisation = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("organisation"))
    status = models.CharField(_("status"), max_length=8, choices=AssessmentStatus.choices,
                              default=AssessmentStatus.FINAL)
    # Chosen by the assessor, never computed from the ratings.
    concern_level = models.CharField(_("overall concern level"), max_length=8,
                                     choices=CHOSEN_LEVELS)
    judgement = models.TextField(_("judgement in words"), max_length=4000, blank=True)
    scenarios = models.TextField(_("scenarios"), max_length=4000, blank=True)
    missing_information = models.TextField(_("missing information and how to get it"),
                                           max_length=4000, blank=True)
    client_view = models.TextField(_("the client's own view"), max_length=4000, blank=True)
    # A licensed instrument applied outside Accord: only that it was done, when, and its level.
    external = models.BooleanField(_("external assessment"), default=False)
    external_instrument = models.CharField(_("instrument"), max_length=120, blank=True)
    external_done_on = models.DateField(_("done on"), null=True, blank=True)
    external_level = models.CharField(_("overall level of the instrument"), max_length=8,
                                      choices=CHOSEN_LEVELS, blank=True)
    consensus_text = models.TextField(_("consensus"), max_length=4000, blank=True)
    consensus_level = models.CharField(_("agreed concern level"), max_length=8,
                                       choices=CHOSEN_LEVELS, blank=True)
    consensus_recorded_on = models.DateField(_("consensus recorded on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["case", "-assessed_on", "-version", "-pk"]
        constraints = [models.UniqueConstraint(fields=["case", "version"],
                                               name="unique_assessment_version")]

    @property
    def agreed_level(self) -> str:
        """The level that stands: the consensus where one is recorded, else the assessor's."""
        return self.consensus_level or self.concern_level

    def __str__(self) -> str:
        return f"{self.case} v{self.version}"


class IndicatorRating(NetworkOwned):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    indicator = models.ForeignKey("casework.Indicator", on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("indicator"))
    rating = models.CharField(_("rating"), max_length=8, choices=Rating.choices,
                              default=Rating.UNKNOWN)
    decisive = models.BooleanField(_("decisive"), default=False)
    evidence_for = models.TextField(_("evidence for"), max_length=2000, blank=True)
    evidence_against = models.TextField(_("evidence against"), max_length=2000, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    source_reliability = models.CharField(_("reliability of the source"), max_length=8,
                                          choices=Reliability.choices, default=Reliability.UNKNOWN)

    class Meta:
        verbose_name = _("indicator rating")
        verbose_name_plural = _("indicator ratings")
        ordering = ["assessment", "indicator__domain__order", "indicator__order"]
        constraints = [models.UniqueConstraint(fields=["assessment", "indicator"],
                                               name="unique_indicator_rating")]


class AssessmentRater(NetworkOwned):
    """A co-rater: another professional's own overall level, before the consensus."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="raters")
    membership = models.ForeignKey("tenancy.Membership", on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("rater"))
    concern_level = models.CharField(_("own concern level"), max_length=8,
                                     choices=CHOSEN_LEVELS)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("co-rater")
        verbose_name_plural = _("co-raters")
        ordering = ["assessment", "pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "membership"],
                                               name="unique_assessment_rater")]
