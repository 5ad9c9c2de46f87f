"""Accounts: people who sign in. Who they are in a network lives in tenancy.Membership."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address, a password and a second factor."""

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    language = models.CharField(
        _("preferred language"), max_length=8, default="en",
        choices=[("en", "English"), ("de", "Deutsch"), ("nl", "Nederlands"), ("fr", "Français")],
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class UserSession(models.Model):
    """A signed-in browser session, so that ending access can cut it and devices can be listed."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=64, unique=True)
    device_id = models.CharField(max_length=64)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The client's network, not its address: enough to recognise "that was me at the office",
    # without keeping a precise address of every sign-in (IPv4 /24, IPv6 /48).
    client_network = models.CharField(max_length=64, blank=True)
    # How this session began: "totp" or "recovery_code" (after the password), "passkey", or
    # "sso" (with the provider's key in `provider`).
    method = models.CharField(max_length=20, blank=True)
    provider = models.CharField(max_length=50, blank=True)

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"


class KnownDevice(models.Model):
    """A browser the user has signed in from before; a new one triggers an e-mail notice."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="known_devices")
    device_hash = models.CharField(max_length=64)
    first_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "device_hash"], name="unique_known_device")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.device_hash[:8]}"


class ThrottleHit(models.Model):
    """One counted request of a rate limit that django-axes does not cover (password-reset
    e-mails per address and per account). The key is a keyed hash of the address or account,
    so the table holds no addresses; rows older than a day are pruned as new ones come."""

    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "key", "at"], name="throttle_hit_lookup")]

    def __str__(self) -> str:
        return f"{self.kind} · {self.key[:8]} · {self.at:%Y-%m-%d %H:%M}"


class OidcIdentity(Device):
    """A person's account at their organisation's OpenID provider, linked by its `sub`.

    It is a django-otp device so that a sign-in through a provider that asserted a
    phishing-resistant method counts as verified (OTPMiddleware, SessionExpiryMiddleware)
    without a second Accord factor; it never accepts a typed code.
    """

    provider = models.CharField(_("identity provider"), max_length=50)
    subject = models.CharField(_("subject at the provider"), max_length=255)
    linked_at = models.DateTimeField(_("linked"), default=timezone.now)

    class Meta:
        verbose_name = _("single sign-on link")
        verbose_name_plural = _("single sign-on links")
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="unique_oidc_subject"),
        ]

    def verify_token(self, token) -> bool:
        return False
