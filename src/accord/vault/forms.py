from django import forms
from django.utils.translation import gettext_lazy as _

from accord.core.forms import Form

ONE_PER_LINE = _("One per line.")


def _lines(label, *, required=False) -> forms.CharField:
    return forms.CharField(label=label, required=required, help_text=ONE_PER_LINE,
                           widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class IdentityForm(Form):
    """The identity as a page edits it; the service validates each entry (vault.validation)."""

    names = _lines(_("Names"), required=True)
    aliases = _lines(_("Aliases"))
    birth_date = forms.DateField(label=_("Date of birth"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    addresses = _lines(_("Addresses"))
    phones = _lines(_("Phone numbers"))
    identifiers = _lines(_("Identifiers"))
    is_minor = forms.BooleanField(label=_("Minor"), required=False, help_text=_(
        "Set from the date of birth when there is one."))
    guardian_name = forms.CharField(label=_("Guardian's name"), required=False, max_length=200)
    guardian_relationship = forms.CharField(label=_("Relationship to the person"),
                                            required=False, max_length=200)
    guardian_phone = forms.CharField(label=_("Guardian's phone"), required=False,
                                     max_length=200)
    guardian_address = forms.CharField(label=_("Guardian's address"), required=False,
                                       max_length=200)

    LISTS = ("names", "aliases", "addresses", "phones", "identifiers")

    @classmethod
    def initial_from(cls, identity: dict | None, guardian: dict | None, is_minor: bool) -> dict:
        if identity is None:
            return {}
        initial = {f: "\n".join(identity[f]) for f in cls.LISTS}
        initial.update(birth_date=identity["birth_date"], is_minor=is_minor)
        initial.update({f"guardian_{k}": v for k, v in (guardian or {}).items()})
        return initial

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        identity = {f: data[f].splitlines() for f in self.LISTS}
        identity["birth_date"] = data["birth_date"].isoformat() if data["birth_date"] else None
        guardian = {k: data[f"guardian_{k}"] for k in ("name", "relationship", "phone",
                                                        "address")}
        return {"identity": identity, "guardian": guardian, "is_minor": data["is_minor"]}


class SearchForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
