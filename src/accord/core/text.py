"""The one control-character rule, shared by the forms and the API.

A control character never belongs in a name, a title or a minute: PostgreSQL refuses NUL in a
query or a row outright (DataError), and the others hide text in exports, terminals and PDFs.
Tab, line feed and carriage return are text, so multi-line fields keep them; a single-line
field (a name, a title) keeps only the tab, because a line break there is never typed (a
browser's text input cannot hold one) and breaks lists, CSV exports and e-mail subjects.

Every form text field applies it (core.forms.TextRulesMixin), every API string meets the
multi-line rule (api.parser) and the API's single-line PlainText the single-line one.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Written once, read by Python's re and, as a JSON Schema pattern (ECMA-262), by API clients.
CONTROL_CLASS = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f"
CONTROL_CHARACTERS = re.compile(f"[{CONTROL_CLASS}]")
NO_CONTROL_CHARACTERS_PATTERN = f"^[^{CONTROL_CLASS}]*$"
# A single line: the same, and no line feed or carriage return either.
SINGLE_LINE_CONTROL_CLASS = CONTROL_CLASS + r"\u000a\u000d"
SINGLE_LINE_CONTROL_CHARACTERS = re.compile(f"[{SINGLE_LINE_CONTROL_CLASS}]")

CONTROL_CHARACTERS_MESSAGE = _("Control characters are not allowed here.")


def has_control_characters(text: str, *, multiline: bool = True) -> bool:
    rule = CONTROL_CHARACTERS if multiline else SINGLE_LINE_CONTROL_CHARACTERS
    return rule.search(text) is not None


@deconstructible
class ControlCharacterValidator:
    """The rule as a Django validator (it refuses NUL too, in Accord's words)."""

    code = "control_characters"

    def __init__(self, *, multiline: bool = True):
        self.multiline = multiline

    def __call__(self, value) -> None:
        if value is not None and has_control_characters(str(value), multiline=self.multiline):
            raise ValidationError(CONTROL_CHARACTERS_MESSAGE, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, ControlCharacterValidator) and other.multiline == self.multiline


def without_control_characters(text: str) -> str:
    """The text as it may be shown back, e.g. inside an error message."""
    return CONTROL_CHARACTERS.sub("", text)
