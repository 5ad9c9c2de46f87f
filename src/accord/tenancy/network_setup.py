"""Creating a network in production (`accord network create`): the network, its first
organisation and an invitation for its first coordinator, in one transaction with the audit
events a coordinator's own actions would record. Until now only the demo could do this.

No membership exists yet to ask the policy about: this is the installation's operator acting
from the command line, named in the audit trail by `actor_label`.
"""

import secrets
import zoneinfo
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.audit.services import audit_record
from accord.core.tokens import token_digest
from accord.tenancy.models import Invitation, Network, Organisation, Role, Sector
from accord.tenancy.services import invitation_link


@dataclass(frozen=True)
class NetworkCreated:
    network: Network
    organisation: Organisation
    invitation: Invitation
    link: str


def parse_organisation(value: str) -> tuple[str, str]:
    """"Name:sector" (the sector one of tenancy.Sector's codes)."""
    name, separator, sector = value.rpartition(":")
    name, sector = name.strip(), sector.strip()
    if not separator or not name:
        raise ValidationError({"organisation": _(
            'Give the first organisation as "Name:sector", e.g. "City of Rheinhafen:'
            'municipality".')})
    if sector not in Sector.values:
        raise ValidationError({"organisation": _("Unknown sector %(sector)s; choose one of: "
                                                 "%(choices)s.")
                               % {"sector": sector, "choices": ", ".join(Sector.values)}})
    return name, sector


@transaction.atomic
def network_create(*, slug: str, name: str, jurisdiction: str, language: str, time_zone: str,
                   coordinator_email: str, organisation: str, coordinator_name: str = "",
                   actor_label: str = "accord network create") -> NetworkCreated:
    """Validate everything first, then write: a bad value refuses the whole, nothing half
    written. The invitation's token is returned once (its SHA-256 is stored)."""
    errors: dict[str, str] = {}
    if time_zone not in zoneinfo.available_timezones():
        errors["time_zone"] = _("Unknown time zone %(zone)s (e.g. Europe/Brussels).") % {
            "zone": time_zone}
    email = coordinator_email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        errors["coordinator_email"] = _("Enter a valid e-mail address for the coordinator.")
    try:
        org_name, sector = parse_organisation(organisation)
    except ValidationError as error:
        errors.update({k: " ".join(v) for k, v in error.message_dict.items()})
        org_name, sector = "", ""
    network = Network(slug=slug.strip(), name=name.strip(), jurisdiction=jurisdiction,
                      default_language=language, time_zone=time_zone)
    try:
        network.full_clean()
    except ValidationError as error:
        errors.update({k: " ".join(v) for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    network.save()
    audit_record(network=network, actor_label=actor_label, action="network.created",
                 obj=network, summary={"fields": ["name", "slug", "jurisdiction",
                                                  "default_language", "time_zone"]})
    first = Organisation(network=network, name=org_name, sector=sector)
    first.full_clean()
    first.save()
    audit_record(network=network, actor_label=actor_label, action="organisation.created",
                 obj=first, summary={"fields": ["name", "sector"], "sector": sector})
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation(
        network=network, email=email, full_name=coordinator_name.strip(), organisation=first,
        roles=[Role.COORDINATOR], token_hash=token_digest(token), invited_by=None,
        created_at=now, expires_at=now + timedelta(days=settings.ACCORD_INVITATION_DAYS))
    # invited_by stays empty (nobody of the network invited them); everything else is checked.
    invitation.full_clean(exclude=["invited_by"])
    invitation.save()
    audit_record(network=network, actor_label=actor_label, action="invitation.created",
                 obj=invitation, summary={"fields": ["email", "full_name", "organisation",
                                                     "roles"],
                                          "organisation": first.pk, "roles": invitation.roles})
    return NetworkCreated(network=network, organisation=first, invitation=invitation,
                          link=invitation_link(token))
