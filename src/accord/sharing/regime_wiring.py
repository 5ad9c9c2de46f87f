"""The regime compiled into the decision point: its messages, its rules as a policy source for
case_data.read, the labels of its message parameters and its audit words."""

from django.utils.translation import gettext_lazy as _

from accord.sharing.models.regime import ANY

AUDIT_ACTIONS = {
    "sharing_regime.proposed": _("Sharing regime change proposed"),
    "sharing_regime.approved": _("Sharing regime change approved"),
    "sharing_regime.rejected": _("Sharing regime change rejected"),
}


def register() -> None:
    """The regime compiled into the decision point (regime helper)."""
    from accord.audit.actions import ACTIONS
    from accord.cases.facets import CATEGORIES
    from accord.policy.engine import register_policy_source
    from accord.policy.messages import register_param_labels
    from accord.sharing.regime_selectors import compiled_source
    from accord.tenancy.models import Sector

    for action, label in AUDIT_ACTIONS.items():
        ACTIONS.setdefault(action, label)
    register_param_labels("category", dict(CATEGORIES))
    sectors = dict(Sector.choices)
    register_param_labels("sector", {**sectors, ANY: _("your organisation")})
    register_param_labels("from_sector", {**sectors, ANY: _("any organisation")})
    register_policy_source(compiled_source, actions=["case_data.read"])

    from accord.api.routers import register_router

    register_router("/n/{network}/", "accord.sharing.regime_api.router")
