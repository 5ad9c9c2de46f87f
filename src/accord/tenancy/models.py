# ruff: noqa: RUF001 -- the en dashes in jurisdiction names are typography, not typos.
"""Tenancy: networks, their organisations, members and bodies (DESIGN.md, domain model).

Every network-owned model carries a `network` foreign key and a ScopedManager, so a query
outside the active network's scope raises instead of leaking across networks.
"""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Re-exported: features take the network-owned base from here, beside Network.
from accord.core.models import NetworkOwned, network_scoped, validate_same_network  # noqa: F401


class Jurisdiction(models.TextChoices):
    # German Länder each have their own rules on sharing (field research, section c).
    DE_BW = "DE-BW", _("Germany – Baden-Württemberg")
    DE_BY = "DE-BY", _("Germany – Bavaria")
    DE_BE = "DE-BE", _("Germany – Berlin")
    DE_HE = "DE-HE", _("Germany – Hesse")
    DE_NI = "DE-NI", _("Germany – Lower Saxony")
    DE_NW = "DE-NW", _("Germany – North Rhine-Westphalia")
    DE_OTHER = "DE", _("Germany – other state")
    NL = "NL", _("Netherlands")
    BE_VLG = "BE-VLG", _("Belgium – Flanders")
    BE_WAL = "BE-WAL", _("Belgium – Wallonia")
    BE_BRU = "BE-BRU", _("Belgium – Brussels")
    OTHER = "OTHER", _("Other")


LANGUAGE_CHOICES = [("en", "English"), ("de", "Deutsch"), ("nl", "Nederlands"), ("fr", "Français")]

slug_validator = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$",
    _("Use lower-case letters, digits and hyphens only."),
)


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name]


class Network(models.Model):
    """One local or regional multi-agency structure: the unit of scope, audit and law."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name in addresses"), max_length=50, unique=True,
                            validators=[slug_validator])
    jurisdiction = models.CharField(_("jurisdiction"), max_length=8, choices=Jurisdiction.choices)
    default_language = models.CharField(_("default language"), max_length=8,
                                        choices=LANGUAGE_CHOICES, default="en")
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Berlin")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Sector(models.TextChoices):
    POLICE = "police", _("Police and security")
    MUNICIPALITY = "municipality", _("Municipality")
    YOUTH_SOCIAL = "youth_social", _("Youth and social services")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    JUSTICE = "justice", _("Justice and probation")
    COUNSELLING = "counselling", _("Civil-society counselling")
    COMMUNITY = "community", _("Community")
    OTHER = "other", _("Other")


class Organisation(NetworkOwned):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(_("name"), max_length=160)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "name"], name="unique_organisation_name",
                violation_error_message=_("This network already has an organisation of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    MEMBER = "member", _("Member")
    CASE_WORKER = "case_worker", _("Case worker")
    # Sees the audit trail and processing records, never case content (DESIGN.md, users).
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")
    OBSERVER = "observer", _("Observer")


def role_labels(roles: list[str]) -> list[str]:
    labels = dict(Role.choices)
    return [str(labels[r]) for r in roles if r in labels]


def validate_roles(roles) -> None:
    """Roles are stored as a JSON list of Role codes: at least one, each known, none twice."""
    if not isinstance(roles, list) or not roles:
        raise ValidationError({"roles": _("Choose at least one role.")})
    if any(role not in Role.values for role in roles) or len(set(roles)) != len(roles):
        raise ValidationError({"roles": _("Choose roles from the list.")})



class MembershipQuerySet(models.QuerySet):
    def active(self, at=None):
        at = at or timezone.now()
        return self.filter(Q(active_until__isnull=True) | Q(active_until__gt=at),
                           active_from__lte=at)


class Membership(NetworkOwned):
    """A person in a network, on behalf of an organisation, with roles, for a period."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="memberships")
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                     related_name="memberships", verbose_name=_("organisation"))
    roles = models.JSONField(_("roles"), default=list)
    active_from = models.DateTimeField(_("active from"), default=timezone.now)
    active_until = models.DateTimeField(_("active until"), null=True, blank=True)
    # A security clearance the member holds (e.g. "police-vetted"), as the network names it:
    # the sharing regime's condition "the recipient holds a required clearance".
    clearance = models.CharField(_("clearance"), max_length=40, blank=True, default="")

    objects = network_scoped(_manager_class=models.Manager.from_queryset(MembershipQuerySet))

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "network"],
                                    condition=Q(active_until__isnull=True),
                                    name="one_open_membership_per_network")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"

    def clean(self) -> None:
        validate_roles(self.roles)
        super().clean()

    def has_role(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def is_coordinator(self) -> bool:
        return Role.COORDINATOR in self.roles

    @property
    def is_active(self) -> bool:
        now = timezone.now()
        return self.active_from <= now and (self.active_until is None or self.active_until > now)

    def role_labels(self) -> list[str]:
        return role_labels(self.roles)


class BodyKind(models.TextChoices):
    STRATEGIC = "strategic", _("Strategic steering group")
    OPERATIONAL = "operational", _("Operational case conference")
    WORKING_GROUP = "working_group", _("Working group")


class Body(NetworkOwned):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="bodies")
    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "name"], name="unique_body_name",
                violation_error_message=_("This network already has a body of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class BodyRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")
    ADVISER = "adviser", _("Adviser")


class BodyMembership(NetworkOwned):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="body_memberships")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE,
                                   related_name="body_memberships")
    role = models.CharField(_("role in the body"), max_length=20, choices=BodyRole.choices,
                            default=BodyRole.MEMBER)
    voting_right = models.BooleanField(_("voting right"), default=True)

    class Meta:
        verbose_name = _("body membership")
        verbose_name_plural = _("body memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "membership"], name="unique_body_membership",
                violation_error_message=_("This person is already in this body."),
            ),
            # A body is led by one chair and minuted by one secretary.
            models.UniqueConstraint(fields=["body"], condition=Q(role="chair"),
                                    name="one_chair_per_body",
                                    violation_error_message=_(
                                        "This body already has a chair. Change the current "
                                        "chair's role first.")),
            models.UniqueConstraint(fields=["body"], condition=Q(role="secretary"),
                                    name="one_secretary_per_body",
                                    violation_error_message=_(
                                        "This body already has a secretary. Change the current "
                                        "secretary's role first.")),
        ]

    def __str__(self) -> str:
        return f"{self.membership} – {self.body} ({self.get_role_display()})"


class Invitation(NetworkOwned):
    """A single-use link to join a network; only the token's hash is stored."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     verbose_name=_("organisation"))
    roles = models.JSONField(_("roles"), default=list)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.network})"

    def role_labels(self) -> list[str]:
        return role_labels(self.roles)

    def clean(self) -> None:
        validate_roles(self.roles)
        super().clean()

    @property
    def is_open(self) -> bool:
        return (self.accepted_at is None and self.revoked_at is None
                and self.expires_at > timezone.now())
