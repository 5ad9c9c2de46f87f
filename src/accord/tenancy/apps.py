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

        from django.utils.translation import gettext_lazy as _

        from accord.api.scopes import register_resource_kind

        # What a token limited to named resources may reach of this app's routes.
        register_resource_kind("members", label=_("Members, organisations and bodies"),
                               segments=("members", "organisations", "bodies"))
