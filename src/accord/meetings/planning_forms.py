"""The forms of meeting planning (issue 16): proposing dates, answering, replying."""

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.meetings.forms import DATETIME, AccessibleForm
from accord.meetings.models import AnswersVisibility, DateAnswerChoice, ReplyAnswer

OPTION_SLOTS = 6


class DatePollForm(AccessibleForm):
    """Up to six dates of one length; empty rows are skipped."""

    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=15,
                                          max_value=720, initial=120)
    closes_at = forms.DateTimeField(label=_("Answers until"), required=False, widget=DATETIME,
                                    help_text=_("Empty: until a date is chosen."))
    answers_visibility = forms.ChoiceField(label=_("Who sees the answers"),
                                           choices=AnswersVisibility.choices,
                                           initial=AnswersVisibility.BODY,
                                           widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, OPTION_SLOTS + 1):
            self.fields[f"start_{number}"] = forms.DateTimeField(
                label=_("Date %(number)d") % {"number": number}, required=False,
                widget=DATETIME)

    def clean(self):
        data = super().clean()
        if not self.errors and not self.starts():
            raise forms.ValidationError(_("Propose at least one date."))
        return data

    def starts(self) -> list:
        return [self.cleaned_data[f"start_{n}"] for n in range(1, OPTION_SLOTS + 1)
                if self.cleaned_data.get(f"start_{n}")]

    def service_arguments(self) -> dict:
        length = timedelta(minutes=self.cleaned_data["duration_minutes"])
        return {"options": [(start, start + length) for start in self.starts()],
                "closes_at": self.cleaned_data.get("closes_at"),
                "answers_visibility": self.cleaned_data["answers_visibility"]}


class DateAnswersForm(AccessibleForm):
    """One radio group per proposed date."""

    def __init__(self, *args, options, mine, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = options
        for option in options:
            self.fields[f"option_{option.pk}"] = forms.ChoiceField(
                label=option, choices=DateAnswerChoice.choices, required=False,
                initial=mine.get(option.pk) or None, widget=forms.RadioSelect)

    def answers(self) -> dict[int, str]:
        return {o.pk: self.cleaned_data[f"option_{o.pk}"] for o in self.options
                if self.cleaned_data.get(f"option_{o.pk}")}


class ReplyForm(AccessibleForm):
    answer = forms.ChoiceField(label=_("Your reply"), choices=ReplyAnswer.choices,
                               widget=forms.RadioSelect)
    deputy = forms.ModelChoiceField(label=_("Deputy"), queryset=None, required=False,
                                    help_text=_("A member of your organisation who comes in "
                                                "your place."))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, deputies, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and self.data.get("answer") != ReplyAnswer.DEPUTY:
            # A deputy left chosen in the list counts only with the answer that names one.
            self.data = self.data.copy()
            self.data["deputy"] = ""
        self.fields["deputy"].queryset = deputies
        self.fields["deputy"].label_from_instance = lambda m: m.user.full_name

    def clean(self):
        data = super().clean()
        if data.get("answer") == ReplyAnswer.DEPUTY and not data.get("deputy"):
            self.add_error("deputy", _("Name the deputy who comes in your place."))
        return data
