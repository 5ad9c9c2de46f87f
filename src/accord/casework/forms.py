"""The case work forms. Every one derives from accord.core.forms.Form (the text rule); the
services check again, so a form is a convenience, never the guard."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.cases.facets import CATEGORIES
from accord.casework.models import (
    CHOSEN_LEVELS,
    AssessmentStatus,
    GoalStatus,
    InterventionKind,
    InterventionStatus,
    LifeArea,
    Rating,
    Reliability,
    ReviewOutcome,
)
from accord.core.forms import Form

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LEVELS = [("", "—"), *CHOSEN_LEVELS]
CHANGES = [("", _("not looked at")), ("-2", _("-2 much worse")), ("-1", _("-1 worse")),
           ("0", _("0 no change")), ("1", _("+1 better")), ("2", _("+2 much better"))]


def _text(label, max_length=4000, required=False, rows=3):
    return forms.CharField(label=label, max_length=max_length, required=required,
                           widget=forms.Textarea(attrs={"rows": rows}))


class AssessmentForm(Form):
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DATE)
    status = forms.ChoiceField(label=_("Status"), choices=AssessmentStatus.choices,
                               initial=AssessmentStatus.FINAL)
    concern_level = forms.ChoiceField(
        label=_("Overall concern level"), choices=CHOSEN_LEVELS,
        help_text=_("Your professional judgement: it is not computed from the ratings."))
    judgement = _text(_("Judgement in words"), rows=4)
    scenarios = _text(_("Scenarios"))
    missing_information = _text(_("Missing information and how to get it"))
    client_view = _text(_("The client's own view"))
    external = forms.BooleanField(
        label=_("External assessment with a licensed instrument"), required=False,
        help_text=_("Only that it was done, its date and its overall level are recorded."))
    external_instrument = forms.CharField(label=_("Instrument"), max_length=120,
                                          required=False)
    external_done_on = forms.DateField(label=_("Done on"), required=False, widget=DATE)
    external_level = forms.ChoiceField(label=_("Overall level of the instrument"),
                                       choices=LEVELS, required=False)

    def __init__(self, *args, framework=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        for domain in framework.domains.all() if framework else []:
            indicators = []
            for indicator in domain.indicators.all():
                prefix = f"i{indicator.pk}_"
                self.fields[prefix + "rating"] = forms.ChoiceField(
                    label=_("Rating"), choices=Rating.choices, initial=Rating.UNKNOWN)
                self.fields[prefix + "decisive"] = forms.BooleanField(label=_("Decisive"),
                                                                      required=False)
                self.fields[prefix + "evidence_for"] = _text(_("Evidence for"), 2000, rows=2)
                self.fields[prefix + "evidence_against"] = _text(_("Evidence against"), 2000,
                                                                 rows=2)
                self.fields[prefix + "source"] = forms.CharField(label=_("Source"),
                                                                 max_length=200, required=False)
                self.fields[prefix + "source_reliability"] = forms.ChoiceField(
                    label=_("Reliability of the source"), choices=Reliability.choices,
                    initial=Reliability.UNKNOWN)
                indicators.append((indicator, [self[prefix + name] for name in (
                    "rating", "decisive", "evidence_for", "evidence_against", "source",
                    "source_reliability")]))
            self.groups.append((domain, indicators))
        self.main_fields = [self[name] for name in (
            "assessed_on", "status", "concern_level", "judgement", "scenarios",
            "missing_information", "client_view")]
        self.external_fields = [self[name] for name in (
            "external", "external_instrument", "external_done_on", "external_level")]

    def ratings(self) -> list[dict]:
        data = self.cleaned_data
        rows = []
        for _domain, indicators in self.groups:
            for indicator, _fields in indicators:
                p = f"i{indicator.pk}_"
                rows.append({"indicator": indicator, "rating": data[p + "rating"],
                             "decisive": data[p + "decisive"],
                             "evidence_for": data[p + "evidence_for"],
                             "evidence_against": data[p + "evidence_against"],
                             "source": data[p + "source"],
                             "source_reliability": data[p + "source_reliability"]})
        return rows

    def service_fields(self) -> dict:
        keys = ("assessed_on", "status", "concern_level", "judgement", "scenarios",
                "missing_information", "client_view", "external", "external_instrument",
                "external_done_on", "external_level")
        return {k: self.cleaned_data[k] for k in keys}


class RaterForm(Form):
    rater = forms.ModelChoiceField(label=_("Co-rater"), queryset=None)
    concern_level = forms.ChoiceField(label=_("Their overall concern level"),
                                      choices=CHOSEN_LEVELS)
    note = _text(_("Note"), 2000, rows=2)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rater"].queryset = members
        self.fields["rater"].label_from_instance = lambda m: m.user.full_name or m.user.email


class ConsensusForm(Form):
    text = _text(_("What the raters agreed"), required=True)
    level = forms.ChoiceField(label=_("Agreed concern level"), choices=CHOSEN_LEVELS)


class PlanForm(Form):
    summary = _text(_("Summary of the plan"))
    agreed_on = forms.DateField(label=_("Agreed on"), required=False, widget=DATE)


class GoalForm(Form):
    life_area = forms.ChoiceField(label=_("Life area"), choices=LifeArea.choices)
    text = forms.CharField(label=_("Goal"), max_length=500)
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices,
                               initial=GoalStatus.OPEN)


class GoalStatusForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)


class InterventionForm(Form):
    title = forms.CharField(label=_("Intervention"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=InterventionKind.choices)
    organisation = forms.ModelChoiceField(label=_("Owning organisation"), queryset=None)
    goal = forms.ModelChoiceField(label=_("Plan goal"), queryset=None, required=False)
    starts_on = forms.DateField(label=_("Start"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("End"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("Status"), choices=InterventionStatus.choices,
                               initial=InterventionStatus.PLANNED)
    outcome = _text(_("Outcome"), 2000, rows=2)
    decision = forms.ModelChoiceField(label=_("Case-conference decision that agreed it"),
                                      queryset=None, required=False)

    def __init__(self, *args, organisations, goals, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["goal"].queryset = goals
        self.fields["decision"].queryset = decisions


class InterventionStatusForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=InterventionStatus.choices)
    outcome = _text(_("Outcome"), 2000, rows=2)
    ends_on = forms.DateField(label=_("End"), required=False, widget=DATE)


class ReviewForm(Form):
    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=DATE)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReviewOutcome.choices)
    concern_level = forms.ChoiceField(label=_("Concern level now"), choices=LEVELS,
                                      required=False,
                                      help_text=_("Leave empty when it is unchanged."))
    next_steps = _text(_("Next steps"))
    event_triggered = forms.BooleanField(label=_("Triggered by an event"), required=False)
    event_reason = forms.CharField(label=_("Which event"), max_length=300, required=False)

    def __init__(self, *args, domains, **kwargs):
        super().__init__(*args, **kwargs)
        self.domains = list(domains)
        self.domain_fields = []
        for domain in self.domains:
            self.fields[f"d{domain.pk}_change"] = forms.ChoiceField(
                label=_("Change in “%(domain)s”") % {"domain": domain.label},
                choices=CHANGES, required=False)
            self.domain_fields.append(self[f"d{domain.pk}_change"])
        self.main_fields = [self[name] for name in (
            "reviewed_on", "outcome", "concern_level", "next_steps", "event_triggered",
            "event_reason")]

    def changes(self) -> list[dict]:
        return [{"domain": d, "change": int(self.cleaned_data[f"d{d.pk}_change"])}
                for d in self.domains if self.cleaned_data.get(f"d{d.pk}_change") not in
                ("", None)]


class ReferralForm(Form):
    to_organisation = forms.ModelChoiceField(label=_("Refer to"), queryset=None)
    categories = forms.MultipleChoiceField(
        label=_("Categories of case data that would go with it"),
        choices=list(CATEGORIES.items()), widget=forms.CheckboxSelectMultiple,
        help_text=_("What the receiving organisation then reads is still decided by the "
                    "network's sharing rules."))
    note = _text(_("Why this referral"), 2000)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = organisations


class DeclineForm(Form):
    reason = _text(_("Why you decline"), 2000, required=True)


class IntervalsForm(Form):
    high_weeks = forms.IntegerField(label=_("Review interval at high concern (weeks)"),
                                    min_value=1, max_value=52)
    medium_months = forms.IntegerField(label=_("Review interval at medium concern (months)"),
                                       min_value=1, max_value=24)
    low_months = forms.IntegerField(label=_("Review interval at low concern (months)"),
                                    min_value=1, max_value=36)
