from django import template

from accord.audit import actions
from accord.audit.export import summary_text

register = template.Library()


@register.filter
def action_label(name: str) -> str:
    return actions.action_label(name)


@register.filter
def object_type_label(name: str) -> str:
    return actions.object_type_label(name) if name else ""


@register.filter(name="summary_text")
def summary_text_filter(summary) -> str:
    return summary_text(summary)
