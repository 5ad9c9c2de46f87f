"""A form field for one member of the network, typed rather than picked.

A national network has thousands of members: a <select> of all of them makes every page with
such a form grow with the network (the benchmark's "my actions" page sent 2,645 options, 1.5 s).
The member is typed as their full name or e-mail address; an id (from the API, a link or a test)
is accepted too. Only members in the field's queryset are found, so another network's member or
a former member is "not found", never a leak.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accord.core.text import has_control_characters, without_control_characters
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
        if has_control_characters(text):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
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


MAX_MEMBERS = 50  # more names than any one call or task has; bounds the lookups per request


class MultiMemberField(MemberField):
    """Several members, typed as names or e-mail addresses separated by commas (or ids).

    Cleans to a list of memberships without duplicates, in the order typed; each entry is looked
    up like MemberField, so anyone outside the queryset is "not found".
    """

    default_error_messages = {
        "invalid_choice": _("No active member of this network has the name or e-mail "
                            "address “%(value)s”."),
        "ambiguous": _("Several members are called “%(value)s”: type the e-mail address "
                       "instead."),
        "too_many": _("Name at most %(limit)s members."),
    }

    def __init__(self, *, queryset=None, **kwargs):
        kwargs.setdefault("help_text", _("Full names or e-mail addresses of members, separated "
                                         "by commas."))
        kwargs.setdefault("widget", forms.TextInput(attrs={
            "maxlength": MAX_LENGTH * 4, "autocomplete": "off", "spellcheck": "false"}))
        super().__init__(queryset=queryset, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple | set | QuerySet):
            return ", ".join(str(super(MultiMemberField, self).prepare_value(v)) for v in value)
        return super().prepare_value(value)

    def to_python(self, value):
        if value in self.empty_values:
            return []
        entries = [e.strip() for e in str(value).replace(";", ",").split(",") if e.strip()]
        if len(entries) > MAX_MEMBERS:
            raise ValidationError(self.error_messages["too_many"], code="too_many",
                                  params={"limit": MAX_MEMBERS})
        members = []
        for entry in entries:
            member = self._one(entry[:MAX_LENGTH])
            if member not in members:
                members.append(member)
        return members

    def _one(self, text: str) -> Membership:
        if has_control_characters(text):
            printable = without_control_characters(text)
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                  params={"value": printable})
        try:
            member = (self._by_id(text) if text.isascii() and text.isdigit()
                      else self._by_name_or_email(text))
        except ValidationError:
            raise ValidationError(self.error_messages["ambiguous"], code="ambiguous",
                                  params={"value": text}) from None
        if member is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                  params={"value": text})
        return member
