"""Plain text only: names reach pages, exports and e-mails, so markup is refused at the door
rather than trusted to be escaped everywhere later."""

import re

from django.utils.translation import gettext as _

from accord.core.text import CONTROL_CLASS, SINGLE_LINE_CONTROL_CLASS, has_control_characters

# Entities are ASCII, so the pattern below can say exactly the same in any regex dialect.
_MARKUP = re.compile(r"[<>]|&#?[A-Za-z0-9_]+;")
# The rule as a JSON Schema pattern for the API's description (an entity is refused, a bare
# "&" is not): one line (a name, a title), and several lines (a description).
PLAIN_TEXT_PATTERN = f"^(?:(?!&#?[A-Za-z0-9_]+;)[^<>{SINGLE_LINE_CONTROL_CLASS}])*$"
MULTILINE_PLAIN_TEXT_PATTERN = f"^(?:(?!&#?[A-Za-z0-9_]+;)[^<>{CONTROL_CLASS}])*$"
# What str.strip() removes, spelled out: ECMA-262's \s is not quite the same set.
_SPACE_CLASS = (r"\u0009-\u000d\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029"
                r"\u202f\u205f\u3000")
_NOT_BLANK = f"^(?=[\\s\\S]*[^{_SPACE_CLASS}])"
NOT_BLANK_PLAIN_TEXT_PATTERN = _NOT_BLANK + PLAIN_TEXT_PATTERN[1:]
NOT_BLANK_MULTILINE_PLAIN_TEXT_PATTERN = _NOT_BLANK + MULTILINE_PLAIN_TEXT_PATTERN[1:]


def plain_text_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why the value is not plain text, or None when it is. One line keeps the tab only; several
    lines keep tab and line breaks (core/text.py, the forms' rule)."""
    if _MARKUP.search(value):
        return _("Markup such as < > or &…; is not allowed here.")
    if has_control_characters(value, multiline=multiline):
        return _("Control characters are not allowed here.")
    return None
