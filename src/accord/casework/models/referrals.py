"""Referrals between organisations (issue 10, Deliver 6): proposed → accepted, or declined with
a reason. Accepting makes the receiving organisation a participant of the case; what it then
reads of the categories named here is still the sharing policy's answer."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accord.core.models import NetworkOwned


class ReferralState(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("referral", "Proposed")
    ACCEPTED = "accepted", pgettext_lazy("referral", "Accepted")
    DECLINED = "declined", pgettext_lazy("referral", "Declined")


class Referral(NetworkOwned):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals")
    from_organisation = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT,
                                          related_name="+", verbose_name=_("from"))
    to_organisation = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT,
                                        related_name="+", verbose_name=_("to"))
    proposed_by = models.ForeignKey("tenancy.Membership", on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("proposed by"))
    proposed_on = models.DateField(_("proposed on"), default=timezone.localdate)
    # Category codes of cases.facets.CATEGORIES that the referral would share.
    categories = models.JSONField(_("categories shared"), default=list)
    note = models.TextField(_("why this referral"), max_length=2000, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=ReferralState.choices,
                             default=ReferralState.PROPOSED)
    decided_by = models.ForeignKey("tenancy.Membership", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("decided by"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["case", "-proposed_on", "-pk"]
        indexes = [models.Index(fields=["network", "to_organisation", "state"],
                                name="referral_incoming")]

    def category_labels(self) -> list[str]:
        from accord.cases.facets import CATEGORIES

        return [str(CATEGORIES.get(code, code)) for code in self.categories]
