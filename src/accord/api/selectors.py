"""Reads of API tokens: a person sees only their own, in the active network's scope."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from accord.api.models import ApiToken

if TYPE_CHECKING:  # the API's plumbing lies beneath tenancy: hints only
    from accord.tenancy.models import Membership


def tokens_of_membership(*, membership: Membership) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(membership=membership).order_by("-created_at")


def token_of_membership(*, membership: Membership, token_id: int) -> ApiToken | None:
    return tokens_of_membership(membership=membership).filter(pk=token_id).first()
