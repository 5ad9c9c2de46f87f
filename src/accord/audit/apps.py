from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "accord.audit"
    label = "audit"

    def ready(self) -> None:
        from accord.audit.labels import register_audit_labels

        register_audit_labels()

        from accord.core.schedule import DAILY, register_periodic

        register_periodic("accord.audit.tasks.seal_closed_epochs", DAILY)
