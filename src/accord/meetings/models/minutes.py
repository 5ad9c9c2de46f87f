from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.tenancy.models import NetworkOwned


class Visibility(models.TextChoices):
    # Paper, III.4(e): decide what is documented and shared, and what stays among those present.
    NETWORK = "network", _("Network: every member who may read this body's minutes")
    PRESENT = "present", _("Present: only those in the room for this item")
    NOT_RECORDED = "not_recorded", _("Not recorded: only the fact that it was discussed")


NOT_RECORDED_TEXT_REFUSED = _(
    "This entry is 'not recorded': its text would not be kept. Remove the text, or choose who "
    "may read it.")


class MinuteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class MinuteEntry(NetworkOwned):
    item = models.ForeignKey("meetings.AgendaItem", on_delete=models.CASCADE,
                             related_name="minute_entries")
    text = models.TextField(_("text"), max_length=20000, blank=True)
    visibility = models.CharField(_("visibility"), max_length=20, choices=Visibility.choices,
                                  default=Visibility.NETWORK)
    status = models.CharField(_("status"), max_length=10, choices=MinuteStatus.choices,
                              default=MinuteStatus.DRAFT)
    # Optimistic locking: a save must name the version it was edited from.
    lock_version = models.PositiveIntegerField(default=1)
    addendum_of = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="addenda")
    author = models.ForeignKey("tenancy.Membership", on_delete=models.SET_NULL, null=True,
                               related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("minutes entry")
        verbose_name_plural = _("minutes entries")
        ordering = ["item__order", "item_id", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.visibility}"

    def save(self, *args, **kwargs):
        # "Not recorded" means not stored. clean() refuses text for such an entry, so the
        # author learns it would be lost; this is the last guard for any path around it.
        if self.visibility == Visibility.NOT_RECORDED:
            self.text = ""
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.visibility != Visibility.NOT_RECORDED and not self.text.strip():
            raise ValidationError({"text": _("Write the entry, or choose 'not recorded'.")})
        if self.visibility == Visibility.NOT_RECORDED and self.text.strip():
            raise ValidationError({"text": NOT_RECORDED_TEXT_REFUSED})


class MinutesComment(NetworkOwned):
    """A member's comment on circulated draft minutes: on one entry or on the whole meeting.
    An objection stops the silent procedure; the minutes then wait for the next meeting."""

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE,
                                related_name="minutes_comments")
    entry = models.ForeignKey(MinuteEntry, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="comments", verbose_name=_("entry"))
    author = models.ForeignKey("tenancy.Membership", on_delete=models.SET_NULL, null=True,
                               related_name="+")
    text = models.TextField(_("comment"), max_length=4000)
    objection = models.BooleanField(_("I object to approving these minutes as they are"),
                                    default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("minutes comment")
        verbose_name_plural = _("minutes comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.pk}"

    def clean(self) -> None:
        super().clean()
        if self.entry_id is not None and self.entry.item.meeting_id != self.meeting_id:
            raise ValidationError({"entry": _("Choose an entry of this meeting.")})
