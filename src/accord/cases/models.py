"""The case register (issue 10, Deliver 1): a pseudonymous case, its lifecycle, the
organisations that take part in it (the need-to-know list) and the members who work on it.

A case never holds a name. Who the person is lives in the identity vault (accord.vault,
`Subject`), encrypted; here are only the reference and the quasi-identifiers (age band,
gender, district) that every reader permitted to see the case may see.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accord.core.models import NetworkOwned


class CaseState(models.TextChoices):
    SIGNAL = "signal", pgettext_lazy("case state", "Signal")
    TRIAGE = "triage", pgettext_lazy("case state", "Triage")
    PLANNING = "planning", pgettext_lazy("case state", "Planning")
    ACTIVE = "active", pgettext_lazy("case state", "Active")
    SUSPENDED = "suspended", pgettext_lazy("case state", "Suspended")
    CLOSING = "closing", pgettext_lazy("case state", "Closing")
    CLOSED = "closed", pgettext_lazy("case state", "Closed")
    FOLLOW_UP = "follow_up", pgettext_lazy("case state", "Follow-up")
    PURGED = "purged", pgettext_lazy("case state", "Purged")


class TriageOutcome(models.TextChoices):
    NO_ACTION = "no_action", _("No action")
    MORE_INFORMATION = "more_information", _("More information needed")
    TAKEN_ON = "taken_on", _("Taken on")
    REGULAR_CARE = "regular_care", _("Routed to regular care")
    CRIMINAL_JUSTICE = "criminal_justice", _("Handed to criminal justice")


class ClosureReason(models.TextChoices):
    GOALS_MET = "goals_met", _("Goals met or risk reduced")
    DECLINED = "declined", _("Client declined or withdrew")
    MOVED = "moved", _("Moved or transferred")
    OTHER_ROUTE = "other_route", _("Handed to another route")
    DECEASED = "deceased", _("Deceased")
    OTHER = "other", _("Other")


class ConcernLevel(models.TextChoices):
    """Chosen by an assessor in an assessment, never computed (issue 10, Deliver 3)."""

    UNKNOWN = "unknown", pgettext_lazy("concern level", "Not assessed")
    LOW = "low", pgettext_lazy("concern level", "Low")
    MEDIUM = "medium", pgettext_lazy("concern level", "Medium")
    HIGH = "high", pgettext_lazy("concern level", "High")


class Tier(models.TextChoices):
    CORE = "core", pgettext_lazy("participation tier", "Core party")
    CASE = "case", pgettext_lazy("participation tier", "Case party")
    CARE = "care", pgettext_lazy("participation tier", "Care partner")


class Gender(models.TextChoices):
    UNKNOWN = "", pgettext_lazy("gender", "Not recorded")
    FEMALE = "f", pgettext_lazy("gender", "Female")
    MALE = "m", pgettext_lazy("gender", "Male")
    DIVERSE = "x", pgettext_lazy("gender", "Diverse")


class AgeBand(models.TextChoices):
    UNKNOWN = "", pgettext_lazy("age band", "Not recorded")
    UNDER_14 = "0-13", pgettext_lazy("age band", "under 14")
    A14_17 = "14-17", pgettext_lazy("age band", "14 to 17")
    A18_24 = "18-24", pgettext_lazy("age band", "18 to 24")
    A25_34 = "25-34", pgettext_lazy("age band", "25 to 34")
    A35_PLUS = "35+", pgettext_lazy("age band", "35 or older")


# The default concern types every new network starts with; a network renames, adds or retires
# its own (ConcernType rows). Codes are stable so that reports and the exchange compare them.
DEFAULT_CONCERN_TYPES = {
    "right_wing": _("Right-wing extremism"),
    "islamist": _("Islamist extremism"),
    "left_wing": _("Left-wing extremism"),
    "anti_state": _("Anti-state or conspiracy-driven"),
    "single_issue": _("Single-issue"),
    "mixed_unclear": _("Mixed or unclear"),
}


class ConcernType(NetworkOwned):
    code = models.SlugField(_("code"), max_length=40)
    # Empty for a default type: its name is the translated default, in the reader's language.
    name = models.CharField(_("name"), max_length=120, blank=True)
    retired = models.BooleanField(_("retired"), default=False)

    class Meta:
        verbose_name = _("concern type")
        verbose_name_plural = _("concern types")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["network", "code"],
                                               name="unique_concern_type_code")]

    @property
    def label(self) -> str:
        return self.name or str(DEFAULT_CONCERN_TYPES.get(self.code, self.code))

    def __str__(self) -> str:
        return self.label


class Case(NetworkOwned):
    # e.g. GNT-2026-014: network prefix, year of the signal, running number (cases.services).
    reference = models.CharField(_("reference"), max_length=40)
    state = models.CharField(_("state"), max_length=12, choices=CaseState.choices,
                             default=CaseState.SIGNAL)
    source_sector = models.CharField(_("source of the signal"), max_length=20)
    concern_type = models.ForeignKey(ConcernType, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="cases",
                                     verbose_name=_("concern type"))
    concern_level = models.CharField(_("concern level"), max_length=8,
                                     choices=ConcernLevel.choices, default=ConcernLevel.UNKNOWN)
    signal_received_on = models.DateField(_("signal received on"), default=timezone.localdate)
    # The signal in words: category "signal" of the sharing policy, never shown without it.
    signal_summary = models.TextField(_("signal"), max_length=4000, blank=True)
    lead_organisation = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT,
                                          null=True, blank=True, related_name="+",
                                          verbose_name=_("lead organisation"))
    coordinator = models.ForeignKey("tenancy.Membership", on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+",
                                    verbose_name=_("case coordinator"))
    chair = models.ForeignKey("tenancy.Membership", on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+", verbose_name=_("chair"))
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    triage_outcome = models.CharField(_("triage outcome"), max_length=20, blank=True,
                                      choices=TriageOutcome.choices)
    closure_reason = models.CharField(_("closure reason"), max_length=20, blank=True,
                                      choices=ClosureReason.choices)
    # Quasi-identifiers: what everyone permitted to see the case sees instead of a name.
    age_band = models.CharField(_("age band"), max_length=6, blank=True, choices=AgeBand.choices)
    gender = models.CharField(_("gender"), max_length=1, blank=True, choices=Gender.choices)
    district = models.CharField(_("district"), max_length=80, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-signal_received_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["network", "reference"],
                                               name="unique_case_reference")]
        indexes = [
            models.Index(fields=["network", "state", "-signal_received_on", "-id"],
                         name="case_list_state"),
            models.Index(fields=["network", "-signal_received_on", "-id"], name="case_list"),
            models.Index(fields=["network", "next_review_on"], name="case_review_due"),
            models.Index(fields=["network", "lead_organisation"], name="case_lead"),
        ]

    def __str__(self) -> str:
        return self.reference


class CaseParticipant(NetworkOwned):
    """An organisation that takes part in a case: the need-to-know list, with its tier."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("organisation"))
    tier = models.CharField(_("tier"), max_length=4, choices=Tier.choices, default=Tier.CASE)
    since = models.DateField(_("since"), default=timezone.localdate)

    class Meta:
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        ordering = ["case", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "organisation"],
                                               name="unique_case_participant")]


class CaseWorker(NetworkOwned):
    """A member who works on the case (besides its coordinator and chair)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="workers")
    membership = models.ForeignKey("tenancy.Membership", on_delete=models.CASCADE,
                                   related_name="+", verbose_name=_("member"))
    since = models.DateField(_("since"), default=timezone.localdate)

    class Meta:
        verbose_name = _("case worker")
        verbose_name_plural = _("case workers")
        ordering = ["case", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "membership"],
                                               name="unique_case_worker")]


class CaseTransition(NetworkOwned):
    """One step of the lifecycle: dated, by whom, why (issue 10, Deliver 1)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=12, choices=CaseState.choices,
                                  blank=True)
    to_state = models.CharField(_("to"), max_length=12, choices=CaseState.choices)
    # The triage outcome or the closure reason, where the step records one.
    outcome = models.CharField(_("outcome"), max_length=20, blank=True)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey("tenancy.Membership", on_delete=models.SET_NULL, null=True,
                           related_name="+", verbose_name=_("by"))

    class Meta:
        verbose_name = _("case transition")
        verbose_name_plural = _("case transitions")
        ordering = ["case", "at", "pk"]
