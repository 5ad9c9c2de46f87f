"""`accord api-token create --email E --network SLUG [--name N] [--days D] [--read-only]
[--resources a,b]` prints a new token;
`accord api-token revoke --prefix P` revokes one. For operators and scripts; people use the
API tokens page of their network."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django_scopes import scope, scopes_disabled

from accord.api.models import ApiToken
from accord.api.scopes import READ, WRITE, resource_kinds
from accord.api.services import api_token_create, api_token_revoke
from accord.policy import Denied


class Command(BaseCommand):
    help = "Create or revoke a personal API token."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{create,revoke}")
        create = actions.add_parser("create", help="Create a token and print it (once).")
        create.add_argument("--email", required=True)
        create.add_argument("--network", required=True, help="the network's slug")
        create.add_argument("--name", default="command line")
        create.add_argument("--days", type=int, default=settings.ACCORD_API_TOKEN_DAYS)
        create.add_argument("--read-only", action="store_true",
                            help="the token may read, never change anything")
        create.add_argument("--resources", default="",
                            help="comma-separated resource kinds it may reach (default: all): "
                                 + ", ".join(kind for kind, _label in resource_kinds()))
        revoke = actions.add_parser("revoke", help="Revoke the token that begins with PREFIX.")
        revoke.add_argument("--prefix", required=True)

    def handle(self, *args, action: str, **options):
        if action == "create":
            self._create(email=options["email"], network=options["network"],
                         name=options["name"], days=options["days"],
                         access=READ if options["read_only"] else WRITE,
                         resources=[kind.strip() for kind in options["resources"].split(",")
                                    if kind.strip()])
        else:
            self._revoke(prefix=options["prefix"])

    def _create(self, *, email: str, network: str, name: str, days: int, access: str,
                resources: list[str]) -> None:
        # Which network a person belongs to is a question across networks: looked up once here.
        # The membership model by the token's key: the API's plumbing does not import tenancy.
        Membership = ApiToken._meta.get_field("membership").related_model
        with scopes_disabled():
            membership = (Membership.objects.active()
                          .select_related("user", "network", "organisation")
                          .filter(user__email__iexact=email, user__is_active=True,
                                  network__slug=network).first())
        if membership is None:
            raise CommandError(f"{email} is not an active member of the network {network!r}.")
        with scope(network=membership.network_id):
            try:
                token, raw = api_token_create(membership=membership, name=name, days=days,
                                              scope=access, resources=resources)
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
            except Denied as denied:  # the membership has ended
                raise CommandError(str(denied.decision.reason)) from denied
        reach = ", ".join(token.resources) or "all resources"
        access = "read-only" if token.scope == READ else "read and write"
        self.stderr.write(f"Token {token.prefix}… for {email} in {network}, {access}, {reach}, "
                          f"valid until {token.expires_at:%Y-%m-%d}. It is shown only once:")
        self.stdout.write(raw)

    def _revoke(self, *, prefix: str) -> None:
        with scopes_disabled():
            matches = list(ApiToken.objects.select_related("membership__network",
                                                           "membership__user")
                           .filter(prefix__startswith=prefix[:12])[:2]) if len(prefix) >= 8 else []
        if len(matches) != 1:
            raise CommandError("No single token begins with that prefix (give at least 8 "
                               "characters, as shown on the API tokens page).")
        token = matches[0]
        with scope(network=token.network_id):
            try:
                api_token_revoke(membership=token.membership, token=token,
                                 actor_label=f"{token.membership.user} (command line)")
            except Denied as denied:  # e.g. the membership has ended (its tokens with it)
                raise CommandError(str(denied.decision.reason)) from denied
        self.stdout.write(f"Revoked {token.prefix}….")
