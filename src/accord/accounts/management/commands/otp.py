"""`accord otp <email>`: the demo user's current one-time code. Development only."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.accounts.models import User


class Command(BaseCommand):
    help = "Print the current one-time code of a user's authenticator (ACCORD_ENV=dev only)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        # Printing a second factor defeats it: only ever on a developer's machine.
        if settings.ACCORD_ENV != "dev":
            raise CommandError(
                f"accord otp only runs with ACCORD_ENV=dev (this is {settings.ACCORD_ENV})."
            )
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None:
            raise CommandError(f"No user with the e-mail address {email}.")
        device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
        if device is None:
            raise CommandError(f"{email} has no authenticator yet: sign in once to set one up.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        seconds_left = device.step - int(totp.time - device.t0) % device.step
        code = f"{totp.token():0{device.digits}d}"
        self.stdout.write(f"{code}  (valid for {seconds_left} more seconds)")
