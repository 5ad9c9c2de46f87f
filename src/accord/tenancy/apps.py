from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "accord.tenancy"
    label = "tenancy"

    def ready(self) -> None:
        from accord.tenancy import audit_labels

        audit_labels.register()  # the audit page's words for this app's events

        from accord.tenancy.policy_entities import register_foundation

        register_foundation()

        from accord.api.routers import register_router

        register_router("/", "accord.tenancy.api.me_router")
        register_router("/n/{network}/", "accord.tenancy.api.router")
