from datetime import datetime, timedelta

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from accord.cases.fields import CaseReferenceField
from accord.core.forms import Form
from accord.meetings.models import (
    ActionStatus,
    AgendaItemKind,
    AttendanceStatus,
    CallVisibility,
    DecisionOutcome,
    Procedure,
    Visibility,
    VoteChoice,
    VoteMode,
)
from accord.meetings.models.minutes import NOT_RECORDED_TEXT_REFUSED
from accord.meetings.services.attendance import (
    NOT_IN_THE_ROOM,
    contradiction_message,
    contradictions,
)
from accord.meetings.visibility import default_visibility
from accord.tenancy.fields import MemberField, MultiMemberField

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AccessibleForm(Form):
    """Django links each control to its errors and help (aria-invalid, aria-describedby
    "<id>_error <id>_helptext") and core/_field.html renders exactly those ids; nothing to add
    here, and setting other ids by hand is how references went dangling."""


def past_confirmation_field() -> forms.BooleanField:
    # Hidden until needed: a blank form should not ask about the past.
    return forms.BooleanField(label=_("Yes, this date is in the past"), required=False,
                              widget=forms.HiddenInput)


class PastDateConfirmation:
    """A past date typed into a form for something new is usually a slip (a year, a month):
    the form refuses it once, says so, and shows a "yes, this date is in the past" box. The
    services and the API accept past dates as given (recording a meeting afterwards)."""

    def confirm_past(self, data: dict, field: str, is_past: bool) -> None:
        confirmed = data.pop("past_confirmed", False)
        if is_past and self._date_typed(field, data.get(field)) and not confirmed:
            self.add_error(field, _("This date is in the past. If that is right, tick "
                                    "“Yes, this date is in the past” and save again."))
            self.fields["past_confirmed"].widget = forms.CheckboxInput()

    def _date_typed(self, field: str, value) -> bool:
        """New, or moved: editing a past meeting's other fields asks nothing. The form
        keeps minutes only, so a stored start with seconds has not moved."""
        initial = self.initial.get(field)
        if initial is None:
            return True
        if isinstance(value, datetime) and isinstance(initial, datetime):
            return abs(value - initial) >= timedelta(minutes=1)
        return value != initial


class MeetingForm(PastDateConfirmation, AccessibleForm):
    body = forms.ModelChoiceField(label=_("Body"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME)
    past_confirmed = past_confirmation_field()
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    video_link = forms.URLField(label=_("Video link"), max_length=500, required=False,
                                assume_scheme="https")
    copy_agenda_from = forms.ModelChoiceField(label=_("Copy the agenda of"), queryset=None,
                                              required=False)

    def __init__(self, *args, bodies, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["copy_agenda_from"].queryset = meetings
        self.fields["copy_agenda_from"].label_from_instance = meeting_label

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("The end must be after the start."))
        self.confirm_past(data, "starts_at", bool(start and start < timezone.now()))
        return data


class ConfirmForm(AccessibleForm):
    """The confirmation an irreversible step asks for: a box the person must tick. The
    label says what cannot be undone; the page says what happens."""

    confirm = forms.BooleanField(label=_("I understand this cannot be undone."),
                                 error_messages={"required": _(
                                     "Tick the box to confirm, or go back to the meeting.")})

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label is not None:
            self.fields["confirm"].label = label


class ApprovalForm(ConfirmForm):
    """Approving minutes, by the chair, by the secretary after the circulation period, or
    by naming the body's decision (circulation.approval_way)."""

    decision = forms.ModelChoiceField(
        label=_("Approved by the body's decision"), queryset=None, required=False,
        help_text=_("An adopted decision of this body, taken since the meeting began."))
    field_order = ["decision", "confirm"]

    def __init__(self, *args, decisions, decision_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions
        self.fields["decision"].required = decision_required
        self.fields["decision"].label_from_instance = _decision_label
        if decision_required:
            self.fields["decision"].error_messages["required"] = _(
                "Choose the body's decision that approves these minutes.")


def _decision_label(decision) -> str:
    day = formats.date_format(timezone.localtime(decision.decided_at), "DATE_FORMAT")
    return f"{decision.title} ({day})"


def meeting_label(meeting) -> str:
    """A meeting named with its date, in the page's time zone (the network's, set by the
    view) and the language's date form: titles of a series repeat, dates do not."""
    day = formats.date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT")
    return f"{meeting.title} ({day})"


class AgendaItemForm(AccessibleForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=AgendaItemKind.choices)
    time_box_minutes = forms.IntegerField(label=_("Time box (minutes)"), min_value=1,
                                          max_value=480, initial=15)
    description = forms.CharField(label=_("Description"), max_length=4000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    confidential = forms.BooleanField(label=_("Confidential"), required=False)
    required_level = forms.IntegerField(
        label=_("Level a guest needs"), min_value=1, max_value=9, required=False,
        help_text=_("Leave empty when no guests may join this item."))
    case = CaseReferenceField()


NOT_RECORDED_HINT = _("'Not recorded' keeps no text: only the fact that the item was "
                      "discussed. Leave the text empty for such an entry.")


class AgendaItemEditForm(AgendaItemForm):
    """One item changed in full: also its links to the charter and the meeting's guests."""

    goal_id = forms.TypedChoiceField(label=_("Linked goal"), coerce=int, required=False,
                                     empty_value=None)
    charter_document_id = forms.TypedChoiceField(label=_("Linked charter document"),
                                                 coerce=int, required=False, empty_value=None)
    guests = forms.ModelMultipleChoiceField(
        label=_("Guests invited to this item"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Guests of this meeting; a guest needs at least the item's level."))

    def __init__(self, *args, links, guests, **kwargs):
        super().__init__(*args, **kwargs)
        for field in ("goal_id", "charter_document_id"):
            self.fields[field].choices = [("", "—"), *links[field]]
        self.fields["guests"].queryset = guests
        if not guests.exists():
            self.fields.pop("guests")


class MinuteEntryForm(AccessibleForm):
    text = forms.CharField(label=_("Text"), max_length=20000, required=False,
                           widget=forms.Textarea(attrs={"rows": 5}))
    visibility = forms.ChoiceField(label=_("Who may read it"), choices=Visibility.choices,
                                   widget=forms.RadioSelect, initial=Visibility.NETWORK,
                                   help_text=NOT_RECORDED_HINT)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        if item is not None and "visibility" not in self.initial:
            self.initial["visibility"] = default_visibility(item)

    def clean(self):
        data = super().clean()
        recorded = data.get("visibility") != Visibility.NOT_RECORDED
        if recorded and not data.get("text", "").strip():
            self.add_error("text", _("Write the entry, or choose 'not recorded'."))
        if not recorded and data.get("text", "").strip():
            # Never drop typed text silently: the author decides what happens to it.
            self.add_error("text", NOT_RECORDED_TEXT_REFUSED)
        return data


class DecisionForm(AccessibleForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    motion = forms.CharField(label=_("Motion"), max_length=4000, widget=forms.Textarea(
        attrs={"rows": 3}))
    item = forms.ModelChoiceField(label=_("Agenda item"), queryset=None, required=False)
    procedure = forms.ChoiceField(label=_("Procedure"), choices=Procedure.choices)
    vote_mode = forms.ChoiceField(label=_("Vote"), choices=VoteMode.choices)
    quorum = forms.IntegerField(label=_("Quorum"), min_value=1, max_value=500, required=False,
                                help_text=_("Voting members who must be present. Empty: more "
                                            "than half of the body's voting members."))
    adopts_charter_version = forms.ModelChoiceField(
        label=_("Adopts a charter version"), queryset=None, required=False,
        help_text=_("When this decision is adopted, the chosen proposed version of the "
                    "network's charter is adopted with it."))

    def __init__(self, *args, items, charter_versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self.fields["adopts_charter_version"].queryset = charter_versions

    def service_arguments(self) -> dict:
        """The cleaned data as decision_create takes it (the charter version by id)."""
        data = dict(self.cleaned_data)
        version = data.pop("adopts_charter_version", None)
        data["adopts_charter_version_id"] = version.pk if version else None
        return data


class WrittenDecisionForm(DecisionForm):
    """A motion put to a body's voting members without a meeting (written procedure)."""

    body = forms.ModelChoiceField(label=_("Body"), queryset=None)
    procedure = forms.ChoiceField(label=_("Procedure"), choices=[
        (Procedure.SIMPLE_MAJORITY, Procedure.SIMPLE_MAJORITY.label),
        (Procedure.QUALIFIED_MAJORITY, Procedure.QUALIFIED_MAJORITY.label)])
    quorum = forms.IntegerField(label=_("Quorum"), min_value=1, max_value=500, required=False,
                                help_text=_("Votes needed for a valid decision. Empty: more "
                                            "than half of the body's voting members."))
    field_order = ["body", "title", "motion", "procedure", "vote_mode", "quorum",
                   "adopts_charter_version"]

    def __init__(self, *args, bodies, charter_versions, **kwargs):
        super().__init__(*args, items=None, charter_versions=charter_versions, **kwargs)
        self.fields.pop("item")
        self.fields["body"].queryset = bodies


class VoteForm(AccessibleForm):
    choice = forms.ChoiceField(label=_("Your vote"), choices=VoteChoice.choices,
                               widget=forms.RadioSelect)


class OutcomeTextsForm(AccessibleForm):
    rationale = forms.CharField(label=_("Rationale"), max_length=4000, required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))
    dissent = forms.CharField(label=_("Dissent"), max_length=4000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    minority_statement = forms.CharField(label=_("Minority statement"), max_length=4000,
                                         required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RecordOutcomeForm(OutcomeTextsForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[
        (DecisionOutcome.ADOPTED, DecisionOutcome.ADOPTED.label),
        (DecisionOutcome.REJECTED, DecisionOutcome.REJECTED.label)])


class AttendanceForm(AccessibleForm):
    """The attendance page: a status per person and who was present for each item. It starts
    with everyone present (nobody recorded yet counts as present, an item without presence
    has everyone not absent), so the secretary marks only who was absent or left. Someone
    absent or excused cannot be ticked present: the error sits on their attendance."""

    def __init__(self, *args, rows, items, recorded: set[tuple[int, int]], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows, self.items = rows, items
        starting = {row.membership_id: _starting_status(row.status) for row in rows}
        people = [(row.membership_id, row.membership.user.full_name) for row in rows]
        for row in rows:
            self.fields[_status_key(row)] = forms.ChoiceField(
                label=_("Attendance"), choices=AttendanceStatus.choices,
                initial=starting[row.membership_id])
        recorded_items = {item_id for item_id, _member in recorded}
        for item in items:
            initial = ([m for i, m in recorded if i == item.pk] if item.pk in recorded_items
                       else [m for m, status in starting.items() if status not in NOT_IN_THE_ROOM])
            self.fields[_presence_key(item)] = forms.TypedMultipleChoiceField(
                label=item.title, choices=people, coerce=int, required=False, initial=initial,
                widget=forms.CheckboxSelectMultiple)

    def clean(self):
        data = super().clean()
        statuses = {row.membership_id: data.get(_status_key(row)) for row in self.rows}
        presence = {item: data.get(_presence_key(item)) or [] for item in self.items}
        names = {row.membership_id: row.membership.user.full_name for row in self.rows}
        for member_id, items in contradictions(statuses=statuses, presence=presence).items():
            self.add_error(f"status-{member_id}", contradiction_message(
                name=names[member_id], status=statuses[member_id],
                items=[item.title for item in items]))
        return data

    def service_arguments(self) -> dict:
        """As attendance_record takes them: changed statuses, and presence for every item."""
        by_id = {row.membership_id: row.membership for row in self.rows}
        statuses = {row.membership: self.cleaned_data[_status_key(row)] for row in self.rows
                    if self.cleaned_data[_status_key(row)] != row.status}
        presence = {item: [by_id[m] for m in self.cleaned_data[_presence_key(item)]]
                    for item in self.items}
        return {"statuses": statuses, "presence": presence}

    def table(self) -> list[dict]:
        """Rows for the template: each person's status field and one checkbox per item."""
        ticked = {item.pk: {str(v) for v in (self[_presence_key(item)].value() or [])}
                  for item in self.items}
        return [{"row": row, "status": self[_status_key(row)],
                 "cells": [{"item": item, "number": number, "name": _presence_key(item),
                            "checked": str(row.membership_id) in ticked[item.pk],
                            "id": f"p-{item.pk}-{row.membership_id}"}
                           for number, item in enumerate(self.items, start=1)]}
                for row in self.rows]


def _starting_status(status: str) -> str:
    # Invited or confirmed means nobody recorded them yet: they start as present.
    return (AttendanceStatus.PRESENT
            if status in (AttendanceStatus.INVITED, AttendanceStatus.CONFIRMED) else status)


def _status_key(row) -> str:
    return f"status-{row.membership_id}"


def _presence_key(item) -> str:
    return f"present-{item.pk}"


class ActionItemForm(PastDateConfirmation, AccessibleForm):
    title = forms.CharField(label=_("Action"), max_length=200)
    body = forms.ModelChoiceField(label=_("Body"), queryset=None)
    # Typed, not a <select>: the network may have thousands of members.
    owner = MemberField(label=_("Owner"), required=False,
                        help_text=_("Full name or e-mail address of a member; empty: you."))
    due_on = forms.DateField(label=_("Due"), required=False, widget=DATE)
    past_confirmed = past_confirmation_field()
    goal_id = forms.TypedChoiceField(label=_("Goal"), coerce=int, required=False,
                                     empty_value=None)
    case = CaseReferenceField()

    def __init__(self, *args, bodies, members, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["owner"].queryset = members
        self.fields["goal_id"].choices = [("", "—")] + [(g.pk, g.statement[:100])
                                                         for g in goals]

    def clean(self):
        data = super().clean()
        due = data.get("due_on")
        self.confirm_past(data, "due_on", bool(due and due < timezone.localdate()))
        return data


class ActionStatusForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class CallLogForm(AccessibleForm):
    body = forms.ModelChoiceField(label=_("Body"), queryset=None)
    occurred_on = forms.DateField(label=_("Date"), widget=DATE)
    # Typed, not picked: a call involves a few people of one body, never a list of the network.
    participants = MultiMemberField(
        label=_("Participants"), required=False,
        help_text=_("Full names or e-mail addresses of members of the body, separated by "
                    "commas."))
    external_participants = forms.CharField(label=_("Other participants"), max_length=300,
                                            required=False)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    case = CaseReferenceField()
    summary = forms.CharField(label=_("Summary"), max_length=4000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    visibility = forms.ChoiceField(label=_("Who may read it"), choices=CallVisibility.choices,
                                   widget=forms.RadioSelect, initial=CallVisibility.NETWORK,
                                   help_text=_("'Not recorded' keeps no summary: only that the "
                                               "call took place."))

    def __init__(self, *args, bodies, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["participants"].queryset = members

    def clean(self):
        """A call log belongs to a body: its participants are members of that body."""
        cleaned = super().clean()
        body, participants = cleaned.get("body"), cleaned.get("participants") or []
        if body is not None and participants:
            in_body = set(body.body_memberships.filter(
                membership__in=participants).values_list("membership_id", flat=True))
            outside = [p for p in participants if p.pk not in in_body]
            if outside:
                self.add_error("participants", forms.ValidationError(
                    _("Not a member of %(body)s: %(names)s."), code="not_in_body",
                    params={"body": body.name, "names": ", ".join(
                        p.user.full_name or p.user.email for p in outside)}))
        if (cleaned.get("visibility") == CallVisibility.NOT_RECORDED
                and cleaned.get("summary", "").strip()):
            self.add_error("summary", _(
                "A call that is not recorded keeps no summary: remove the summary, or choose "
                "who may read it."))
        return cleaned


class GuestForm(AccessibleForm):
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    organisation_name = forms.CharField(label=_("Organisation"), max_length=160,
                                        required=False)
    items = forms.ModelMultipleChoiceField(label=_("Agenda items"), queryset=None,
                                           widget=forms.CheckboxSelectMultiple)
    level = forms.IntegerField(label=_("Level"), min_value=1, max_value=9, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=[
        ("en", "English"), ("de", "Deutsch"), ("nl", "Nederlands"), ("fr", "Français")])

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items


class GuestCodeForm(Form):
    code = forms.RegexField(label=_("One-time code"), regex=r"^\s*\d{6}\s*$", max_length=12,
                            error_messages={"invalid": _("Enter the six digits.")})


class MinutesCommentForm(AccessibleForm):
    entry = forms.TypedChoiceField(label=_("Comment on"), coerce=int, required=False,
                                   empty_value=None)
    text = forms.CharField(label=_("Comment"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    objection = forms.BooleanField(label=_("I object to approving these minutes as they are"),
                                   required=False)

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [("", _("The minutes as a whole"))] + [
            (e.pk, f"{e.item.title}: {e.text[:60]}") for e in entries if e.text]


WEEKDAY_CHOICES = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")),
                   (3, _("Thursday")), (4, _("Friday")), (5, _("Saturday")), (6, _("Sunday"))]


class SeriesForm(AccessibleForm):
    body = forms.ModelChoiceField(label=_("Body"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    pattern = forms.ChoiceField(label=_("Repeats"), widget=forms.RadioSelect, choices=[
        ("weekly", _("Every N weeks on a weekday")),
        ("monthly", _("On one weekday of each month (e.g. every third Thursday)"))],
        initial="monthly")
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=WEEKDAY_CHOICES, coerce=int,
                                     initial=3)
    interval = forms.IntegerField(label=_("Every how many weeks"), min_value=1, max_value=8,
                                  initial=2, required=False)
    nth = forms.TypedChoiceField(label=_("Which one in the month"), coerce=int, initial=3,
                                 required=False, choices=[
                                     (1, _("first")), (2, _("second")), (3, _("third")),
                                     (4, _("fourth")), (-1, _("last"))])
    first_day = forms.DateField(label=_("From"), widget=DATE)
    start_time = forms.TimeField(label=_("Start time"),
                                 widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=15,
                                          max_value=720, initial=120)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies

    def service_arguments(self) -> dict:
        from accord.meetings.services.series import monthly_rule, weekly_rule

        data = dict(self.cleaned_data)
        pattern, weekday = data.pop("pattern"), data.pop("weekday")
        interval, nth = data.pop("interval") or 1, data.pop("nth") or 3
        data["rule"] = (weekly_rule(weekday=weekday, interval=interval) if pattern == "weekly"
                        else monthly_rule(weekday=weekday, nth=nth))
        return data
