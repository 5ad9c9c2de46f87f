"""Planning a meeting so that it spares people's time (issue 16, parts 1 and 2): a date poll
before the date is fixed, and replies to the invitation (attending, remotely, excused, a
deputy) once it is.

A poll belongs to a meeting that exists already, scheduled at a provisional time (for a
series, the occurrence generated for its day): choosing a date moves that meeting, so its
series day, agenda and guests stay where they are and the invitation goes out as for any other
meeting.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.tenancy.models import NetworkOwned


class AnswersVisibility(models.TextChoices):
    BODY = "body", _("Members of the body")
    ORGANISERS = "organisers", _("Only the organisers")


class DatePoll(NetworkOwned):
    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.CASCADE,
                                   related_name="date_poll", verbose_name=_("meeting"))
    closes_at = models.DateTimeField(_("answers until"), null=True, blank=True)
    answers_visibility = models.CharField(_("answers visible to"), max_length=12,
                                          choices=AnswersVisibility.choices,
                                          default=AnswersVisibility.BODY)
    # Set when a date is chosen (or the poll is closed without one): no answer is taken after.
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    chosen = models.ForeignKey("meetings.DateOption", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+", verbose_name=_("chosen date"))
    created_by = models.ForeignKey("tenancy.Membership", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("date poll")
        verbose_name_plural = _("date polls")

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None and (self.closes_at is None
                                           or self.closes_at > timezone.now())


class DateOption(NetworkOwned):
    poll = models.ForeignKey(DatePoll, on_delete=models.CASCADE, related_name="options")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("proposed date")
        verbose_name_plural = _("proposed dates")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "starts_at"], name="one_option_per_start"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                   name="date_option_ends_after_start",
                                   violation_error_message=_("The end must be after the start.")),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class DateAnswerChoice(models.TextChoices):
    YES = "yes", _("Yes")
    IF_NEED_BE = "if_need_be", _("If need be")
    NO = "no", _("No")


class AnsweredVia(models.TextChoices):
    PAGE = "page", _("Page")
    API = "api", _("API")
    EMAIL = "email", _("E-mail link")
    ITIP = "itip", _("Calendar reply")


class DateAnswer(NetworkOwned):
    option = models.ForeignKey(DateOption, on_delete=models.CASCADE, related_name="answers")
    membership = models.ForeignKey("tenancy.Membership", on_delete=models.CASCADE,
                                   related_name="+")
    answer = models.CharField(_("answer"), max_length=12, choices=DateAnswerChoice.choices)
    via = models.CharField(max_length=8, choices=AnsweredVia.choices, default=AnsweredVia.PAGE)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("date answer")
        verbose_name_plural = _("date answers")
        constraints = [
            models.UniqueConstraint(fields=["option", "membership"], name="one_answer_per_date"),
        ]

    def __str__(self) -> str:
        return f"{self.option_id} {self.membership_id}: {self.answer}"


class ReplyAnswer(models.TextChoices):
    ATTENDING = "attending", _("Attending")
    REMOTE = "remote", _("Attending remotely")
    EXCUSED = "excused", _("Excused")
    DEPUTY = "deputy", _("Excused, sending a deputy")


class Reply(NetworkOwned):
    """One invited member's answer to a meeting's invitation."""

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE,
                                related_name="replies")
    membership = models.ForeignKey("tenancy.Membership", on_delete=models.CASCADE,
                                   related_name="+")
    answer = models.CharField(_("reply"), max_length=12, choices=ReplyAnswer.choices)
    deputy = models.ForeignKey("tenancy.Membership", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+", verbose_name=_("deputy"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    via = models.CharField(max_length=8, choices=AnsweredVia.choices, default=AnsweredVia.PAGE)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "membership"], name="one_reply"),
            models.CheckConstraint(
                condition=Q(answer="deputy", deputy__isnull=False)
                | (~Q(answer="deputy") & Q(deputy__isnull=True)),
                name="deputy_only_with_deputy_reply"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.membership_id}: {self.answer}"
