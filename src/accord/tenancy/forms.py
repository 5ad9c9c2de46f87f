"""Forms of the network administration pages. Every choice of a member, organisation or body is
limited to the active network, so an id from another network is "not a valid choice".

Django links each field's errors and help text to it (aria-invalid, aria-describedby);
templates render fields through core/_field.html.
"""

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import User
from accord.core.forms import Form
from accord.tenancy import selectors
from accord.tenancy.models import Body, BodyKind, BodyRole, Network, Role, Sector


def role_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one role.")},
    )


class InvitationForm(Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False,
                                help_text=_("Optional; the person can correct it when joining."))
    # Querysets are set per request: a scoped manager may not be asked outside a scope.
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None,
                                          help_text=_("On whose behalf the person takes part."))
    roles = role_field()

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = selectors.network_organisations(network=network)
        self.fields["roles"].initial = [Role.MEMBER]


class RolesForm(Form):
    roles = role_field()


class OrganisationForm(Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)


class BodyForm(Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    kind = forms.ChoiceField(label=_("Kind"), choices=BodyKind.choices)
    description = forms.CharField(label=_("Description"), max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.user.full_name or obj.user.email} ({obj.organisation.name})"


class SeatForm(Form):
    role = forms.ChoiceField(label=_("Role in the body"), choices=BodyRole.choices,
                             initial=BodyRole.MEMBER)
    voting_right = forms.BooleanField(label=_("Voting right"), required=False, initial=True)


class SeatAddForm(SeatForm):
    membership = MemberChoiceField(label=_("Member"), queryset=None)

    field_order = ["membership", "role", "voting_right"]

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = selectors.body_candidates(body=body)


class NewAccountForm(Form):
    """The invited person's own account: name and a password that Django's validators accept."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    password1 = forms.CharField(label=_("Password"), strip=False, max_length=128,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Repeat the password"), strip=False, max_length=128,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_password2(self) -> str:
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            raise ValidationError(_("The two passwords differ."))
        return password2

    def clean(self) -> dict:
        cleaned = super().clean()
        password = cleaned.get("password2")
        if password and "password2" not in self.errors:
            probe = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                validate_password(password, user=probe)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned
