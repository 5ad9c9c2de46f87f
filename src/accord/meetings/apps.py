from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "accord.meetings"
    label = "meetings"

    def ready(self) -> None:
        # The meetings rules (policies/meetings.cedar) read these objects through adapters.
        from accord.meetings.policy_entities import register_meetings

        register_meetings()

        from accord.meetings.planning_policy import register_planning

        register_planning()  # date polls and replies (issue 16)
        from accord.meetings.papers_setup import register_papers_and_speakers

        register_papers_and_speakers()  # issue 16: policy adapters, API router, upload limit

        # The charter's onboarding pack lists the meetings ahead without importing meetings.
        from accord.charter.onboarding import register_upcoming_meetings
        from accord.meetings.selectors import upcoming_for_onboarding

        register_upcoming_meetings(upcoming_for_onboarding)

        from accord.meetings import audit_labels

        audit_labels.register()  # the audit page's words for this app's events

        from accord.api.routers import register_router

        register_router("/", "accord.meetings.api.router")
        register_router("/n/{network}/", "accord.meetings.api_planning.router")

        from django.utils.translation import gettext_lazy as _

        from accord.api.scopes import register_resource_kind

        # What a token limited to named resources may reach of this app's routes.
        register_resource_kind("meetings", label=_("Meetings"), segments=(
            "meetings", "minutes", "decisions", "action-items", "call-logs"))

        from accord.meetings.home import home_panel_context
        from accord.tenancy.panels import AFTER_BODIES, HomePanel, register_home_panel

        register_home_panel(HomePanel(template="meetings/_home_panel.html", slot=AFTER_BODIES,
                                      context=home_panel_context))

        from accord.core.schedule import DAILY, HOURLY, register_periodic

        register_periodic("accord.meetings.tasks.remind_upcoming_meetings", HOURLY)
        register_periodic("accord.meetings.tasks.remind_actions", DAILY)
        register_periodic("accord.meetings.tasks.approve_minutes_by_silent_procedure", DAILY)


        # Every list pre-filter, with the action it stands for: the central agreement test
        # (security/tests/test_prefilters_agree.py) checks them on the demo and the world.
        from accord.meetings.visibility import PREFILTERS
        from accord.policy import prefilters

        for entry in PREFILTERS:
            prefilters.register(entry.action, entry.model, entry.rows)
