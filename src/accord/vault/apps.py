from django.apps import AppConfig


class VaultConfig(AppConfig):
    """The identity vault (issue 10, Deliver 2): who a case's person is, encrypted per case,
    shown only where the sharing policy allows identity."""

    name = "accord.vault"
    label = "vault"

    def ready(self) -> None:
        from accord.vault import audit_labels, checks, sections  # checks: registers accord.E001

        checks.refuse_to_start_without_master_key()  # outside dev/test, before serving
        audit_labels.register()
        sections.register()  # the case page's "Identity" section

        from accord.cases.signals import case_purged
        from accord.vault.services import erase_on_purge

        case_purged.connect(erase_on_purge, dispatch_uid="vault.erase_on_purge")

        from accord.api.routers import register_router

        register_router("/n/{network}/", "accord.vault.api.router")
