from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accord.accounts"
    label = "accounts"

    def ready(self) -> None:
        from accord.accounts import audit_labels, signals  # noqa: F401  (signals connect)

        audit_labels.register()  # the audit page's words for sign-in events
