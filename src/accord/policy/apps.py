from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "accord.policy"
    label = "policy"
    verbose_name = "Policy decision point"

    def ready(self) -> None:
        from accord.policy import adapters
        from accord.policy.engine import engine

        adapters.register_foundation()
        # Load (parse and validate) now: a policy file that fails stops the start-up, naming
        # file, line and reason, instead of failing at the first request.
        engine()
