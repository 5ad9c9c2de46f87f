"""Filters of the date poll page (meetings/planning/poll.html)."""

from django import template

from accord.meetings.models import DateAnswerChoice

register = template.Library()


@register.filter
def answer_field(form, option):
    return form[f"option_{option.pk}"]


@register.filter
def answer_text(answer: str) -> str:
    return DateAnswerChoice(answer).label if answer in DateAnswerChoice.values else ""


@register.filter
def answer_label(mine: dict, option) -> str:
    return answer_text(mine.get(option.pk, "")) or "—"
