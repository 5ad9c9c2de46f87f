"""Forms of signing in and of the security page. Every field is bounded and labelled."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from accord.accounts.models import User
from accord.core.forms import Form, ModelForm, TextRulesMixin

CODE_MAX_LENGTH = 20


def _code_field(label=None, help_text=None) -> forms.CharField:
    return forms.CharField(
        label=label or _("One-time code"), max_length=CODE_MAX_LENGTH, strip=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={
            "autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "off",
            "spellcheck": "false", "size": 12,
        }),
    )


def _current_password_field() -> forms.CharField:
    return forms.CharField(
        label=_("Current password"), max_length=4096, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class SignInForm(Form):
    email = forms.EmailField(
        label=_("E-mail address"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"), max_length=4096, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_email(self) -> str:
        # One spelling per address, so the lock-out counts "A@x" and "a@x" together.
        return self.cleaned_data["email"].strip().lower()


class VerifyForm(Form):
    code = _code_field(help_text=_(
        "The six digits your authenticator app shows, or one of your recovery codes."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Recovery codes contain letters: do not force a numeric keyboard here.
        self.fields["code"].widget.attrs["inputmode"] = "text"


class EnrolForm(Form):
    code = _code_field(help_text=_("The six digits your authenticator app now shows."))

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Enter the six digits from your authenticator app."))
        return code


class RecoveryCodesForm(Form):
    code = _code_field(label=_("Current code from your authenticator app"))


class AuthenticatorResetForm(Form):
    password = _current_password_field()
    code = _code_field(label=_("Current code from your authenticator app"))

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is wrong."))
        return password


class LanguageForm(ModelForm):
    class Meta:
        model = User
        fields = ["language"]


class AccordPasswordResetForm(TextRulesMixin, PasswordResetForm):
    """Django's reset form, sending through accord.core.mail in the person's language."""

    email = forms.EmailField(
        label=_("E-mail address"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username"}),
    )

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):
        from accord.accounts.services import password_reset_requested

        password_reset_requested(user=context["user"], uidb64=context["uid"],
                                 token=context["token"])


def password_help() -> str:
    return password_validation.password_validators_help_text_html()


class StepUpForm(Form):
    code = _code_field(help_text=_("The code your authenticator app shows for Accord now."))


class PasskeyNameForm(Form):
    name = forms.CharField(label=_("Name of the passkey"), max_length=64, strip=True,
                           help_text=_("For example: work laptop, or the blue security key."))


class AccordPasswordChangeForm(TextRulesMixin, PasswordChangeForm):
    """Django's, under the one text rule like every Accord form."""


class AccordSetPasswordForm(TextRulesMixin, SetPasswordForm):
    """Django's (a new password after a reset), under the one text rule."""
