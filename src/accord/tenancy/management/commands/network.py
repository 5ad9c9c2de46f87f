"""`accord network create`: a new network, its first organisation and an invitation for its
first coordinator, whose link is printed (and is shown only this once).

Thin: the work is in accord.tenancy.network_setup.
"""

import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from accord.tenancy.models import Jurisdiction
from accord.tenancy.network_setup import network_create


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # a container user without a name
        return "unknown user"


class Command(BaseCommand):
    help = "Create a network with its first organisation and invite its first coordinator."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="COMMAND")
        create = commands.add_parser(
            "create", help="create a network, its first organisation and an invitation for "
                           "its first coordinator (prints the invitation link)")
        create.add_argument("--slug", required=True,
                            help="short name in addresses, e.g. rheinhafen")
        create.add_argument("--name", required=True, help="the network's name")
        create.add_argument("--jurisdiction", required=True, metavar="CODE",
                            help="one of: " + ", ".join(Jurisdiction.values))
        create.add_argument("--language", required=True,
                            help="the network's default language (en, de, nl, fr)")
        create.add_argument("--time-zone", required=True, dest="time_zone",
                            help="e.g. Europe/Brussels")
        create.add_argument("--coordinator-email", required=True, dest="coordinator_email")
        create.add_argument("--coordinator-name", default="", dest="coordinator_name")
        create.add_argument("--organisation", required=True,
                            help='the first organisation, "Name:sector" (the coordinator\'s)')

    def handle(self, *args, subcommand: str, **options):
        if subcommand != "create":  # argparse allows only "create"; kept for the next one
            raise CommandError(f"Unknown command {subcommand}")
        try:
            with scopes_disabled():
                created = network_create(
                    slug=options["slug"], name=options["name"],
                    jurisdiction=options["jurisdiction"], language=options["language"],
                    time_zone=options["time_zone"],
                    coordinator_email=options["coordinator_email"],
                    coordinator_name=options["coordinator_name"],
                    organisation=options["organisation"],
                    actor_label=f"accord network create ({_os_user()})")
        except ValidationError as error:
            lines = [f"{field}: {' '.join(messages)}"
                     for field, messages in error.message_dict.items()]
            raise CommandError("The network was not created:\n" + "\n".join(lines)) from error
        network = created.network
        self.stdout.write(f"Created network {network.name} (/n/{network.slug}/), "
                          f"organisation {created.organisation.name}.")
        self.stdout.write(f"Invitation for {created.invitation.email} as coordinator, valid "
                          f"until {created.invitation.expires_at:%Y-%m-%d}:")
        self.stdout.write(created.link)
