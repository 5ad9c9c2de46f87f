from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "accord.api"
    label = "api"

    def ready(self) -> None:
        from accord.api import audit_labels

        audit_labels.register()  # the audit page's words for this app's events
        _register_policy_entities()
        _register_prefilters()


def _register_prefilters() -> None:
    # The token list's pre-filter and the action it stands for (security/tests/
    # test_prefilters_agree.py checks it against the policy).
    from accord.api.models import ApiToken
    from accord.api.selectors import POLICY_PREFILTERS
    from accord.policy import prefilters

    for function, action in POLICY_PREFILTERS:
        def prefilter(membership, function=function):
            return function(membership=membership)

        prefilter.__qualname__ = function.__qualname__
        prefilter.__module__ = function.__module__
        prefilters.register(action, ApiToken, prefilter)

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
