"""The sharing regime in the API: `/api/v1/n/{network}/sharing-regime`.

GET: the regime in force, the proposal awaiting approval and the history (every member).
PUT: a coordinator's proposal, the whole set of rules of the next version (strict input).
POST …/approve, …/reject: the privacy officer's decision. Same services as the pages.
"""

from datetime import datetime
from typing import Annotated

from ninja import Field, Router, Schema

from accord.api.schemas import NETWORK, PlainText, StrictInput
from accord.api.security import PolicyAuth
from accord.sharing import regime_selectors as selectors
from accord.sharing import regime_services as services
from accord.sharing.models.regime import Preset
from accord.sharing.presets import CAVEAT, PRESETS
from accord.sharing.regime_text import body_names, rule_view

PURPOSE = "api"
router = Router(tags=["sharing"], auth=PolicyAuth("regime.view"))


class RuleOut(Schema):
    id: int
    order: int
    category: str
    from_sector: str
    to_sector: str
    to_role: str
    purpose: str
    legal_bases: list[str]
    citation: str
    conditions: list[str]
    form: str
    effect: str
    note: str
    sentence: str
    basis: str


class RegimeVersionOut(Schema):
    number: int
    preset: str
    state: str
    proposed_by: str | None
    proposed_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    reason: str


class RegimeOut(Schema):
    preset: str
    preset_summary: str
    caveat: str
    version: int
    approved_by: str | None
    approved_at: datetime | None
    rules: list[RuleOut]
    proposal_state: str
    proposal_version: int | None
    proposed_by: str | None
    proposed_at: datetime | None
    proposal: list[RuleOut]
    history: list[RegimeVersionOut]


Code = Annotated[str, Field(min_length=1, max_length=24, pattern=r"^[a-z_*]+$")]
Condition = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[a-z0-9_:*-]+$")]


class RuleIn(StrictInput):
    category: Code
    from_sector: Code = "*"
    to_sector: Code = "*"
    to_role: Annotated[str, Field(max_length=20, pattern=r"^[a-z_]*$")] = ""
    purpose: Code = "*"
    legal_bases: list[Code] = Field(default_factory=list, max_length=4)
    citation: PlainText(300, min_length=0) = ""
    conditions: list[Condition] = Field(default_factory=list, max_length=8)
    form: Code = "pseudonymised"
    effect: Code = "permit"
    note: PlainText(2000, min_length=0, multiline=True) = ""


class ProposalIn(StrictInput):
    preset: Preset = Preset.CUSTOM
    rules: list[RuleIn] = Field(..., max_length=200)


class RejectIn(StrictInput):
    reason: PlainText(2000, multiline=True)


def _name(membership) -> str | None:
    return str(membership.user) if membership is not None else None


def _rules(rules, bodies) -> list[dict]:
    out = []
    for index, rule in enumerate(rules, start=1):
        view = rule_view(rule, index, bodies)
        out.append({**services.rule_as_data(rule), "id": rule.pk, "order": rule.order,
                    "note": view["note"], "sentence": view["sentence"],
                    "basis": view["basis"]})
    return out


def _regime(request) -> dict:
    regime = selectors.regime_for(request.membership, request.network, purpose=PURPOSE)
    bodies = body_names(request.network)
    history = selectors.history(regime)
    spec = PRESETS.get(regime.preset, PRESETS[Preset.CUSTOM])
    return {
        "preset": regime.preset, "preset_summary": str(spec.summary), "caveat": str(CAVEAT),
        "version": regime.version,
        "approved_by": _name(regime.approved_by) if regime.approved_by_id else None,
        "approved_at": regime.approved_at,
        "rules": _rules(selectors.rules_in_force(regime), bodies),
        "proposal_state": regime.state, "proposal_version": regime.proposal_version,
        "proposed_by": _name(regime.proposed_by) if regime.proposed_by_id else None,
        "proposed_at": regime.proposed_at,
        "proposal": _rules(selectors.proposal_rules(regime), bodies),
        "history": [{"number": v.number, "preset": v.preset, "state": v.state,
                     "proposed_by": _name(v.proposed_by), "proposed_at": v.proposed_at,
                     "decided_by": _name(v.decided_by), "decided_at": v.decided_at,
                     "reason": v.reason} for v in history],
    }


@router.get("/sharing-regime", response=RegimeOut, summary="The network's sharing regime")
def regime_detail(request, network: str = NETWORK):
    return _regime(request)


@router.put("/sharing-regime", response=RegimeOut, auth=PolicyAuth("regime.propose"),
            summary="Propose the next version of the rules (coordinators)",
            description="The whole set of rules; refused (422) with the reason when a rule is "
                        "not valid or would leave nobody able to read a case.")
def regime_propose(request, payload: ProposalIn, network: str = NETWORK):
    services.propose(membership=request.membership, preset=payload.preset,
                     rules=[rule.dict() for rule in payload.rules])
    return _regime(request)


@router.post("/sharing-regime/approve", response=RegimeOut,
             auth=PolicyAuth("regime.approve"),
             summary="Approve the proposed change (privacy officers)")
def regime_approve(request, network: str = NETWORK):
    services.approve(membership=request.membership)
    return _regime(request)


@router.post("/sharing-regime/reject", response=RegimeOut, auth=PolicyAuth("regime.approve"),
             summary="Reject the proposed change, with the reason (privacy officers)")
def regime_reject(request, payload: RejectIn, network: str = NETWORK):
    services.reject(membership=request.membership, reason=payload.reason)
    return _regime(request)
