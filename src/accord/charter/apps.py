from django.apps import AppConfig


class CharterConfig(AppConfig):
    name = "accord.charter"
    label = "charter"

    def ready(self) -> None:
        from accord.charter import audit_labels

        audit_labels.register()  # the audit page's words for this app's events
