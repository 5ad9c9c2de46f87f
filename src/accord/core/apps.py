from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "accord.core"
    label = "core"

    def ready(self) -> None:
        from django.db.models import fields
        from django.utils.translation import gettext_lazy as _

        from accord.core import checks  # noqa: F401  (registers the system checks)
        from accord.core.schedule import DAILY, register_periodic

        # Sent e-mails' rows go after a week (their bodies are erased at once).
        register_periodic("accord.core.mail.prune_sent_mail", DAILY)

        # Django 6.1's blank choice of every <select>, as Django invites apps to set it: an
        # Accord string, so that Accord's catalogues translate it (Django's own lack de and nl).
        fields.BLANK_CHOICE_LABEL = _("- Select an option -")
