"""A form field other apps use to link a case (meetings: agenda items, actions, call logs)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class CaseReferenceField(forms.CharField):
    """The case's pseudonymous reference, typed (a network may hold thousands of cases): the
    value is the network's Case with that reference, or None when left empty. The lookup runs
    in the page's network scope, so another network's reference is not found."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Case reference (pseudonymous)"))
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("For example RHE-2026-014. Never a name."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return getattr(value, "reference", value)

    def clean(self, value):
        reference = super().clean(value)
        if not reference:
            return None
        from accord.cases.models import Case

        case = Case.objects.filter(reference__iexact=reference.strip()).first()
        if case is None:
            raise ValidationError(_("No case of this network has this reference."),
                                  code="unknown_case")
        return case
