"""`accord demo`: erase the development database and load the fictional demo networks."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import translation

from accord.demo.data import PASSWORD
from accord.demo.loader import DemoRefused, SignIn, demo_allowed, demo_load, demo_reset

URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "ERASE the whole database and load three fictional networks (German, Dutch, Flemish) "
        "with organisations, members and bodies. Runs only with ACCORD_ENV=dev."
    )

    def handle(self, *args, **options):
        try:
            demo_allowed()
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Erasing the database ({connection.settings_dict['NAME']}) …")
        demo_reset()
        with translation.override("en"):
            sign_ins = demo_load(progress=lambda line: self.stdout.write(f"  loaded {line}"))
            self._print_sign_ins(sign_ins)

    def _print_sign_ins(self, sign_ins: list[SignIn]) -> None:
        headers = ("network", "name", "roles", "e-mail")
        rows = [(s.network, s.full_name, s.roles, s.email) for s in sign_ins]
        widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
        line = "  ".join(f"{{:<{w}}}" for w in widths)
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo sign-ins"))
        self.stdout.write(line.format(*headers).rstrip())
        self.stdout.write(line.format(*("-" * w for w in widths)))
        for row in rows:
            self.stdout.write(line.format(*row).rstrip())
        self.stdout.write("")
        self.stdout.write(f"Password for everyone: {PASSWORD}")
        self.stdout.write("One-time code (changes every 30 s), in a second terminal:")
        self.stdout.write("  ACCORD_ENV=dev .venv/bin/accord otp <e-mail>")
        self.stdout.write(f"Sign in at {URL}/accounts/sign-in/")
        self.stdout.write("Samira Bouzid belongs to two networks and can switch between them.")
