from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "accord.cases"
    label = "cases"

    def ready(self) -> None:
        from accord.cases.policy_entities import register_cases

        register_cases()
