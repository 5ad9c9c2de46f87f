"""`{% charter_home_panel as panel %}`: what the network home shows about the charter."""

from datetime import timedelta

from django import template
from django.utils import timezone

from accord.charter.permissions import Access, charter_access
from accord.charter.selectors import goals_due_for_review

register = template.Library()

# A membership this young is offered the onboarding pack on the home page.
NEW_MEMBER_DAYS = 30


@register.simple_tag(takes_context=True)
def charter_home_panel(context) -> dict:
    request = context.get("request")
    membership = getattr(request, "membership", None)
    if charter_access(membership) < Access.READ:
        return {"show": False}
    overdue = list(goals_due_for_review(network=membership.network,
                                        before=timezone.localdate())[:5])
    new_member = membership.active_from >= timezone.now() - timedelta(days=NEW_MEMBER_DAYS)
    return {"show": True, "overdue": overdue, "new_member": new_member}
