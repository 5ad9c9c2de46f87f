"""The identity vault (issue 10, Deliver 2): who the person of a case is, encrypted, apart
from the case.

The key hierarchy: each case has its own data key (`CaseKey`), wrapped by a version of its
network's key (`NetworkKey`), which is wrapped by a master key from ACCORD_MASTER_KEY
(accord.vault.keys). Rotating re-wraps keys only; the identities themselves are never
re-encrypted. Destroying a case's key makes its identity unreadable forever, in every backup
too (crypto-shredding).

The database never holds a name in the clear: the identity is one AES-256-GCM ciphertext and
search by name goes through keyed hashes (`SubjectNameIndex`).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.models import NetworkOwned


class NetworkKey(NetworkOwned):
    """One version of a network's key. The current version is the newest one not retired;
    a retired version's wrapped key is erased once no case key needs it."""

    version = models.PositiveIntegerField(_("version"))
    # The network key and the network's name-index key, each wrapped by the master key named
    # by master_key_id (the index key outlives rotations, so the name index stays valid).
    wrapped = models.BinaryField(_("wrapped key"))
    wrapped_index = models.BinaryField(_("wrapped index key"))
    master_key_id = models.CharField(_("master key"), max_length=40)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        verbose_name = _("network key")
        verbose_name_plural = _("network keys")
        ordering = ["network", "version"]
        constraints = [models.UniqueConstraint(fields=["network", "version"],
                                               name="unique_network_key_version")]

    def __str__(self) -> str:
        return f"network {self.network_id} key v{self.version}"


class CaseKey(NetworkOwned):
    """A case's data key, wrapped by a version of its network's key. Empty `wrapped` and a
    `destroyed_at`: the key was destroyed, and the case's identity with it."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="vault_key")
    network_key = models.ForeignKey(NetworkKey, on_delete=models.PROTECT, related_name="+")
    wrapped = models.BinaryField(_("wrapped key"), blank=True)
    # Bound into every ciphertext's associated data: a new data key would be version 2.
    data_version = models.PositiveSmallIntegerField(_("data key version"), default=1)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    destroyed_at = models.DateTimeField(_("destroyed"), null=True, blank=True)

    class Meta:
        verbose_name = _("case key")
        verbose_name_plural = _("case keys")
        indexes = [models.Index(fields=["network", "network_key"], name="vault_casekey_nk")]


class Subject(NetworkOwned):
    """The person of a case. `identity()` and `guardian()` decrypt; every other field is
    either not secret (the minor flag, which consent rules need) or a ciphertext."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="subject")
    case_key = models.ForeignKey(CaseKey, on_delete=models.PROTECT, related_name="+")
    is_minor = models.BooleanField(_("minor"), default=False)
    identity_ciphertext = models.BinaryField(_("identity (encrypted)"))
    guardian_ciphertext = models.BinaryField(_("guardian (encrypted)"), blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")

    def identity(self) -> dict:
        """The decrypted identity: names, aliases, birth_date (ISO date or None), addresses,
        phones, identifiers. Raises VaultError, never returns an empty identity instead."""
        from accord.vault.sealing import open_identity

        return open_identity(self)

    def guardian(self) -> dict | None:
        from accord.vault.sealing import open_guardian

        return open_guardian(self)


class SubjectNameIndex(NetworkOwned):
    """One keyed hash (HMAC-SHA256 under the network's index key) of one normalised form of
    one of a subject's names or aliases: search by name without a scan of plaintext."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="name_index")
    name_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("name index entry")
        verbose_name_plural = _("name index entries")
        indexes = [models.Index(fields=["network", "name_hash"], name="vault_name_lookup")]
