from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.tenancy.models import NetworkOwned


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_ACTION_STATES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ActionItem(NetworkOwned):
    body = models.ForeignKey("tenancy.Body", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("body"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    owner = models.ForeignKey("tenancy.Membership", on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+", verbose_name=_("owner"))
    # Work is anchored in organisations, not individuals: when the owner leaves, it stays here.
    owner_organisation = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT,
                                           related_name="+",
                                           verbose_name=_("owner organisation"))
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices,
                              default=ActionStatus.OPEN)
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="action_items")
    item = models.ForeignKey("meetings.AgendaItem", on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="action_items")
    decision = models.ForeignKey("meetings.Decision", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="action_items")
    goal_id = models.PositiveBigIntegerField(null=True, blank=True)
    # The case the item is about (issue 10): its pseudonymous reference, never a name.
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("case"))
    created_by = models.ForeignKey("tenancy.Membership", on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def case_reference(self) -> str:
        """The linked case's reference (the API's read-only `case_reference`)."""
        return self.case.reference if self.case_id else ""


    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < timezone.localdate()

    @property
    def responsible(self):
        """The owner while they are a member, else their organisation."""
        if self.owner is not None and self.owner.is_active:
            return self.owner
        return self.owner_organisation


class CallVisibility(models.TextChoices):
    """Who reads a call log. A call has no room and no agenda item: those who "were there" are
    the people on the call (participants)."""

    NETWORK = "network", _("Network: every member who may read this body's minutes")
    PARTICIPANTS = "participants", _(
        "Participants of the call, and the body's chair and secretary")
    NOT_RECORDED = "not_recorded", _("Not recorded: only that the call took place")

    @classmethod
    def from_stored(cls, value: str) -> str:
        """Until issue 8 call logs shared the minutes' choices, where "present" meant the
        people on the call; the migration renamed stored rows, and this keeps callers that
        still send the old value working."""
        return cls.PARTICIPANTS if value == "present" else value


class CallLog(NetworkOwned):
    """A consultation between meetings, listed for review at the body's next meeting."""

    body = models.ForeignKey("tenancy.Body", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("body"))
    occurred_on = models.DateField(_("date"))
    participants = models.ManyToManyField("tenancy.Membership", related_name="+",
                                          verbose_name=_("participants"))
    external_participants = models.CharField(_("other participants"), max_length=300,
                                             blank=True)
    topic = models.CharField(_("topic"), max_length=200)
    # The case the item is about (issue 10): its pseudonymous reference, never a name.
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("case"))
    summary = models.TextField(_("summary"), max_length=4000, blank=True)
    visibility = models.CharField(_("visibility"), max_length=20,
                                  choices=CallVisibility.choices,
                                  default=CallVisibility.NETWORK)
    created_by = models.ForeignKey("tenancy.Membership", on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("call log entry")
        verbose_name_plural = _("call log")
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return self.topic

    @property
    def case_reference(self) -> str:
        """The linked case's reference (the API's read-only `case_reference`)."""
        return self.case.reference if self.case_id else ""

    def save(self, *args, **kwargs):
        # Defence in depth: clean() refuses a summary for an unrecorded call; nothing that
        # bypasses it may store one either.
        if self.visibility == CallVisibility.NOT_RECORDED:
            self.summary = ""
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.visibility == CallVisibility.NOT_RECORDED and self.summary.strip():
            raise ValidationError({"summary": _(
                "A call that is not recorded keeps no summary: remove the summary, or choose "
                "who may read it.")})


class CalendarFeed(models.Model):
    """A person's private calendar address; only the token's hash is stored. Revoked by
    deleting the row, which ends the old address at once."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"calendar of {self.user_id}"
