import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.tenancy.models import NetworkOwned


class MeetingSeries(NetworkOwned):
    """Recurring meetings of a body, e.g. every third Thursday (an RFC 5545 RRULE)."""

    body = models.ForeignKey("tenancy.Body", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    rule = models.CharField(_("recurrence rule"), max_length=200,
                            help_text=_("For example FREQ=MONTHLY;BYDAY=3TH"))
    # When and how long each occurrence is, in the network's time zone.
    first_day = models.DateField(_("first day"), null=True, blank=True)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    place = models.CharField(_("place"), max_length=300, blank=True)
    created_by = models.ForeignKey("tenancy.Membership", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")

    def __str__(self) -> str:
        return self.title


class MeetingState(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    AGENDA_PUBLISHED = "agenda_published", _("Agenda published")
    HELD = "held", _("Held")
    MINUTES_APPROVED = "minutes_approved", _("Minutes approved")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(NetworkOwned):
    body = models.ForeignKey("tenancy.Body", on_delete=models.PROTECT, related_name="meetings",
                             verbose_name=_("body"))
    series = models.ForeignKey(MeetingSeries, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="meetings")
    # The series day this meeting stands for; it stays when the occurrence is moved or
    # cancelled, so generating the series again never brings that day back.
    series_day = models.DateField(null=True, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    chair = models.ForeignKey("tenancy.Membership", on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+", verbose_name=_("chair"))
    secretary = models.ForeignKey("tenancy.Membership", on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="+", verbose_name=_("secretary"))
    state = models.CharField(_("state"), max_length=20, choices=MeetingState.choices,
                             default=MeetingState.SCHEDULED)
    # RFC 5545: the UID never changes, SEQUENCE grows with every change sent to calendars.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ics_sequence = models.PositiveIntegerField(default=0)
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    # Draft minutes sent to the body for comments; the silent procedure counts from here.
    minutes_circulated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                   name="meeting_ends_after_start",
                                   violation_error_message=_("The end must be after the start.")),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must be after the start.")})

    @property
    def minutes_locked(self) -> bool:
        return self.state in (MeetingState.MINUTES_APPROVED, MeetingState.CANCELLED)

    def ics_uid(self) -> str:
        return f"{self.uid}@accord"


class AgendaItemKind(models.TextChoices):
    TOPIC = "topic", _("Topic")
    CASE = "case", _("Case discussion")
    GOAL_REVIEW = "goal_review", _("Goal review")
    DECISION = "decision", _("Decision")
    INFORMATION = "information", _("Information")


class AgendaItem(NetworkOwned):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgendaItemKind.choices,
                            default=AgendaItemKind.TOPIC)
    time_box_minutes = models.PositiveSmallIntegerField(_("time box (minutes)"), default=15)
    confidential = models.BooleanField(_("confidential"), default=False)
    # The level of the charter's level system a guest needs for this item (None: no guests).
    required_level = models.PositiveSmallIntegerField(_("required level"), null=True, blank=True)
    # Links to other apps by id, so meetings never waits on their migrations.
    goal_id = models.PositiveBigIntegerField(null=True, blank=True)
    charter_document_id = models.PositiveBigIntegerField(null=True, blank=True)
    # The case the item is about (issue 10): its pseudonymous reference, never a name.
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("case"))
    forwarded_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="forwarded_to")
    resolved = models.BooleanField(_("resolved"), default=False)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def case_reference(self) -> str:
        """The linked case's reference (the API's read-only `case_reference`)."""
        return self.case.reference if self.case_id else ""


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    CONFIRMED = "confirmed", _("Confirmed")
    EXCUSED = "excused", _("Excused")
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")


class Attendance(NetworkOwned):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    membership = models.ForeignKey("tenancy.Membership", on_delete=models.CASCADE,
                                   related_name="+")
    status = models.CharField(_("attendance"), max_length=20, choices=AttendanceStatus.choices,
                              default=AttendanceStatus.INVITED)
    organisation = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("organisation represented"))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "membership"], name="one_attendance"),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.status}"


class ItemPresence(NetworkOwned):
    """Who was in the room for one agenda item: a member or a guest.

    It decides who may read that item's `present` minutes, so it is frozen once the minutes are
    approved (services refuse the change).
    """

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="presences")
    membership = models.ForeignKey("tenancy.Membership", on_delete=models.CASCADE, null=True,
                                   blank=True, related_name="+")
    guest = models.ForeignKey("meetings.GuestInvitation", on_delete=models.CASCADE, null=True,
                              blank=True, related_name="presences")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "membership"], name="one_presence_per_member"),
            models.UniqueConstraint(fields=["item", "guest"], name="one_presence_per_guest"),
            models.CheckConstraint(
                condition=Q(membership__isnull=True, guest__isnull=False)
                | Q(membership__isnull=False, guest__isnull=True),
                name="presence_of_member_or_guest"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.membership_id or self.guest_id}"
