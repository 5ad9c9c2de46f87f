from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "accord.api"
    label = "api"

    def ready(self) -> None:
        from accord.api import audit_labels

        audit_labels.register()  # the audit page's words for this app's events
        _register_policy_entities()

        from accord.api.errors import api_problem
        from accord.core.unavailable import register_api_problem

        register_api_problem(api_problem)  # core's 500/503 handlers answer the API in problems

        from accord.api.routers import register_router

        # The audit trail's API (who read this) is the api app's own router.
        register_router("/n/{network}/", "accord.api.audit.router")

        from django.utils.translation import gettext_lazy as _

        from accord.api.scopes import register_resource_kind

        register_resource_kind("audit", label=_("Audit trail"), segments=("audit",))


def _register_policy_entities() -> None:
    from accord.api.models import ApiToken
    from accord.policy.entities import ref, register

    def api_token_attrs(tokens):
        return [{"network": ref("Network", t.network_id),
                 "owner": ref("Member", t.membership_id)} for t in tokens]

    # Another member's token does not exist for the reader (404), as before.
    register(ApiToken, type="ApiToken", attrs=api_token_attrs, exists_action="token.manage")
