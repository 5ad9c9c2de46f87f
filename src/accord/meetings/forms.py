from django import forms
from django.utils.translation import gettext_lazy as _

from accord.meetings.models import (
    ActionStatus,
    AgendaItemKind,
    DecisionOutcome,
    Procedure,
    Visibility,
    VoteChoice,
    VoteMode,
)
from accord.tenancy.fields import MemberField, MultiMemberField

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AccessibleForm(forms.Form):
    """Django links each control to its errors and help (aria-invalid, aria-describedby
    "<id>_error <id>_helptext") and core/_field.html renders exactly those ids; nothing to add
    here, and setting other ids by hand is how references went dangling."""


class MeetingForm(AccessibleForm):
    body = forms.ModelChoiceField(label=_("Body"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    video_link = forms.URLField(label=_("Video link"), max_length=500, required=False,
                                assume_scheme="https")
    copy_agenda_from = forms.ModelChoiceField(label=_("Copy the agenda of"), queryset=None,
                                              required=False)

    def __init__(self, *args, bodies, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["copy_agenda_from"].queryset = meetings

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("The end must be after the start."))
        return data


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
    case_reference = forms.CharField(label=_("Case reference (pseudonymous)"), max_length=40,
                                     required=False)


class MinuteEntryForm(AccessibleForm):
    text = forms.CharField(label=_("Text"), max_length=20000, required=False,
                           widget=forms.Textarea(attrs={"rows": 5}))
    visibility = forms.ChoiceField(label=_("Who may read it"), choices=Visibility.choices,
                                   widget=forms.RadioSelect, initial=Visibility.NETWORK)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def clean(self):
        data = super().clean()
        if data.get("visibility") != Visibility.NOT_RECORDED and not data.get("text", "").strip():
            self.add_error("text", _("Write the entry, or choose 'not recorded'."))
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


class ActionItemForm(AccessibleForm):
    title = forms.CharField(label=_("Action"), max_length=200)
    body = forms.ModelChoiceField(label=_("Body"), queryset=None)
    # Typed, not a <select>: the network may have thousands of members.
    owner = MemberField(label=_("Owner"), required=False,
                        help_text=_("Full name or e-mail address of a member; empty: you."))
    due_on = forms.DateField(label=_("Due"), required=False, widget=DATE)
    goal_id = forms.TypedChoiceField(label=_("Goal"), coerce=int, required=False,
                                     empty_value=None)
    case_reference = forms.CharField(label=_("Case reference (pseudonymous)"), max_length=40,
                                     required=False)

    def __init__(self, *args, bodies, members, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["owner"].queryset = members
        self.fields["goal_id"].choices = [("", "—")] + [(g.pk, g.statement[:100])
                                                         for g in goals]


class ActionStatusForm(forms.Form):
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
    case_reference = forms.CharField(label=_("Case reference (pseudonymous)"), max_length=40,
                                     required=False)
    summary = forms.CharField(label=_("Summary"), max_length=4000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    visibility = forms.ChoiceField(label=_("Who may read it"), choices=Visibility.choices,
                                   widget=forms.RadioSelect, initial=Visibility.NETWORK)

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


class GuestCodeForm(forms.Form):
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
