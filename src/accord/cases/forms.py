"""The case register's forms: a new signal, a step of the lifecycle, the register fields.
Hostile input is refused with a message per field; the services check again what the forms
offer (the network's own organisations and members, the lifecycle's next states)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accord.cases.lifecycle import ALLOWED
from accord.cases.models import (
    AgeBand,
    CaseState,
    ClosureReason,
    ConcernLevel,
    Gender,
    Tier,
    TriageOutcome,
)
from accord.core.forms import Form
from accord.tenancy.models import Membership, Organisation, Sector

TIER_PREFIX = "tier_"


def _blank(choices, label) -> list:
    return [("", label), *choices]


class CaseFieldsForm(Form):
    source_sector = forms.ChoiceField(label=_("Source of the signal"), choices=Sector.choices)
    signal_received_on = forms.DateField(label=_("Signal received on"),
                                         widget=forms.DateInput(attrs={"type": "date"}))
    concern_type = forms.ModelChoiceField(label=_("Concern type"), queryset=None,
                                          required=False, empty_label=_("Not yet known"))
    concern_level = forms.ChoiceField(label=_("Concern level"), choices=ConcernLevel.choices,
                                      initial=ConcernLevel.UNKNOWN)
    signal_summary = forms.CharField(
        label=_("Signal"), required=False, max_length=4000, widget=forms.Textarea(attrs={
            "rows": 5}),
        help_text=_("What was observed, by whom, when. No names: the identity belongs in the "
                    "vault."))
    lead_organisation = forms.ModelChoiceField(label=_("Lead organisation"), queryset=None)
    coordinator = forms.ModelChoiceField(label=_("Case coordinator"), queryset=None,
                                         required=False, empty_label=_("Nobody yet"))
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=None, required=False,
                                   empty_label=_("Nobody yet"))
    next_review_on = forms.DateField(label=_("Next review"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))
    age_band = forms.ChoiceField(label=_("Age band"), choices=AgeBand.choices, required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)
    district = forms.CharField(label=_("District"), max_length=80, required=False)
    workers = forms.ModelMultipleChoiceField(label=_("Case workers"), queryset=None,
                                             required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, network, concern_types, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(network=network).order_by("name")
        members = (Membership.objects.active().filter(network=network)
                   .select_related("user", "organisation").order_by("user__full_name"))
        self.fields["concern_type"].queryset = concern_types
        self.fields["lead_organisation"].queryset = organisations
        for name in ("coordinator", "chair", "workers"):
            self.fields[name].queryset = members
            self.fields[name].label_from_instance = lambda m: (
                f"{m.user.full_name} ({m.organisation.name})")
        self.organisations = list(organisations)
        # One choice per organisation: not taking part, or its tier.
        for organisation in self.organisations:
            self.fields[f"{TIER_PREFIX}{organisation.pk}"] = forms.ChoiceField(
                label=organisation.name, required=False,
                choices=_blank(Tier.choices, _("Does not take part")))

    def participants(self) -> list[tuple[Organisation, str]]:
        return [(org, self.cleaned_data[f"{TIER_PREFIX}{org.pk}"]) for org in self.organisations
                if self.cleaned_data.get(f"{TIER_PREFIX}{org.pk}")]

    def participant_fields(self):
        return [self[f"{TIER_PREFIX}{org.pk}"] for org in self.organisations]

    def register_fields(self):
        return [self[name] for name in self.fields if not name.startswith(TIER_PREFIX)]

    def register_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items()
                if not name.startswith(TIER_PREFIX) and name != "workers"}


class TransitionForm(Form):
    to_state = forms.ChoiceField(label=_("Next state"), choices=())
    triage_outcome = forms.ChoiceField(
        label=_("Triage outcome"), required=False,
        choices=_blank(TriageOutcome.choices, _("Not leaving triage")),
        help_text=_("Required when the case leaves triage."))
    closure_reason = forms.ChoiceField(
        label=_("Closure reason"), required=False,
        choices=_blank(ClosureReason.choices, _("Not closing")),
        help_text=_("Required when the case goes to closing."))
    reason = forms.CharField(label=_("Why"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, state: str, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(CaseState.choices)
        # Only the steps the lifecycle allows from here; purging is the retention schedule's.
        self.fields["to_state"].choices = [
            (s, labels[s]) for s in CaseState.values
            if s in ALLOWED.get(state, ()) and s != CaseState.PURGED]
        if state != CaseState.TRIAGE:
            self.fields.pop("triage_outcome")

    def clean_to_state(self):
        value = self.cleaned_data["to_state"]
        if value not in dict(self.fields["to_state"].choices):
            raise ValidationError(_("Choose one of the next states offered."))
        return value
