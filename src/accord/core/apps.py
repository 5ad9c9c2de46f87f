from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "accord.core"
    label = "core"

    def ready(self) -> None:
        from django.db.models import fields
        from django.utils.translation import gettext_lazy as _

        from accord.core import checks  # noqa: F401  (registers the system checks)
        from accord.core.schedule import DAILY, register_periodic
        from accord.core.step_up import STEP_UP_RULE, step_up_context, step_up_refusal
        from accord.policy.engine import register_context_provider
        from accord.policy.middleware import register_denied_response

        # Step-up is a condition of the policy (policies/step_up.cedar): core measures it
        # and answers its denial, the decision point imports no app.
        register_context_provider(step_up_context)
        register_denied_response(STEP_UP_RULE, step_up_refusal)

        # Sent e-mails' rows go after a week (their bodies are erased at once).
        register_periodic("accord.core.mail.prune_sent_mail", DAILY)

        # Django 6.1's blank choice of every <select>, as Django invites apps to set it: an
        # Accord string, so that Accord's catalogues translate it (Django's own lack de and nl).
        fields.BLANK_CHOICE_LABEL = _("- Select an option -")
