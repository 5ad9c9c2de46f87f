"""`{% charter_home_panel as panel %}`: what the network home shows about the charter."""

from django import template
from django.utils import timezone

from accord.charter.permissions import Access, charter_access
from accord.charter.selectors import goals_due_for_review

register = template.Library()

@register.simple_tag(takes_context=True)
def charter_home_panel(context) -> dict:
    request = context.get("request")
    membership = getattr(request, "membership", None)
    if charter_access(membership) < Access.READ:
        return {"show": False}
    overdue = list(goals_due_for_review(network=membership.network,
                                        before=timezone.localdate())[:5])
    return {"show": True, "overdue": overdue}
