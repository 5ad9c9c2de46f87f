from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.meetings.models.meeting import MeetingState
from accord.tenancy.models import NetworkOwned


class GuestInvitation(NetworkOwned):
    """An external person invited to single agenda items (paper III.4(f), the level system).

    Only hashes of the link token and of the one-time code are stored.
    """

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE,
                                related_name="guests")
    items = models.ManyToManyField("meetings.AgendaItem", related_name="guests",
                                   verbose_name=_("agenda items"))
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    organisation_name = models.CharField(_("organisation"), max_length=160, blank=True)
    language = models.CharField(_("language"), max_length=8, default="en",
                                choices=settings.LANGUAGES)
    level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    link_used_at = models.DateTimeField(null=True, blank=True)
    code_hash = models.CharField(max_length=64, blank=True)
    code_attempts = models.PositiveSmallIntegerField(default=0)
    verified_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    # Access as planned when the guest was invited (for the record); what decides is
    # access_ends_at, which follows the meeting when it is moved or cancelled.
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey("tenancy.Membership", on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("guest invitation")
        verbose_name_plural = _("guest invitations")

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def grace_hours() -> int:
        return getattr(settings, "ACCORD_GUEST_GRACE_HOURS", 24)

    @staticmethod
    def access_end(meeting) -> datetime:
        """When a guest's access ends: the meeting's end as it stands now, plus the grace
        period in which the guest may still read the minutes of their items."""
        return meeting.ends_at + timedelta(hours=GuestInvitation.grace_hours())

    @property
    def access_ends_at(self) -> datetime | None:
        """When this guest's access ends, from the meeting as it stands now (moved meetings
        take the guest's access with them); None once withdrawn or the meeting cancelled."""
        if self.revoked_at is not None or self.meeting.state == MeetingState.CANCELLED:
            return None
        return self.access_end(self.meeting)

    @property
    def is_usable(self) -> bool:
        ends = self.access_ends_at
        return ends is not None and timezone.now() < ends
