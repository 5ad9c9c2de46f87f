"""`accord schedule`: enqueue the periodic tasks that are due, once (for cron, every minute)."""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from accord.core.schedule import schedule_due


class Command(BaseCommand):
    help = (
        "Enqueue the periodic tasks (reminders, silent approval, audit sealing) that are due. "
        "`accord worker` does this every minute; run this from cron only if workers run "
        "with --no-schedule."
    )

    def handle(self, *args, **options):
        try:
            enqueued = schedule_due()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        if options["verbosity"] >= 1:
            self.stdout.write("\n".join(enqueued) if enqueued else "Nothing due.")
