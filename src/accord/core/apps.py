from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "accord.core"
    label = "core"

    def ready(self) -> None:
        from accord.core import checks  # noqa: F401  (registers the system checks)
