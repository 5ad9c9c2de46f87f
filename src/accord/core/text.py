"""The one control-character rule, shared by the forms and the API.

A control character never belongs in a name, a title or a minute: PostgreSQL refuses NUL in a
query or a row outright (DataError), and the others hide text in exports, terminals and PDFs.
Tab, line feed and carriage return are text, so multi-line fields keep them.
"""

import re

# Written once, read by Python's re and, as a JSON Schema pattern (ECMA-262), by API clients.
CONTROL_CLASS = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f"
CONTROL_CHARACTERS = re.compile(f"[{CONTROL_CLASS}]")
NO_CONTROL_CHARACTERS_PATTERN = f"^[^{CONTROL_CLASS}]*$"


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def without_control_characters(text: str) -> str:
    """The text as it may be shown back, e.g. inside an error message."""
    return CONTROL_CHARACTERS.sub("", text)
