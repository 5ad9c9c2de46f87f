"""Consent, Disclosure, BreakGlass (issue 10, Deliver 9, 10 and 11).

A consent widens what the sharing regime permits: its rules read `consents`, the organisations
an active consent covers for a facet's case and category (consent_wiring). A disclosure is one
organisation's case data shown to a member of another, folded per day. A break-glass access
opens a case outside the policy for a few hours, with a stated reason, until a privacy officer
reviews it.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.models import NetworkOwned


class GivenBy(models.TextChoices):
    PERSON = "person", _("The person concerned")
    # A minor's consent is their guardian's.
    GUARDIAN = "guardian", _("The guardian")


def consent_upload_to(instance: "Consent", filename: str) -> str:
    # The stored name is ours, never the uploader's: the original (made safe) is kept beside.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"consents/{instance.network_id}/{timezone.now():%Y/%m}/{_random_name()}.{extension}"


def _random_name() -> str:
    import secrets

    return secrets.token_hex(16)


class Consent(NetworkOwned):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="consents",
                             verbose_name=_("case"))
    given_by = models.CharField(_("given by"), max_length=10, choices=GivenBy.choices)
    # Organisation ids of the same network (checked by consent_record); categories of
    # cases.facets.CATEGORIES and policy purposes. JSON lists so that the facet builder reads
    # every consent of a decision call in one query.
    organisations = models.JSONField(_("organisations"), default=list)
    categories = models.JSONField(_("categories"), default=list)
    purposes = models.JSONField(_("purposes"), default=list)
    written_form = models.FileField(_("written form"), upload_to=consent_upload_to, blank=True,
                                    max_length=200)
    written_form_name = models.CharField(_("file name"), max_length=120, blank=True)
    written_form_type = models.CharField(_("file type"), max_length=40, blank=True)
    given_on = models.DateField(_("given on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey("tenancy.Membership", on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("withdrawal recorded by"))
    withdrawal_reason = models.TextField(_("reason for the withdrawal"), max_length=2000,
                                         blank=True)
    recorded_by = models.ForeignKey("tenancy.Membership", on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["case", "-given_on", "-pk"]
        indexes = [models.Index(fields=["case", "withdrawn_at"], name="consent_case_active")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.given_on}"

    def is_active(self, today) -> bool:
        """Given, not expired (it holds through expires_on), not withdrawn."""
        return (self.withdrawn_at is None and self.given_on <= today
                and (self.expires_on is None or today <= self.expires_on))


class Disclosure(NetworkOwned):
    """One organisation's data of one category of a case, shown to a member of another,
    aggregated per day (in the network's zone): a second read the same day counts, it does not
    add a row."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="disclosures",
                             verbose_name=_("case"))
    category = models.CharField(_("category"), max_length=40)
    source_organisation = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT,
                                            related_name="+",
                                            verbose_name=_("source organisation"))
    recipient = models.ForeignKey("tenancy.Membership", on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("recipient"))
    recipient_organisation = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT,
                                               related_name="+",
                                               verbose_name=_("recipient organisation"))
    purpose = models.CharField(_("purpose"), max_length=40)
    channel = models.CharField(_("channel"), max_length=20)
    rule = models.CharField(_("rule"), max_length=200)
    basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    effect = models.CharField(_("decision"), max_length=16)
    day = models.DateField(_("day"))
    # The reading session (a keyed digest of its key, never the key), so that one session's
    # reads fold together; empty for a token's API calls and reads outside a request.
    session = models.CharField(_("session"), max_length=32, blank=True, default="")
    first_at = models.DateTimeField(_("first shown"))
    last_at = models.DateTimeField(_("last shown"))
    count = models.PositiveIntegerField(_("times shown"), default=1)

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        ordering = ["-last_at", "-pk"]
        constraints = [models.UniqueConstraint(
            fields=["case", "category", "source_organisation", "recipient", "purpose",
                    "channel", "rule", "day", "session"], name="unique_disclosure_per_day")]
        indexes = [
            models.Index(fields=["network", "-last_at", "-id"], name="disclosure_network"),
            models.Index(fields=["case", "-last_at"], name="disclosure_case"),
            models.Index(fields=["recipient", "-last_at"], name="disclosure_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.category}→{self.recipient_id}"


class BreakGlass(NetworkOwned):
    """A member's access to a case outside the policy, with a reason, for a few hours."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE,
                             related_name="break_glass_accesses", verbose_name=_("case"))
    membership = models.ForeignKey("tenancy.Membership", on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("member"))
    reason = models.TextField(_("reason"), max_length=2000)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    reviewed_by = models.ForeignKey("tenancy.Membership", on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+",
                                    verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("break-glass access")
        verbose_name_plural = _("break-glass accesses")
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(fields=["case", "expires_at"], name="break_glass_case"),
            models.Index(fields=["network", "reviewed_at", "-started_at"],
                         name="break_glass_review"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.membership_id}"

    def is_running(self, now=None) -> bool:
        now = now or timezone.now()
        return self.ended_at is None and self.started_at <= now < self.expires_at


__all__ = ["BreakGlass", "Consent", "Disclosure", "GivenBy"]
