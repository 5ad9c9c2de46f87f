"""The demo networks' sharing regimes: the preset of each network's jurisdiction, proposed by
its coordinator and approved by its privacy officer (issue 10, Deliver 17)."""

from django.db.models import Q
from django.utils import translation
from django_scopes import scope

from accord.sharing.models.regime import SharingRegime
from accord.sharing.presets import preset_for_jurisdiction
from accord.sharing.regime_services import install_preset
from accord.tenancy.models import Membership, Role


def _first_with(network, role: str, *, without: str = "") -> Membership | None:
    members = Membership.objects.active().filter(network=network).order_by("pk")
    chosen = [m for m in members if role in m.roles and (not without or without not in m.roles)]
    return chosen[0] if chosen else None


def load_regime_demo(network) -> None:
    """Idempotent: a network whose regime is already in force keeps it."""
    with scope(network=network.pk), translation.override(network.default_language):
        if SharingRegime.objects.filter(network=network).filter(~Q(version=0)).exists():
            return
        coordinator = _first_with(network, Role.COORDINATOR, without=Role.PRIVACY_OFFICER)
        privacy = _first_with(network, Role.PRIVACY_OFFICER, without=Role.COORDINATOR)
        if coordinator is None or privacy is None:
            return
        install_preset(network, preset_for_jurisdiction(network.jurisdiction), by=coordinator,
                       approved_by=privacy)
