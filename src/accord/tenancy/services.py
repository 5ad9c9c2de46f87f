"""Every write about who belongs to a network: invitations, memberships, organisations, bodies.

Each service takes the acting membership (`by`), checks that it may act (coordinators run the
network, DESIGN.md "users"), validates with `full_clean`, writes, and appends its audit event to
the network's chain in the same transaction. Callers run inside the network's scope (the
middleware's on a page; `with scope(network=...)` in commands and tests), except
`invitation_accept*`, whose network is known only from the token.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_scopes import scope

from accord import policy
from accord.accounts.models import User
from accord.accounts.services import user_sessions_end
from accord.api.services import api_tokens_revoke_all
from accord.audit.services import audit_record
from accord.core.mail import mail_send
from accord.core.tokens import token_digest
from accord.tenancy import selectors
from accord.tenancy.models import (
    Body,
    BodyMembership,
    Invitation,
    Membership,
    Network,
    Organisation,
    Role,
)
from accord.tenancy.signals import member_joined, membership_ended


class InvitationInvalid(Exception):
    """The token is unknown, expired, revoked or used: one answer for all, so it reveals nothing."""


def invitation_link(token: str) -> str:
    return f"{settings.ACCORD_BASE_URL}/invitations/{token}/"


# --- permission --------------------------------------------------------------------------------

def _require(by: Membership, action: str, resource) -> None:
    """Asked of the policy again here, whatever the view checked: a service is also called
    from commands and the API. A denial (accord.policy.Denied) writes nothing."""
    policy.require(by, action, resource, purpose="administer")


def _lock_network(network: Network) -> None:
    """Serialise membership changes per network, so that two coordinators acting at once can
    neither remove the last coordinator between them nor send two open invitations."""
    Network.objects.select_for_update().only("pk").get(pk=network.pk)


def _audit(by: Membership, action: str, obj, summary: dict | None = None) -> None:
    audit_record(network=by.network, membership=by, action=action, obj=obj, summary=summary)


def _changed_fields(obj, values: dict) -> list[str]:
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    for field in changed:
        setattr(obj, field, values[field])
    return changed


def _another_coordinator_exists(membership: Membership) -> bool:
    others = (Membership.objects.active().filter(network=membership.network_id)
              .exclude(pk=membership.pk))
    return any(other.is_coordinator for other in others)


# --- invitations -------------------------------------------------------------------------------

@transaction.atomic
def invitation_create(*, by: Membership, email: str, organisation: Organisation,
                      roles: list[str], full_name: str = "") -> tuple[Invitation, str]:
    """Invite `email` to join with `organisation` and `roles`; e-mail them a single-use link.

    Guarantees: coordinator only; only the token's SHA-256 is stored, the token itself is
    returned once and sent once; expires after ACCORD_INVITATION_DAYS; refused for an address
    with an active membership or an open invitation here; the e-mail leaves after commit;
    audited as invitation.created (no address in the summary).
    """
    network = by.network
    _require(by, "member.invite", network)
    _lock_network(network)
    email = email.strip().lower()
    if selectors.network_member_by_email(network=network, email=email) is not None:
        raise ValidationError({"email": _("This person is already a member of this network.")})
    if selectors.open_invitations(network=network).filter(email__iexact=email).exists():
        raise ValidationError({"email": _(
            "This address already has an open invitation. Revoke it first to send a new one.")})
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation(
        network=network, email=email, full_name=full_name.strip(), organisation=organisation,
        roles=list(roles), token_hash=token_digest(token), invited_by=by,
        created_at=now, expires_at=now + timedelta(days=settings.ACCORD_INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    _audit(by, "invitation.created", invitation, {
        "fields": ["email", "full_name", "organisation", "roles"],
        "organisation": organisation.pk, "roles": invitation.roles,
    })
    _invitation_mail(invitation=invitation, token=token, by=by)
    return invitation, token


def _invitation_mail(*, invitation: Invitation, token: str, by: Membership) -> None:
    network = invitation.network
    mail_send(
        to=invitation.email, template="tenancy/email/invitation",
        language=network.default_language,
        subject=format_lazy(_("Invitation to {network} on Accord"), network=network.name),
        context={
            "invitation": invitation, "network": network, "link": invitation_link(token),
            "inviter": by.user, "days": settings.ACCORD_INVITATION_DAYS,
        },
    )


@transaction.atomic
def invitation_revoke(*, by: Membership, invitation: Invitation) -> Invitation:
    """Make an open invitation's link useless. Coordinator only; audited as invitation.revoked."""
    _require(by, "member.invite", invitation)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(_("This invitation is no longer open."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    _audit(by, "invitation.revoked", invitation, {"fields": ["revoked_at"]})
    return invitation


def _open_invitation(token: str) -> Invitation:
    """The open invitation behind `token`, found across networks (the token names the network)."""
    found = selectors.invitation_by_token(token_hash=token_digest(token))
    if found is None or not found.is_open:
        raise InvitationInvalid
    return found


def _locked_again(invitation: Invitation) -> Invitation:
    # Locked and checked again, so two clicks on one link cannot both join.
    invitation = (Invitation.objects.select_for_update()
                  .select_related("network", "organisation").get(pk=invitation.pk))
    if not invitation.is_open:
        raise InvitationInvalid
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    """Join the invitation's network as `user`, with the invited organisation and roles.

    Guarantees: the token is open (else InvitationInvalid, nothing written); the signed-in
    address is the invited one (else ValidationError); single use; the person is not already
    an active member; audited as invitation.accepted on the network's chain.
    """
    invitation = _open_invitation(token)
    with scope(network=invitation.network_id):
        invitation = _locked_again(invitation)
        if not user.is_active or user.email.lower() != invitation.email.lower():
            # Not a permission of a member (the person is none yet): the link names someone
            # else, which the page says as it says any refusal of the form.
            raise ValidationError(_("This invitation was sent to another e-mail address."))
        return _join(invitation=invitation, user=user)


@transaction.atomic
def invitation_accept_new_account(*, token: str, full_name: str, password: str) -> Membership:
    """Create the invited person's account (in the network's language) and join, in one step.

    Guarantees: as invitation_accept; no account exists yet for the address (else
    ValidationError); Django's password validators pass; account and membership are created
    together or not at all. The second factor is enrolled next (accounts.sign_in_begin).
    """
    invitation = _open_invitation(token)
    with scope(network=invitation.network_id):
        invitation = _locked_again(invitation)
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(_("An account with this address exists already. Sign in "
                                    "to accept the invitation."))
        user = User(email=invitation.email, full_name=full_name.strip(),
                    language=invitation.network.default_language)
        validate_password(password, user=user)
        user.set_password(password)
        user.full_clean()
        user.save()
        return _join(invitation=invitation, user=user)


def _join(*, invitation: Invitation, user: User) -> Membership:
    network = invitation.network
    if selectors.active_membership(user=user, network_slug=network.slug) is not None:
        raise ValidationError(_("You are already a member of this network."))
    membership = Membership(user=user, network=network, organisation=invitation.organisation,
                            roles=list(invitation.roles))
    membership.full_clean()
    membership.save()
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(network=network, membership=membership, action="invitation.accepted",
                 obj=invitation,
                 summary={"membership": membership.pk, "roles": membership.roles})
    member_joined.send(sender=Membership, membership=membership)
    return membership


# --- memberships -------------------------------------------------------------------------------

@transaction.atomic
def membership_change_roles(*, by: Membership, membership: Membership,
                            roles: list[str]) -> Membership:
    """Replace a member's roles. Coordinator only; the network keeps at least one coordinator;
    audited as membership.roles_changed with the role codes before and after."""
    _require(by, "member.roles", membership)
    _lock_network(membership.network)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.is_active:
        raise ValidationError(_("This membership has ended."))
    before = list(membership.roles)
    if (Role.COORDINATOR in before and Role.COORDINATOR not in roles
            and not _another_coordinator_exists(membership)):
        raise ValidationError({"roles": _(
            "The network needs at least one coordinator. Make someone else coordinator first.")})
    membership.roles = list(roles)
    membership.full_clean()
    membership.save(update_fields=["roles"])
    _audit(by, "membership.roles_changed", membership,
           {"roles_before": before, "roles_after": membership.roles})
    return membership


@transaction.atomic
def membership_end(*, by: Membership, membership: Membership) -> Membership:
    """End a membership now; access to the network ends with the member's next request.

    Guarantees: coordinator only; the last coordinator cannot be ended; `active_until` is now,
    so the scope middleware no longer admits the person; their API tokens of this membership
    are revoked; if they belong to no other network, all their sessions are cut. Body
    memberships are kept as history (who sat on which body) but count no longer, because every
    reader of body members asks for active memberships. Audited as membership.ended.
    """
    _require(by, "member.end", membership)
    _lock_network(membership.network)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.is_active:
        raise ValidationError(_("This membership has ended already."))
    if membership.is_coordinator and not _another_coordinator_exists(membership):
        raise ValidationError(_(
            "You cannot end the membership of the network's last coordinator. Make someone "
            "else coordinator first."))
    now = timezone.now()
    membership.active_until = now
    membership.full_clean()
    membership.save(update_fields=["active_until"])
    summary = {"fields": ["active_until"],
               "api_tokens_revoked": api_tokens_revoke_all(membership=membership, at=now)}
    for _receiver, undone in membership_ended.send(sender=Membership, membership=membership,
                                                   by=by):
        summary.update(undone or {})
    _audit(by, "membership.ended", membership, summary)
    if not selectors.memberships_of_user(user=membership.user):
        user_sessions_end(user=membership.user, actor=by.user)
    return membership


# --- organisations -----------------------------------------------------------------------------

@transaction.atomic
def organisation_create(*, by: Membership, name: str, sector: str) -> Organisation:
    """A new organisation of the network. Coordinator only; audited as organisation.created."""
    _require(by, "organisation.manage", by.network)
    organisation = Organisation(network=by.network, name=name.strip(), sector=sector)
    organisation.full_clean()
    organisation.save()
    _audit(by, "organisation.created", organisation, {"fields": ["name", "sector"]})
    return organisation


@transaction.atomic
def organisation_update(*, by: Membership, organisation: Organisation, name: str,
                        sector: str) -> Organisation:
    """Rename or re-sector an organisation. Coordinator only; audited with the changed fields."""
    _require(by, "organisation.manage", organisation)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changed = _changed_fields(organisation, {"name": name.strip(), "sector": sector})
    organisation.full_clean()
    if changed:
        organisation.save(update_fields=changed)
        _audit(by, "organisation.updated", organisation, {"fields": changed})
    return organisation


# --- bodies ------------------------------------------------------------------------------------

@transaction.atomic
def body_create(*, by: Membership, name: str, kind: str, description: str = "") -> Body:
    """A new body (steering group, case conference, working group). Coordinator only; audited."""
    _require(by, "body.manage", by.network)
    body = Body(network=by.network, name=name.strip(), kind=kind,
                description=description.strip())
    body.full_clean()
    body.save()
    _audit(by, "body.created", body, {"fields": ["name", "kind", "description"]})
    return body


@transaction.atomic
def body_update(*, by: Membership, body: Body, name: str, kind: str,
                description: str = "") -> Body:
    """Change a body's name, kind or description. Coordinator only; audited with the fields."""
    _require(by, "body.manage", body)
    body = Body.objects.select_for_update().get(pk=body.pk)
    changed = _changed_fields(body, {"name": name.strip(), "kind": kind,
                                     "description": description.strip()})
    body.full_clean()
    if changed:
        body.save(update_fields=changed)
        _audit(by, "body.updated", body, {"fields": changed})
    return body


@transaction.atomic
def body_membership_add(*, by: Membership, body: Body, membership: Membership, role: str,
                        voting_right: bool) -> BodyMembership:
    """Seat an active member of the network on a body. Coordinator only; one chair and one
    secretary per body; audited as body_membership.added."""
    _require(by, "body.manage", body)
    if not membership.is_active:
        raise ValidationError({"membership": _("Choose an active member of this network.")})
    Body.objects.select_for_update().get(pk=body.pk)  # one change to a body's seats at a time
    seat = BodyMembership(network=body.network, body=body, membership=membership, role=role,
                          voting_right=voting_right)
    seat.full_clean()
    seat.save()
    _audit(by, "body_membership.added", seat,
           {"body": body.pk, "membership": membership.pk, "role": role,
            "voting_right": voting_right})
    return seat


@transaction.atomic
def body_membership_change(*, by: Membership, seat: BodyMembership, role: str,
                           voting_right: bool) -> BodyMembership:
    """Change a seat's body role or voting right. Coordinator only; one chair and one
    secretary per body; audited as body_membership.changed with the changed fields."""
    _require(by, "body.manage", seat)
    Body.objects.select_for_update().get(pk=seat.body_id)
    seat = BodyMembership.objects.get(pk=seat.pk)
    changed = _changed_fields(seat, {"role": role, "voting_right": voting_right})
    seat.full_clean()
    if changed:
        seat.save(update_fields=changed)
        _audit(by, "body_membership.changed", seat,
               {"fields": changed, "body": seat.body_id, "role": seat.role,
                "voting_right": seat.voting_right})
    return seat


@transaction.atomic
def body_membership_remove(*, by: Membership, seat: BodyMembership) -> None:
    """Take a member off a body. Coordinator only; audited as body_membership.removed."""
    _require(by, "body.manage", seat)
    _audit(by, "body_membership.removed", seat,
           {"body": seat.body_id, "membership": seat.membership_id, "role": seat.role})
    seat.delete()
