"""A case's support plan (issue 10, Deliver 4): goals by life area, and the interventions that
serve them, each owned by one organisation and, where a case conference agreed it, linked to
that decision. Category "plan_status" of the sharing policy."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accord.core.models import NetworkOwned


class LifeArea(models.TextChoices):
    HOUSING = "housing", _("Housing")
    INCOME = "income", _("Income and debts")
    EDUCATION_WORK = "education_work", _("Education and work")
    FAMILY = "family", _("Family")
    SOCIAL = "social", _("Friends and social life")
    HEALTH = "health", _("Health and well-being")
    MEANING = "meaning", _("Identity, meaning and belief")
    LEISURE = "leisure", _("Leisure")
    LEGAL = "legal", _("Legal matters")
    OTHER = "other", _("Other")


class GoalStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("plan goal", "Open")
    IN_PROGRESS = "in_progress", pgettext_lazy("plan goal", "In progress")
    ACHIEVED = "achieved", pgettext_lazy("plan goal", "Achieved")
    DROPPED = "dropped", pgettext_lazy("plan goal", "Dropped")


class InterventionKind(models.TextChoices):
    CARE = "care", _("Care")
    ADMINISTRATIVE = "administrative", _("Administrative")
    CRIMINAL_JUSTICE = "criminal_justice", _("Criminal justice")
    OTHER = "other", _("Other")


class InterventionStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("intervention", "Planned")
    RUNNING = "running", pgettext_lazy("intervention", "Running")
    COMPLETED = "completed", pgettext_lazy("intervention", "Completed")
    STOPPED = "stopped", pgettext_lazy("intervention", "Stopped")


class SupportPlan(NetworkOwned):
    """The case's one current plan; its goals change, the audit trail keeps the history."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="plan")
    summary = models.TextField(_("summary"), max_length=4000, blank=True)
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("support plan")
        verbose_name_plural = _("support plans")


class PlanGoal(NetworkOwned):
    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="goals")
    life_area = models.CharField(_("life area"), max_length=20, choices=LifeArea.choices)
    text = models.CharField(_("goal"), max_length=500)
    status = models.CharField(_("status"), max_length=12, choices=GoalStatus.choices,
                              default=GoalStatus.OPEN)

    class Meta:
        verbose_name = _("plan goal")
        verbose_name_plural = _("plan goals")
        ordering = ["plan", "life_area", "pk"]

    def __str__(self) -> str:
        return self.text


class Intervention(NetworkOwned):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE,
                             related_name="interventions")
    goal = models.ForeignKey(PlanGoal, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="interventions", verbose_name=_("plan goal"))
    organisation = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("owning organisation"))
    kind = models.CharField(_("type"), max_length=20, choices=InterventionKind.choices)
    title = models.CharField(_("intervention"), max_length=200)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=InterventionStatus.choices,
                              default=InterventionStatus.PLANNED)
    outcome = models.TextField(_("outcome"), max_length=2000, blank=True)
    # The case-conference decision that agreed it.
    decision = models.ForeignKey("meetings.Decision", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+",
                                 verbose_name=_("case-conference decision"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["case", "starts_on", "pk"]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end cannot be before the start.")})
        if self.goal_id and self.goal.plan.case_id != self.case_id:
            raise ValidationError({"goal": _("Choose a goal of this case's plan.")})

    def __str__(self) -> str:
        return self.title
