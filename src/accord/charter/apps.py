from django.apps import AppConfig


class CharterConfig(AppConfig):
    name = "accord.charter"
    label = "charter"

    def ready(self) -> None:
        from accord.charter import audit_labels
        from accord.charter.policy_entities import register_charter_entities

        audit_labels.register()  # the audit page's words for this app's events
        # The charter's objects as the decision point sees them (policies/charter.cedar).
        register_charter_entities()



        from accord.charter.onboarding import offer_on_join
        from accord.tenancy.signals import member_joined

        # A new member is offered the onboarding pack (tenancy knows nothing of the charter).
        member_joined.connect(offer_on_join, dispatch_uid="charter.onboarding_offer")

        from accord.api.routers import register_router

        register_router("/n/{network}/", "accord.charter.api.router")

        from django.utils.translation import gettext_lazy as _

        from accord.api.scopes import register_resource_kind

        # What a token limited to named resources may reach of this app's routes.
        register_resource_kind("charter", label=_("Charter"), segments=(
            "charter-documents", "glossary-terms", "goals", "levels", "responsibilities",
            "practice-statuses"))

        from accord.tenancy.panels import BEFORE_BODIES, WELCOME, HomePanel, register_home_panel

        register_home_panel(HomePanel(template="charter/_home_welcome.html", slot=WELCOME))
        register_home_panel(HomePanel(template="charter/_home_panel.html", slot=BEFORE_BODIES))


        _register_prefilters()


def _register_prefilters() -> None:
    # The document and version lists' pre-filters (both built on version_statuses_seen_by,
    # which lists statuses, not objects) and the actions they stand for: security/tests/
    # test_prefilters_agree.py checks them against the policy on every object.
    from accord.charter import selectors
    from accord.charter.models import CharterDocument, CharterVersion
    from accord.policy import prefilters

    for function, model, action in (
            (selectors.documents_seen_by, CharterDocument, "charter_document.view"),
            (selectors.versions_seen_by, CharterVersion, "charter_version.view")):
        def prefilter(membership, function=function):
            return function(membership, membership.network)

        prefilter.__qualname__ = function.__qualname__
        prefilter.__module__ = function.__module__
        prefilters.register(action, model, prefilter)
