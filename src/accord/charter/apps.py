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
