"""The short, anonymous needs survey: fixed questions with fixed choices (no free text, which
could identify the person answering)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accord.charter.roadmap import PRACTICES

# Results stay hidden until this many members have answered, so no answer can be traced.
MIN_RESPONSES = 3


@dataclass(frozen=True)
class Question:
    code: str
    text: Promise
    choices: tuple[tuple[str, Promise], ...]


QUESTIONS: tuple[Question, ...] = (
    Question("most_needed", _("Which practice would help the network most right now?"),
             tuple((p.code, p.title) for p in PRACTICES)),
    Question("time", _("How much time a month can you give to the network's shared documents?"),
             (("none", _("None")), ("hour", _("About an hour")),
              ("half_day", _("About half a day")), ("more", _("More than half a day")))),
    Question("clarity", _("How clear is it to you who does what in the network?"),
             (("clear", _("Clear")), ("partly", _("Partly clear")),
              ("unclear", _("Unclear")))),
    Question("trust", _("How much do you trust that shared information is handled well?"),
             (("high", _("Fully")), ("medium", _("Mostly")), ("low", _("Hardly")))),
)


def clean_answers(answers: dict) -> dict[str, str]:
    """Keep only known questions with valid choices; at least one question must be answered."""
    if not isinstance(answers, dict):
        raise ValidationError(_("The answers are not valid."))
    cleaned = {}
    for question in QUESTIONS:
        value = answers.get(question.code)
        if value in (None, ""):
            continue
        if value not in {code for code, _label in question.choices}:
            raise ValidationError({question.code: _("Choose one of the offered answers.")})
        cleaned[question.code] = value
    if not cleaned:
        raise ValidationError(_("Answer at least one question."))
    return cleaned
