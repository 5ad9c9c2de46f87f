
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
