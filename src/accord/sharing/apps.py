from django.apps import AppConfig


class SharingConfig(AppConfig):
    """The sharing policy as data (issue 10, Deliver 7, 9, 10, 11): the network's regime and its
    rules, compiled into the decision point; consents, the disclosure register, break-glass."""

    name = "accord.sharing"
    label = "sharing"

    def ready(self) -> None:
        from accord.sharing import consent_wiring, regime_wiring

        regime_wiring.register()
        consent_wiring.register()
