"""The audit page's filters. Choices are what can be in a trail: the registry's actions and
Accord's object types; a member is looked for by name, or named by a link (?actor=<membership
id>, checked against the network's members); anything else is "not a valid choice"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.audit import selectors
from accord.audit.actions import action_label, object_type_label
from accord.core.forms import Form

if TYPE_CHECKING:  # the audit trail lies beneath tenancy: hints only
    from accord.tenancy.models import Membership


class ActorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.user} ({obj.organisation})"


class DateInput(forms.DateInput):
    input_type = "date"


class AuditFilterForm(Form):
    # A hidden field: a national network has thousands of members, too many for a <select>.
    actor = ActorChoiceField(label=_("Member"), queryset=None,  # set per request
                             required=False, widget=forms.HiddenInput)
    actor_name = forms.CharField(label=_("Who"), required=False, max_length=100,
                                 help_text=_("Part of the member's name"))
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object ID"), required=False, max_length=80)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput)

    def __init__(self, data=None, *, membership: Membership):
        super().__init__(data)
        self.fields["actor"].queryset = selectors.audit_actor_choices(membership=membership)
        self.fields["action"].choices = [("", _("Any action")), *sorted(
            ((name, action_label(name))
             for name in selectors.audit_action_choices(membership=membership)),
            key=lambda choice: choice[1].casefold())]
        self.fields["object_type"].choices = [("", _("Any type")), *(
            (name, object_type_label(name))
            for name in selectors.audit_object_type_choices(membership=membership))]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period is before its start."))
        return cleaned

    def filters(self) -> selectors.AuditFilters:
        """The valid filters; call only after is_valid()."""
        data = self.cleaned_data
        return selectors.AuditFilters(
            actor=data["actor"], actor_name=data["actor_name"].strip(),
            action=data["action"], object_type=data["object_type"],
            object_id=data["object_id"].strip(), date_from=data["date_from"],
            date_to=data["date_to"],
        )


class AccessReadsForm(Form):
    """"Who read this": one object, named exactly by its type and id."""

    object_type = forms.ChoiceField(label=_("Object type"))
    object_id = forms.CharField(label=_("Object ID"), max_length=80,
                                help_text=_("The exact ID, as shown in the audit log"))

    def __init__(self, data=None, *, membership: Membership):
        super().__init__(data)
        self.fields["object_type"].choices = [
            (name, object_type_label(name))
            for name in selectors.audit_object_type_choices(membership=membership)]

    def clean_object_id(self) -> str:
        value = self.cleaned_data["object_id"].strip()
        if not value:
            raise forms.ValidationError(_("Enter the object's ID."))
        return value
