"""The forms of consents, the disclosure register and break-glass: hostile input, checked here
for shape and by the services for meaning (each service error lands on its field)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accord.cases.facets import CATEGORIES
from accord.core.forms import Form
from accord.policy.purposes import PURPOSES
from accord.sharing.break_glass import MIN_REASON
from accord.sharing.consent_services import (
    CONSENT_PURPOSES,
    check_written_form,
    form_max_bytes,
)
from accord.sharing.models import GivenBy

DATE = forms.DateInput(attrs={"type": "date"})


class ConsentForm(Form):
    given_by = forms.ChoiceField(label=_("Given by"), choices=GivenBy.choices,
                                 widget=forms.RadioSelect)
    organisations = forms.TypedMultipleChoiceField(
        label=_("Organisations it covers"), coerce=int, widget=forms.CheckboxSelectMultiple)
    categories = forms.MultipleChoiceField(
        label=_("Categories of data"), choices=list(CATEGORIES.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("This category is not known to the network's "
                                            "regime.")})
    purposes = forms.MultipleChoiceField(
        label=_("Purposes"), widget=forms.CheckboxSelectMultiple,
        choices=[(p, PURPOSES[p]) for p in CONSENT_PURPOSES])
    given_on = forms.DateField(label=_("Given on"), widget=DATE)
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DATE,
                                 help_text=_("The last day the consent holds. Leave empty if "
                                             "it does not expire."))
    written_form = forms.FileField(
        label=_("Written form"), required=False,
        help_text=_("A PDF or an image (PNG or JPEG) of the signed form."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}))

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].choices = [(o.pk, o.name) for o in organisations]

    def clean_written_form(self):
        upload = self.cleaned_data.get("written_form")
        if not upload:
            return None
        if upload.size > form_max_bytes():
            raise ValidationError(_("The file is larger than %(limit)s MB.")
                                  % {"limit": form_max_bytes() // (1024 * 1024)})
        try:
            return check_written_form(upload.name, upload.read())
        except ValidationError as error:
            raise ValidationError(error.message_dict["written_form"]) from error


class WithdrawForm(Form):
    reason = forms.CharField(label=_("Reason for the withdrawal"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class BreakGlassForm(Form):
    reason = forms.CharField(
        label=_("Why you need to open this case now"), min_length=MIN_REASON, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("At least %(count)s characters. The privacy officer reviews every "
                    "break-glass access and its reason.") % {"count": MIN_REASON})


class ReviewForm(Form):
    note = forms.CharField(label=_("Review note"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class DisclosureFilterForm(Form):
    case = forms.CharField(label=_("Case reference"), required=False, max_length=40)
    member = forms.TypedChoiceField(label=_("Member"), required=False, coerce=int,
                                    empty_value=None)
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("All")), *CATEGORIES.items()])
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._members = {m.pk: m for m in members}
        self.fields["member"].choices = [("", _("Everyone")), *(
            (m.pk, m.user.full_name or m.user.email) for m in members)]

    def filters(self):
        from accord.sharing.disclosures import DisclosureFilters

        data = self.cleaned_data
        return DisclosureFilters(case_reference=data.get("case") or "",
                                 recipient=self._members.get(data.get("member")),
                                 category=data.get("category") or "",
                                 date_from=data.get("date_from"), date_to=data.get("date_to"))
