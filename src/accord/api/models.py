
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.api.scopes import SCOPES, WRITE
from accord.core.models import NetworkOwned

TOKEN_PREFIX = "acc_"


class ApiToken(NetworkOwned):
    """A personal API token of one membership. Only its hash is stored."""

    membership = models.ForeignKey("tenancy.Membership", on_delete=models.CASCADE,
                                   related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    # The first characters, so a person can tell their tokens apart without the secret.
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # What it may do (api.scopes): "write" (as every token before scopes) or "read" (safe
    # methods only); and, if not empty, the only resource kinds it reaches.
    scope = models.CharField(_("access"), max_length=5, default=WRITE, choices=SCOPES)
    resources = models.JSONField(_("resources"), default=list, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def resource_labels(self) -> list[str]:
        from accord.api.scopes import kind_label

        return [kind_label(kind) for kind in self.resources]
