"""Reading the regime: the decision point's source of compiled rules, the regime as a member
may see it, the rules of a version."""

from typing import Any

from django.db.models import QuerySet
from django_scopes import scopes_disabled

from accord import policy
from accord.core.request_context import current_request
from accord.sharing.models.regime import RegimeVersion, SharingRegime, SharingRule


def compiled_source(network_id: int) -> tuple[str, str, str] | None:
    """The policy source of accord.policy.engine: the network's compiled regime in force,
    one query per network and request (the decision point caches the parsed rules by key)."""
    request = current_request()
    memo = request.__dict__.setdefault("_sharing_regimes", {}) if request is not None else {}
    if network_id not in memo:
        with scopes_disabled():  # the network is the principal's own, named explicitly
            memo[network_id] = SharingRegime.objects.filter(
                network_id=network_id, version__gt=0).values_list(
                "compiled_key", "compiled_decisions", "compiled_explanations").first()
    row = memo[network_id]
    return tuple(row) if row and row[0] else None  # type: ignore[return-value]


def forget_compiled(network_id: int) -> None:
    """After an approval in this request: the next decision reads the new version."""
    request = current_request()
    if request is not None:
        request.__dict__.get("_sharing_regimes", {}).pop(network_id, None)


def regime_of(network: Any) -> SharingRegime:
    """The network's regime; before anything was ever proposed, an unsaved empty one (nothing
    in force), so that reading writes nothing."""
    return SharingRegime.objects.filter(network=network).first() or SharingRegime(
        network=network)


def regime_for(membership: Any, network: Any, *, action: str = "regime.view",
               purpose: str = "view") -> SharingRegime:
    """The fetch-and-authorise selector of the regime: `action` on the network, else Denied."""
    policy.require(membership, action, network, purpose=purpose)
    return regime_of(network)


def rules_of(regime: SharingRegime, version: int | None) -> QuerySet[SharingRule]:
    if not version or regime.pk is None:
        return SharingRule.objects.none()
    return SharingRule.objects.filter(regime=regime, version=version).order_by("order", "id")


def rules_in_force(regime: SharingRegime) -> QuerySet[SharingRule]:
    return rules_of(regime, regime.version)


def proposal_rules(regime: SharingRegime) -> QuerySet[SharingRule]:
    if regime.state != "proposed":
        return SharingRule.objects.none()
    return rules_of(regime, regime.proposal_version)


def history(regime: SharingRegime) -> QuerySet[RegimeVersion]:
    if regime.pk is None:
        return RegimeVersion.objects.none()
    return RegimeVersion.objects.filter(regime=regime).select_related(
        "proposed_by__user", "decided_by__user").order_by("-number")


def categories_in_force(network: Any) -> set[str]:
    """The data categories the rules in force speak of (e.g. for refusing a consent to a
    category the regime does not know)."""
    regime = regime_of(network)
    return set(rules_in_force(regime).values_list("category", flat=True))
