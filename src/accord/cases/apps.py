from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "accord.cases"
    label = "cases"

    def ready(self) -> None:
        from accord.cases.policy_entities import register_cases

        register_cases()

        from django.utils.translation import gettext_lazy as _

        from accord.api.routers import register_router
        from accord.api.scopes import register_resource_kind

        register_router("/", "accord.cases.api.router")
        # What a token limited to named resources may reach of this app's routes.
        register_resource_kind("cases", label=_("Cases"), segments=("cases",))

        # The list's pre-filter, with the rule it stands for (cases.view.participant): the
        # central agreement test (security/tests/test_prefilters_agree.py) checks it.
        from accord.cases.models import Case
        from accord.cases.selectors import cases_visible_to
        from accord.policy import prefilters

        prefilters.register("case.view", Case, cases_visible_to)

        # The case page's own section: the signal, read through the sharing policy.
        from accord.cases.sections import CaseSection, register_case_section
        from accord.cases.selectors import signal_for

        register_case_section(CaseSection(
            key="signal", title=_("Signal"), template="cases/_signal.html", order=10,
            context=lambda request, membership, case: {
                "signal": signal_for(membership, case, purpose="view", channel="page")}))
