"""Writes of personal API tokens. The secret exists only in the return value of
`api_token_create`; the database and the audit chain hold its hash and prefix."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord import policy
from accord.api.models import TOKEN_PREFIX, ApiToken
from accord.api.scopes import READ, WRITE, resource_kinds
from accord.api.text import plain_text_problem
from accord.audit.services import audit_record
from accord.core.tokens import token_digest

if TYPE_CHECKING:  # the API's plumbing lies beneath tenancy: hints only
    from accord.tenancy.models import Membership

MIN_DAYS, MAX_DAYS = 1, 365
PREFIX_LENGTH = 12  # "acc_" and 8 random characters: tells tokens apart, opens nothing


def api_token_create(*, membership: Membership, name: str, days: int | None = None,
                     scope: str = WRITE, resources: Sequence[str] = ()
                     ) -> tuple[ApiToken, str]:
    """Create a token for the membership (itself, never another) and return it with its secret.

    Guarantees: the policy permits token.manage on the network (an ended membership is
    refused, limit.membership_active); the name is valid; the lifetime is 1..365 days;
    the scope is "read" or "write" and every resource kind is registered (api.scopes; none:
    all of them); only the hash is stored; `api_token.created` is on the network's chain in the same
    transaction, naming the token's prefix, never its secret.
    """
    days = settings.ACCORD_API_TOKEN_DAYS if days is None else days
    policy.require(membership, "token.manage", membership.network, purpose="api")
    if not isinstance(days, int) or not MIN_DAYS <= days <= MAX_DAYS:
        raise ValidationError({"days": _("Choose a lifetime from 1 to 365 days.")})
    name = (name or "").strip()
    if plain_text_problem(name):
        raise ValidationError({"name": plain_text_problem(name)})
    if scope not in (READ, WRITE):
        raise ValidationError({"scope": _("Choose read only, or read and change.")})
    known = [kind for kind, _label in resource_kinds()]
    if any(not isinstance(kind, str) or kind not in known for kind in resources):
        raise ValidationError({"resources": _("Choose resources from the list: %(kinds)s.")
                               % {"kinds": ", ".join(known)}})
    resources = [kind for kind in known if kind in resources]  # one order, no repeats
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        network_id=membership.network_id, membership=membership, name=name,
        token_hash=token_digest(raw), prefix=raw[:PREFIX_LENGTH],
        expires_at=timezone.now() + timedelta(days=days), scope=scope, resources=resources,
    )
    token.full_clean()
    with transaction.atomic():
        token.save()
        audit_record(
            network=membership.network, membership=membership, action="api_token.created",
            obj=token,
            summary={"fields": ["name", "expires_at", "scope", "resources"],
                     "prefix": token.prefix, "days": days, "scope": scope,
                     "resources": resources},
        )
    return token, raw


def api_token_revoke(*, membership: Membership, token: ApiToken,
                     actor_label: str | None = None) -> ApiToken:
    """Revoke one of the membership's own tokens; from now on it answers 401.

    Guarantees: the policy permits token.manage on the token (token.manage.own); a token of
    another membership is refused as not found (its existence is not confirmed); revoking
    twice changes nothing and records nothing; `api_token.revoked` is on the network's chain
    in the same transaction.
    """
    policy.require(membership, "token.manage", token, purpose="api")
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            return locked
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit_record(
            network=membership.network, membership=membership, action="api_token.revoked",
            obj=locked, summary={"fields": ["revoked_at"], "prefix": locked.prefix},
            actor_label=actor_label,
        )
    return locked


def api_tokens_revoke_all(*, membership: Membership, at: datetime) -> int:
    """Revoke every open token of a membership that has just ended; return how many.

    Called by tenancy's membership_end inside its transaction, which records the count in the
    membership.ended event (so no event of its own here).
    """
    tokens = ApiToken.objects.filter(membership=membership, revoked_at__isnull=True)
    return tokens.update(revoked_at=at)
