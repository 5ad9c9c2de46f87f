"""`{% charter_home_panel as panel %}`: what the network home shows about the charter;
`{% decision_url network id %}`: the page of the decision that adopted a version."""

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accord import policy
from accord.charter.policy_entities import Charter
from accord.charter.selectors import goals_due_for_review

register = template.Library()


@register.simple_tag(takes_context=True)
def charter_home_panel(context) -> dict:
    request = context.get("request")
    membership = getattr(request, "membership", None)
    if membership is None or not policy.decide(
            membership, "charter.view", Charter(network=membership.network),
            purpose="view").allowed:
        return {"show": False}
    overdue = list(goals_due_for_review(network=membership.network,
                                        before=timezone.localdate())[:5])
    return {"show": True, "overdue": overdue}


@register.simple_tag
def decision_url(network, decision_id, absolute: bool = False) -> str:
    """The meetings app's decision page; empty when there is none (so the number shows as text).

    Absolute for PDFs, which are read away from the site.
    """
    if not decision_id or network is None:
        return ""
    try:
        path = reverse("meetings:decision", kwargs={"network": network.slug, "pk": decision_id})
    except NoReverseMatch:
        return ""
    return f"{settings.ACCORD_BASE_URL}{path}" if absolute else path
