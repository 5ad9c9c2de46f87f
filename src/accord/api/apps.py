from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "accord.api"
    label = "api"

    def ready(self) -> None:
        from accord.api import audit_labels

        audit_labels.register()  # the audit page's words for this app's events
