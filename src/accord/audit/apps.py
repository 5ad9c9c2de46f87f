from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "accord.audit"
    label = "audit"

    def ready(self) -> None:
        from accord.audit import checks  # noqa: F401 - registers the deployment check
        from accord.audit.labels import register_audit_labels

        register_audit_labels()
