from django.apps import AppConfig


class CharterConfig(AppConfig):
    name = "accord.charter"
    label = "charter"

    def ready(self) -> None:
        from accord.charter import audit_labels
        from accord.charter.policy_entities import register_charter_entities

        audit_labels.register()  # the audit page's words for this app's events
        # The charter's objects as the decision point sees them (policies/charter.cedar).
        register_charter_entities()
