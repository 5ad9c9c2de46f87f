from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "accord.audit"
    label = "audit"

    def ready(self) -> None:
        from accord.audit import checks  # noqa: F401 - registers the deployment check
        from accord.audit.labels import register_audit_labels

        register_audit_labels()

        from accord.audit.access import access_record
        from accord.policy.engine import register_read_recorder

        # The decision point records permitted sensitive reads here (the access log).
        register_read_recorder(access_record)

        from accord.core.schedule import DAILY, HOURLY, register_periodic

        register_periodic("accord.audit.tasks.seal_closed_epochs", DAILY)
        register_periodic("accord.audit.tasks.witness_heads", HOURLY)
