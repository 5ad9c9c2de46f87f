"""Progress reviews (issue 10, Deliver 5): at an interval set by the concern level, or on an
event; the change in each domain, an outcome and next steps. The interval is the network's
(CaseworkSettings), with the defaults high 4 weeks, medium 3 months, low 6 months."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accord.casework.models.assessments import CHOSEN_LEVELS
from accord.core.models import NetworkOwned, network_scoped


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", pgettext_lazy("review outcome", "Continue")
    ESCALATE = "escalate", pgettext_lazy("review outcome", "Escalate")
    DE_ESCALATE = "de_escalate", pgettext_lazy("review outcome", "De-escalate")
    CLOSE = "close", pgettext_lazy("review outcome", "Close")


class CaseworkSettings(NetworkOwned):
    network = models.OneToOneField("tenancy.Network", on_delete=models.CASCADE,
                                   related_name="+")
    high_weeks = models.PositiveSmallIntegerField(
        _("review interval at high concern (weeks)"), default=4,
        validators=[MinValueValidator(1), MaxValueValidator(52)])
    medium_months = models.PositiveSmallIntegerField(
        _("review interval at medium concern (months)"), default=3,
        validators=[MinValueValidator(1), MaxValueValidator(24)])
    low_months = models.PositiveSmallIntegerField(
        _("review interval at low concern (months)"), default=6,
        validators=[MinValueValidator(1), MaxValueValidator(36)])

    objects = network_scoped()

    class Meta:
        verbose_name = _("case work settings")
        verbose_name_plural = _("case work settings")


class Review(NetworkOwned):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"), default=timezone.localdate)
    reviewer = models.ForeignKey("tenancy.Membership", on_delete=models.SET_NULL, null=True,
                                 related_name="+", verbose_name=_("reviewer"))
    # The concern level the review arrives at (empty: unchanged).
    concern_level = models.CharField(_("concern level"), max_length=8, choices=CHOSEN_LEVELS,
                                     blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=ReviewOutcome.choices)
    next_steps = models.TextField(_("next steps"), max_length=4000, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    event_triggered = models.BooleanField(_("triggered by an event"), default=False)
    event_reason = models.CharField(_("event"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["case", "-reviewed_on", "-pk"]


class ReviewDomainChange(NetworkOwned):
    """The change seen in one domain since the last review: -2 (much worse) … +2 (much
    better), and optionally the domain's level of concern now."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="changes")
    domain = models.ForeignKey("casework.Domain", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("domain"))
    change = models.SmallIntegerField(_("change"), default=0,
                                      validators=[MinValueValidator(-2), MaxValueValidator(2)])
    level = models.CharField(_("level"), max_length=8, choices=CHOSEN_LEVELS, blank=True)

    class Meta:
        verbose_name = _("domain change")
        verbose_name_plural = _("domain changes")
        ordering = ["review", "domain__order"]
        constraints = [
            models.UniqueConstraint(fields=["review", "domain"], name="unique_review_domain"),
            models.CheckConstraint(condition=models.Q(change__gte=-2, change__lte=2),
                                   name="review_change_range"),
        ]
