from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "accord.meetings"
    label = "meetings"

    def ready(self) -> None:
        from accord.meetings import audit_labels

        audit_labels.register()  # the audit page's words for this app's events
