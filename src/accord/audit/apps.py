from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "accord.audit"
    label = "audit"

    def ready(self) -> None:
        from accord.audit import checks  # noqa: F401 - registers the deployment check
        from accord.audit.access import fold_on_worker_stop
        from accord.audit.labels import register_audit_labels
        from accord.core.signals import worker_stopping

        register_audit_labels()

        from accord.audit.access import access_record
        from accord.policy.engine import register_read_recorder

        # The decision point records permitted sensitive reads here (the access log).
        register_read_recorder(access_record)

        from accord.core.schedule import DAILY, HOURLY, MINUTELY, register_periodic

        register_periodic("accord.audit.tasks.seal_closed_epochs", DAILY)
        register_periodic("accord.audit.tasks.witness_heads", HOURLY)
        register_periodic("accord.audit.tasks.fold_access_log", MINUTELY)

        # A worker that stops folds the reads still waiting (issue 9: "when a worker stops").
        worker_stopping.connect(fold_on_worker_stop, dispatch_uid="audit.fold_access_log")
