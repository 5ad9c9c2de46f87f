"""How the API reads a request: JSON bodies only, and no control character in any string.

The schemas bound each field; this is the rule that holds for every field at once, so an
operation added tomorrow cannot store a NUL the forms would have refused.
"""

import json

from django.utils.translation import gettext as _
from ninja.errors import ValidationError
from ninja.parser import Parser

from accord.api.errors import UnsupportedMediaType
from accord.core.text import has_control_characters


def _is_json(content_type: str) -> bool:
    return content_type == "application/json" or (
        content_type.startswith("application/") and content_type.endswith("+json"))


def _control_character_errors(data, root: tuple) -> list[dict]:
    """Where strings (or keys) hold control characters; a loop, as JSON may nest deeply."""
    errors, pending = [], [(root, data)]
    while pending:
        loc, value = pending.pop()
        if isinstance(value, str):
            if has_control_characters(value):
                errors.append({"loc": loc, "msg": _("Control characters are not allowed here."),
                               "type": "control_characters"})
        elif isinstance(value, dict):
            for key, item in value.items():
                pending.append((loc, key))  # a bad key is named by its parent: never echoed
                pending.append(((*loc, key), item))
        elif isinstance(value, list):
            pending.extend(((*loc, index), item) for index, item in enumerate(value))
    return errors


def _refuse_control_characters(data, root: tuple) -> None:
    errors = _control_character_errors(data, root)
    if errors:
        raise ValidationError(errors)


class AccordParser(Parser):
    def parse_body(self, request):
        if not _is_json(request.content_type or ""):
            raise UnsupportedMediaType(request.content_type)
        data = json.loads(request.body)
        _refuse_control_characters(data, ("body",))
        return data

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        _refuse_control_characters(result, ("query",))
        return result
