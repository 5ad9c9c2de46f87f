"""The regime's forms: a preset to start from, one rule, the privacy officer's rejection."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.cases.facets import CATEGORIES
from accord.core.forms import Form
from accord.sharing.models.regime import ANY, Effect, LegalBasis, Preset
from accord.sharing.regime_rules import CLEARANCE, purpose_choices, sector_choices
from accord.tenancy.models import Body, BodyKind, Role


class PresetForm(Form):
    preset = forms.ChoiceField(label=_("Preset"), choices=Preset.choices)


class RuleForm(Form):
    category = forms.ChoiceField(label=_("Data category"), choices=list(CATEGORIES.items()))
    from_sector = forms.ChoiceField(label=_("Recorded by (sector)"), choices=sector_choices)
    to_sector = forms.ChoiceField(label=_("Shared with (sector)"), choices=sector_choices)
    to_role = forms.ChoiceField(label=_("Only members with the role"), required=False,
                                choices=lambda: [("", _("any role")), *Role.choices])
    purpose = forms.ChoiceField(label=_("Purpose"), choices=purpose_choices)
    effect = forms.ChoiceField(label=_("Effect"), choices=Effect.choices)
    legal_bases = forms.MultipleChoiceField(label=_("Legal bases"), required=False,
                                            choices=LegalBasis.choices,
                                            widget=forms.CheckboxSelectMultiple)
    citation = forms.CharField(label=_("Citation of the provision"), required=False,
                               max_length=300,
                               help_text=_("For example “art. 458ter Criminal Code”."))
    case_open = forms.BooleanField(label=_("Only while the case is open"), required=False)
    recipient_participant = forms.BooleanField(
        label=_("Only if the recipient's organisation takes part in the case"), required=False)
    conference = forms.ChoiceField(label=_("Only within a case conference"), required=False)
    clearance = forms.CharField(label=_("Only with the clearance"), required=False,
                                max_length=39, help_text=_("Lower-case letters, digits, - and _."))
    form = forms.ChoiceField(label=_("Form"), choices=[
        ("identified", _("identified")), ("pseudonymised", _("pseudonymised")),
        ("anonymised", _("anonymised"))], initial="pseudonymised")
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, network=None, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = Body.objects.filter(network=network, kind=BodyKind.OPERATIONAL) \
            if network is not None else Body.objects.none()
        self.fields["conference"].choices = [
            ("", _("no")), (ANY, _("any of the network's case conferences")),
            *((str(b.pk), b.name) for b in bodies)]

    def clean_clearance(self) -> str:
        value = self.cleaned_data["clearance"].strip()
        if value and not CLEARANCE.match(value):
            raise forms.ValidationError(_("Use lower-case letters, digits, - and _ only."))
        return value

    def rule_data(self) -> dict:
        data = self.cleaned_data
        conditions = [name for name in ("case_open", "recipient_participant") if data[name]]
        if data["conference"]:
            conditions.append(f"in_conference:{data['conference']}")
        if data["clearance"]:
            conditions.append(f"clearance:{data['clearance']}")
        return {"category": data["category"], "from_sector": data["from_sector"],
                "to_sector": data["to_sector"], "to_role": data["to_role"],
                "purpose": data["purpose"], "legal_bases": list(data["legal_bases"]),
                "citation": data["citation"], "conditions": conditions, "form": data["form"],
                "effect": data["effect"], "note": data["note"]}


class RejectForm(Form):
    reason = forms.CharField(label=_("Why is the change rejected?"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))
