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


        # Every list pre-filter, with the action it stands for (security/tests/
        # test_prefilters_agree.py checks each against the policy). They take the membership
        # by keyword; the registry passes it positionally.
        from accord.policy import prefilters
        from accord.tenancy.models import Body, Membership, Organisation
        from accord.tenancy.selectors import POLICY_PREFILTERS

        models = {"member.view": Membership, "organisation.view": Organisation,
                  "body.view": Body}
        for function, action in POLICY_PREFILTERS:
            prefilters.register(action, models[action], _positional(function))


        from django.utils.translation import gettext_lazy as _

        from accord.api.scopes import register_resource_kind

        # What a token limited to named resources may reach of this app's routes.
        register_resource_kind("members", label=_("Members, organisations and bodies"),
                               segments=("members", "organisations", "bodies"))



def _positional(function):
    def prefilter(membership):
        return function(membership=membership)

    prefilter.__qualname__ = getattr(function, "__qualname__", repr(function))
    prefilter.__module__ = getattr(function, "__module__", "")
    return prefilter
