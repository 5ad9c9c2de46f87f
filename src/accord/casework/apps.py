from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "accord.casework"
    label = "casework"

    def ready(self) -> None:
        # Referrals as the decision point sees them (policies/casework.cedar).
        from accord.casework.policy_entities import register_casework

        register_casework()

        # The case page's sections; cases imports no app above it.
        from accord.casework import sections

        sections.register()

        from accord.api.routers import register_router

        register_router("/n/{network}/", "accord.casework.api.router")

        # Overdue case reviews offered on a case conference's agenda, as goal reviews are.
        from accord.casework.agenda import review_offers
        from accord.meetings.offers import register_agenda_offers

        register_agenda_offers(review_offers)

        from accord.casework import audit_labels

        audit_labels.register()
