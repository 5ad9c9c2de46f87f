"""The one control-character rule, shared by the forms and the API.

A control character never belongs in a name, a title or a minute: PostgreSQL refuses NUL in a
query or a row outright (DataError), and the others hide text in exports, terminals and PDFs.
Tab, line feed and carriage return are text, so multi-line fields keep them.
"""

import re

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def without_control_characters(text: str) -> str:
    """The text as it may be shown back, e.g. inside an error message."""
    return CONTROL_CHARACTERS.sub("", text)
