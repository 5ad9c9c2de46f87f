"""The network's sharing regime as data (issue 10, Deliver 7).

A regime holds versions of its rules. The version in force decides (compiled into the decision
point, accord.sharing.compile); a coordinator's proposal is a new version of the rules, which
a privacy officer approves (it comes into force) or rejects. Each version's rules stay, so the
history shows what was in force when.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.models import NetworkOwned, network_scoped

# Only the models: the choices are imported from this module by name (the consent models
# share the package's namespace).
__all__ = ["RegimeVersion", "SharingRegime", "SharingRule"]

ANY = "*"


class Preset(models.TextChoices):
    BE = "BE", _("Belgium: local integral security cell (LIVC-R)")
    NL = "NL", _("Netherlands: person-centred approach (PGA)")
    DE = "DE", _("Germany: consent-based case consultation")
    CUSTOM = "custom", _("Custom")


class ProposalState(models.TextChoices):
    NONE = "", _("No proposal")
    PROPOSED = "proposed", _("Awaiting the privacy officer's approval")
    REJECTED = "rejected", _("Rejected by the privacy officer")


class VersionState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    IN_FORCE = "in_force", _("In force")
    SUPERSEDED = "superseded", _("Superseded")
    REJECTED = "rejected", _("Rejected")


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Consent of the person (or the guardian of a minor)")
    STATUTE = "statute", _("A statutory provision")
    SHARED_SECRECY = "shared_secrecy", _("Shared professional secrecy within a lawful case "
                                         "consultation")
    VITAL_INTEREST = "vital_interest", _("Vital interest")


class Form(models.TextChoices):
    IDENTIFIED = "identified", _("identified")
    PSEUDONYMISED = "pseudonymised", _("pseudonymised")
    ANONYMISED = "anonymised", _("anonymised")


class Effect(models.TextChoices):
    PERMIT = "permit", _("Permit")
    DENY = "deny", _("Deny")
    REVIEW = "review", _("Refer to a person for review")


class SharingRegime(NetworkOwned):
    """One per network: which version of the rules is in force, the proposal under way, and
    the compiled text of the version in force (what the decision point reads)."""

    network = models.OneToOneField("tenancy.Network", on_delete=models.CASCADE,
                                   related_name="sharing_regime")
    preset = models.CharField(_("preset"), max_length=8, choices=Preset.choices,
                              default=Preset.CUSTOM)
    version = models.PositiveIntegerField(_("version in force"), default=0)
    proposal_version = models.PositiveIntegerField(_("proposed version"), null=True,
                                                   blank=True)
    state = models.CharField(_("state of the proposal"), max_length=10, blank=True,
                             choices=ProposalState.choices, default=ProposalState.NONE)
    proposed_by = models.ForeignKey("tenancy.Membership", on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    proposed_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey("tenancy.Membership", on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    # The version in force as Cedar (compile.py), and its key: a new key is a new version to
    # the decision point's cache.
    compiled_key = models.CharField(max_length=64, blank=True)
    compiled_decisions = models.TextField(blank=True)
    compiled_explanations = models.TextField(blank=True)

    objects = network_scoped()

    class Meta:
        verbose_name = _("sharing regime")
        verbose_name_plural = _("sharing regimes")

    def __str__(self) -> str:
        return str(_("Sharing regime, version %(version)s") % {"version": self.version})


class RegimeVersion(NetworkOwned):
    """One version of the rules, as proposed and decided: the regime's history."""

    regime = models.ForeignKey(SharingRegime, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    preset = models.CharField(_("preset"), max_length=8, choices=Preset.choices,
                              default=Preset.CUSTOM)
    state = models.CharField(_("state"), max_length=10, choices=VersionState.choices,
                             default=VersionState.PROPOSED)
    proposed_by = models.ForeignKey("tenancy.Membership", on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey("tenancy.Membership", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    # Why it was rejected (the privacy officer's words).
    reason = models.TextField(_("reason"), max_length=2000, blank=True)

    objects = network_scoped()

    class Meta:
        verbose_name = _("sharing regime version")
        verbose_name_plural = _("sharing regime versions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["regime", "number"],
                                               name="unique_regime_version")]

    def __str__(self) -> str:
        return str(_("Version %(number)s") % {"number": self.number})


class SharingRule(NetworkOwned):
    """Data category, from sector, to sector/role, purpose, legal bases, conditions and
    form → permit, deny or review. `*` stands for any sector or purpose.

    Conditions: "case_open"; "recipient_participant"; "in_conference:<body id>" (or
    "in_conference:*": any of the network's operational case conferences), while preparing or
    minuting one of its meetings, as a member of the body; "clearance:<level>". For a deny
    rule the conditions are the exceptions: it denies unless all of them hold.
    """

    regime = models.ForeignKey(SharingRegime, on_delete=models.CASCADE, related_name="rules")
    version = models.PositiveIntegerField(_("version"))
    order = models.PositiveIntegerField(_("order"), default=0)
    category = models.CharField(_("data category"), max_length=24)
    from_sector = models.CharField(_("from sector"), max_length=20, default=ANY)
    to_sector = models.CharField(_("to sector"), max_length=20, default=ANY)
    to_role = models.CharField(_("to role"), max_length=20, blank=True)
    purpose = models.CharField(_("purpose"), max_length=20, default=ANY)
    legal_bases = models.JSONField(_("legal bases"), default=list)
    # The provision relied on (e.g. "art. 458ter Sw."), shown with the rule and in @basis.
    citation = models.CharField(_("citation"), max_length=300, blank=True)
    conditions = models.JSONField(_("conditions"), default=list)
    form = models.CharField(_("form"), max_length=14, choices=Form.choices,
                            default=Form.PSEUDONYMISED)
    effect = models.CharField(_("effect"), max_length=8, choices=Effect.choices,
                              default=Effect.PERMIT)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    objects = network_scoped()

    class Meta:
        verbose_name = _("sharing rule")
        verbose_name_plural = _("sharing rules")
        ordering = ["version", "order", "id"]
        indexes = [models.Index(fields=["regime", "version", "order"], name="sharing_rule_v")]

    def __str__(self) -> str:
        return f"{self.category}: {self.from_sector} → {self.to_sector} ({self.effect})"
