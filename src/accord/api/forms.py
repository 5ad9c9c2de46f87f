from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accord.api.scopes import SCOPES, WRITE, resource_kinds
from accord.api.services import MAX_DAYS, MIN_DAYS
from accord.api.text import plain_text_problem
from accord.core.forms import Form


class ApiTokenForm(Form):
    name = forms.CharField(
        label=_("Name"), max_length=100,
        help_text=_("So you can tell your tokens apart, e.g. the script or tool that uses it."),
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=MIN_DAYS, max_value=MAX_DAYS,
        help_text=_("From 1 to 365 days. The token stops working after that."),
    )

    scope = forms.ChoiceField(
        label=_("Access"), choices=SCOPES, initial=WRITE, widget=forms.RadioSelect,
        required=False,
        help_text=_("A read-only token may read but never change anything."),
    )
    resources = forms.MultipleChoiceField(
        label=_("Resources"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick none for everything you may reach in this network, or only the "
                    "parts the token needs."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = settings.ACCORD_API_TOKEN_DAYS
        self.fields["resources"].choices = resource_kinds()

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        problem = plain_text_problem(name)
        if problem:
            raise forms.ValidationError(problem)
        return name

    def clean_scope(self) -> str:
        return self.cleaned_data["scope"] or WRITE  # as every token was before scopes
