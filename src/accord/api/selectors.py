"""Reads of API tokens: a person sees only their own, in the active network's scope."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from accord import policy
from accord.api.models import ApiToken

if TYPE_CHECKING:  # the API's plumbing lies beneath tenancy: hints only
    from accord.tenancy.models import Membership


def tokens_of_membership(*, membership: Membership) -> QuerySet[ApiToken]:
    """The member's own tokens: the SQL pre-filter of token.manage (token.manage.own)."""
    return ApiToken.objects.filter(membership=membership).order_by("-created_at")


def token_for(membership: Membership, pk: int, *, action: str = "token.manage",
              purpose: str = "api") -> ApiToken:
    """The token if the policy permits `action` on it; someone else's does not exist (404)."""
    return policy.fetch(membership, ApiToken.objects.all(), action=action, purpose=purpose,
                        pk=pk)


# The list pre-filter kept beside the policy (see tenancy.selectors.POLICY_PREFILTERS).
POLICY_PREFILTERS = [(tokens_of_membership, "token.manage")]
