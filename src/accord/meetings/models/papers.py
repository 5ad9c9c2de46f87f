"""Meeting papers and the speakers list (issue 16, Deliver 3 and 4).

A paper is one version of one document on an agenda item: an upload (kept through the
"papers" storage, with its checksum) or a link. A new version is a new row that supersedes the
old one; old versions are never changed or deleted, so the minutes can name the version that
was current when they were approved (Paper.current_at).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.tenancy.models import NetworkOwned


class PaperKind(models.TextChoices):
    UPLOAD = "upload", _("Uploaded file")
    LINK = "link", _("Link")


class PaperVisibility(models.TextChoices):
    # Widest to narrowest; `guests` opens a paper to the item's guests besides the body.
    NETWORK = "network", _("Network: every member of the network")
    BODY = "body", _("Body: the members of this body")
    INVITED = "invited", _("Invited: those who may read this item's restricted record")
    GUESTS = "guests", _("Guests: the members of this body and the guests of this item")


class Paper(NetworkOwned):
    item = models.ForeignKey("meetings.AgendaItem", on_delete=models.CASCADE,
                             related_name="papers", verbose_name=_("agenda item"))
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=PaperKind.choices,
                            default=PaperKind.UPLOAD)
    url = models.URLField(_("address"), max_length=500, blank=True)
    # The name in the "papers" storage (never shown), looked up at each use so the storage can
    # be configured (object storage) or moved without touching rows; a download is called by
    # the original name.
    stored_name = models.CharField(max_length=300, blank=True, editable=False)
    original_filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    visibility = models.CharField(_("visibility"), max_length=10,
                                  choices=PaperVisibility.choices,
                                  default=PaperVisibility.BODY)
    version = models.PositiveSmallIntegerField(default=1)
    supersedes = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="superseded_by")
    superseded_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey("tenancy.Membership", on_delete=models.SET_NULL,
                                    null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meeting paper")
        verbose_name_plural = _("meeting papers")
        ordering = ["item_id", "title", "-version", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="link", stored_name="") & ~Q(url="")
                | Q(kind="upload", url="") & ~Q(stored_name="") & ~Q(sha256=""),
                name="paper_is_a_link_or_a_file"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def clean(self) -> None:
        super().clean()
        if self.kind == PaperKind.LINK and not self.url.lower().startswith("https://"):
            raise ValidationError({"url": _("Give an address that starts with https://.")})

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None

    def current_at(self, moment) -> bool:
        """Whether this was the version in force at `moment` (e.g. when the minutes were
        approved): uploaded by then and not yet superseded."""
        return self.uploaded_at <= moment and (self.superseded_at is None
                                               or self.superseded_at > moment)


class SpeakerRequest(NetworkOwned):
    """A member's request to speak on an agenda item; the list of one item is kept with its
    minutes. Open while neither done nor withdrawn."""

    item = models.ForeignKey("meetings.AgendaItem", on_delete=models.CASCADE,
                             related_name="speaker_requests")
    membership = models.ForeignKey("tenancy.Membership", on_delete=models.CASCADE,
                                   related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    called_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    speaking_time_seconds = models.PositiveIntegerField(_("speaking time (seconds)"), null=True,
                                                        blank=True)

    class Meta:
        verbose_name = _("speaker request")
        verbose_name_plural = _("speaker requests")
        ordering = ["item_id", "requested_at", "pk"]
        constraints = [
            # One open request per person and item: asking twice is refused, not queued twice.
            models.UniqueConstraint(fields=["item", "membership"],
                                    condition=Q(done_at__isnull=True, withdrawn_at__isnull=True),
                                    name="one_open_speaker_request"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.membership_id}"

    @property
    def is_open(self) -> bool:
        return self.done_at is None and self.withdrawn_at is None

    @property
    def is_speaking(self) -> bool:
        return self.is_open and self.called_at is not None
