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
        worker_stopping.connect(fold_on_worker_stop, dispatch_uid="audit.fold_access_log")
