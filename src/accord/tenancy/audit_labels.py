"""How the audit page names the network's people, organisations and bodies in event details."""

from django.utils.translation import gettext_lazy as _

from accord.audit.labels import Detail, Ref, choices, register_details, register_display
from accord.tenancy.models import BodyRole, Role


def register() -> None:
    register_display("tenancy.membership", lambda m: m.user.full_name or m.user.email,
                     related=("user",))
    register_details({
        "body": Detail(_("Body"), Ref("tenancy.body")),
        "membership": Detail(_("Member"), Ref("tenancy.membership")),
        "organisation": Detail(_("Organisation"), Ref("tenancy.organisation")),
        "roles": Detail(_("Roles"), choices(Role)),
        "roles_before": Detail(_("Roles before"), choices(Role)),
        "roles_after": Detail(_("Roles after"), choices(Role)),
        "role": Detail(_("Role"), choices(BodyRole)),
        "voting_right": Detail(_("Voting right")),
        "api_tokens_revoked": Detail(_("API tokens revoked")),
    })
