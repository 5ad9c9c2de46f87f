"""What the API shows and accepts. Output schemas name only what a member may see on the pages;
input schemas bound every field, so hostile input is refused (422) before anything is written."""

from datetime import datetime, timedelta
from functools import partial
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, Path, Schema
from pydantic import AfterValidator, ConfigDict, StringConstraints
from pydantic_core import PydanticCustomError

from accord.api.text import (
    MULTILINE_PLAIN_TEXT_PATTERN,
    NOT_BLANK_MULTILINE_PLAIN_TEXT_PATTERN,
    NOT_BLANK_PLAIN_TEXT_PATTERN,
    PLAIN_TEXT_PATTERN,
    plain_text_problem,
)


def _plain_text(value: str, *, multiline: bool) -> str:
    problem = plain_text_problem(value, multiline=multiline)
    if problem:
        raise ValueError(problem)
    return value.strip()


def _not_blank(value: str) -> str:
    if not value:
        raise ValueError(_("This field cannot be blank."))
    return value


_PATTERNS = {
    (False, True): PLAIN_TEXT_PATTERN, (False, False): NOT_BLANK_PLAIN_TEXT_PATTERN,
    (True, True): MULTILINE_PLAIN_TEXT_PATTERN,
    (True, False): NOT_BLANK_MULTILINE_PLAIN_TEXT_PATTERN,
}


def PlainText(max_length: int, min_length: int = 1, *, multiline: bool = False):  # a type
    """The one type of free text an API body accepts: no markup, and the control-character
    rule of the forms (core/text.py): one line keeps the tab only, `multiline` text keeps tab
    and line breaks too."""
    # The lengths count what was sent and the text is stripped after: so the description's
    # minLength, maxLength and pattern say exactly what is accepted.
    blank_ok = min_length == 0
    pattern = _PATTERNS[(multiline, blank_ok)]
    return Annotated[
        str,
        StringConstraints(min_length=min_length, max_length=max_length),
        AfterValidator(partial(_plain_text, multiline=multiline)),
        *(() if blank_ok else (AfterValidator(_not_blank),)),
        Field(json_schema_extra={"pattern": pattern}),
    ]


NETWORK = Path(..., description="The network's short name in addresses, e.g. `rheinstadt`.",
               max_length=50)

# An id a client sends: positive and within the database's 64-bit keys, so a huge number is a
# 422 and never reaches a query (SQLite raises OverflowError on integers beyond 64 bits).
# Every id-like path, query and body field uses it (a test over the OpenAPI document checks).
ObjectId = Annotated[int, Field(ge=1, le=2**63 - 1, examples=[1])]

# Any offset moves a time by less than a day, so a moment this far from the ends of the
# calendar can be converted to UTC and to the network's zone without an OverflowError.
_EARLIEST = datetime.min + timedelta(days=2)
_LATEST = datetime.max - timedelta(days=2)


def _convertible(value: datetime) -> datetime:
    if not _EARLIEST <= value.replace(tzinfo=None) <= _LATEST:
        raise PydanticCustomError("out_of_range", str(_("This date and time is out of range.")))
    return value


# A date and time a client sends: refused (422) when converting it would overflow.
DateTimeIn = Annotated[datetime, AfterValidator(_convertible), Field(
    description="Between 0001-01-03 and 9999-12-29, with its UTC offset.",
    examples=["2026-03-05T14:00:00+01:00"])]


class StrictInput(Schema):
    # Unknown fields are refused, so a client cannot believe it set something it did not.
    # (Pydantic already refuses numbers and lists where text is expected.)
    model_config = ConfigDict(extra="forbid")


class OrganisationRef(Schema):
    """An organisation named in another object (a member's, a reader's)."""

    id: int
    name: str
