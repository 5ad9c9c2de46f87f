"""Plain text only: names reach pages, exports and e-mails, so markup is refused at the door
rather than trusted to be escaped everywhere later."""

import re

from django.utils.translation import gettext as _

from accord.core.text import has_control_characters

_MARKUP = re.compile(r"[<>]|&#?\w+;")


def plain_text_problem(value: str) -> str | None:
    """Why the value is not plain text, or None when it is."""
    if _MARKUP.search(value):
        return _("Markup such as < > or &…; is not allowed here.")
    if has_control_characters(value):
        return _("Control characters are not allowed here.")
    return None
