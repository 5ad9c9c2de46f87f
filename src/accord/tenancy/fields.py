"""A form field for one member of the network, typed rather than picked.

A national network has thousands of members: a <select> of all of them makes every page with
such a form grow with the network (the benchmark's "my actions" page sent 2,645 options, 1.5 s).
The member is typed as their full name or e-mail address; an id (from the API, a link or a test)
is accepted too. Only members in the field's queryset are found, so another network's member or
a former member is "not found", never a leak.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accord.tenancy.models import Membership

MAX_LENGTH = 254  # the longest e-mail address


class MemberField(forms.ModelChoiceField):
    default_error_messages = {
        "invalid_choice": _("No active member of this network has that name or e-mail "
                            "address."),
        "ambiguous": _("Several members have that name: type the e-mail address instead."),
    }

    def __init__(self, *, queryset=None, **kwargs):
        kwargs.setdefault("help_text", _("Full name or e-mail address of a member."))
        kwargs.setdefault("widget", forms.TextInput(attrs={
            "maxlength": MAX_LENGTH, "autocomplete": "off", "spellcheck": "false"}))
        super().__init__(queryset=queryset, empty_label=None, **kwargs)

    def prepare_value(self, value):
        """Show the member's name (their e-mail address when they have none), never an id."""
        if isinstance(value, Membership):
            return value.user.full_name or value.user.email
        if isinstance(value, int) or (isinstance(value, str) and value.isascii()
                                          and value.isdigit()):
            member = self._by_id(str(value))
            return self.prepare_value(member) if member else value
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()[:MAX_LENGTH]
        member = (self._by_id(text) if text.isascii() and text.isdigit()
                  else self._by_name_or_email(text))
        if member is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return member

    def _by_id(self, text: str) -> Membership | None:
        if len(text) > 18:  # beyond a bigint: no such row, and the database would refuse it
            return None
        return self.queryset.filter(pk=int(text)).select_related("user").first()

    def _by_name_or_email(self, text: str) -> Membership | None:
        found = list(self.queryset.filter(Q(user__email__iexact=text)
                                          | Q(user__full_name__iexact=text))
                     .select_related("user")[:2])
        if len(found) > 1:
            raise ValidationError(self.error_messages["ambiguous"], code="ambiguous")
        return found[0] if found else None
