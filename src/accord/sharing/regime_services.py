"""Changing the regime: a coordinator proposes a version of the rules, a privacy officer
approves it (it comes into force) or rejects it; both acts are audited (issue 10, Deliver 7).

A proposal is refused, with the reason and nothing written, when a rule is not valid, when its
compiled policy does not validate against the decision point's schema, or when it would leave
nobody able to read a case (tried on synthetic decisions before it is accepted).
"""

import json
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accord import policy
from accord.audit.services import audit_record
from accord.cases.facets import CATEGORIES
from accord.policy.engine import check_policy_text, probe
from accord.policy.loading import PolicyFileError
from accord.sharing.compile import Compiled, compile_rules, rule_id
from accord.sharing.models.regime import (
    Preset,
    ProposalState,
    RegimeVersion,
    SharingRegime,
    SharingRule,
    VersionState,
)
from accord.sharing.presets import PRESETS
from accord.sharing.regime_rules import FIELDS, MAX_RULES, clean_rule
from accord.sharing.regime_selectors import forget_compiled
from accord.tenancy.models import Body, BodyKind, Sector

PURPOSE = "administer"
PROBE_ROLES = ("case_worker", "member", "coordinator")
PROBE_PURPOSES = ("view", "case_work")


def conference_bodies(network: Any) -> list[int]:
    return list(Body.objects.filter(network=network, kind=BodyKind.OPERATIONAL)
                .order_by("pk").values_list("pk", flat=True))


def _probe_requests(network_id: int) -> tuple[list[dict], list[dict], list[tuple[str, str]]]:
    """Every category recorded by an organisation of every sector, asked by that
    organisation's own members in each content role: it must keep reading its own record."""
    network = {"__entity": {"type": "Network", "id": str(network_id)}}
    graph, requests, asked = [], [], []
    for sector in Sector.values:
        org = {"__entity": {"type": "Organisation", "id": f"probe-{sector}"}}
        for role in PROBE_ROLES:
            graph.append({"uid": {"type": "Member", "id": f"probe-{sector}-{role}"}, "parents": [],
                          "attrs": {"network": network, "organisation": org, "sector": sector,
                                    "roles": [role], "seats": [], "leads": [], "votes_in": [],
                                    "active": True, "clearance": ""}})
        for category in CATEGORIES:
            record = f"probe-{sector}-{category}"
            member = {"__entity": {"type": "Member", "id": f"probe-{sector}-case_worker"}}
            graph.append({"uid": {"type": "CaseRecord", "id": record}, "parents": [], "attrs": {
                "network": network, "case": {"__entity": {"type": "Case", "id": "probe"}},
                "category": category, "source": [org], "source_sector": sector,
                "lead": [org], "participants": [org], "core": [org], "workers": [member],
                "coordinator": [member], "state": "active", "open": True, "consents": [org],
                "break_glass": []}})
            for role in PROBE_ROLES:
                for purpose in PROBE_PURPOSES:
                    requests.append({
                        "principal": {"type": "Member", "id": f"probe-{sector}-{role}"},
                        "action": {"type": "Action", "id": "case_data.read"},
                        "resource": {"type": "CaseRecord", "id": record},
                        "context": json.dumps({"purpose": purpose, "step_up": True})})
                    asked.append((sector, category))
    return requests, graph, asked


def check_rules(network: Any, rules: Sequence[Any]) -> Compiled:
    """The rules compiled and checked, or ValidationError with the reason."""
    compiled = compile_rules(network.pk, rules, conference_bodies=conference_bodies(network))
    positions = {ident: index + 1 for index, ident in enumerate(compiled.per_rule)}
    try:
        decision_set = check_policy_text(compiled.decisions)
        explanation_set = check_policy_text(compiled.explanations, explanations=True)
    except PolicyFileError:
        # Name the rule that fails, and why.
        for ident, (decision, explanation) in compiled.per_rule.items():
            try:
                check_policy_text(decision, origin=ident)
                check_policy_text(explanation, origin=ident, explanations=True)
            except PolicyFileError as error:
                raise ValidationError(
                    _("Rule %(number)s cannot be compiled into the decision point: "
                      "%(reason)s") % {"number": positions[ident], "reason": error.reason},
                    code="invalid") from error
        raise
    requests, graph, asked = _probe_requests(network.pk)
    decisions = probe("case_data.read", requests, graph, decisions=decision_set,
                      explanations=explanation_set)
    readable: dict[tuple[str, str], bool] = {}
    blocking: dict[tuple[str, str], str] = {}
    for key, decision in zip(asked, decisions, strict=True):
        readable[key] = readable.get(key, False) or decision.effect != "deny"
        blocking.setdefault(key, decision.rule)
    for (sector, category), ok in readable.items():
        if not ok:
            rule = blocking[(sector, category)]
            raise ValidationError(
                _("This change would leave nobody able to read “%(category)s” "
                  "recorded by an organisation of the sector “%(sector)s”: the "
                  "organisation that recorded it (the case's lead among them) must keep it. "
                  "Rule %(rule)s denies it.") % {
                    "category": CATEGORIES[category], "sector": dict(Sector.choices)[sector],
                    "rule": positions.get(rule, rule)}, code="lockout")
    return compiled


def _clean_all(network: Any, rules: Sequence[dict]) -> list[dict]:
    if len(rules) > MAX_RULES:
        raise ValidationError(_("A regime has at most %(max)s rules.") % {"max": MAX_RULES})
    cleaned, errors = [], []
    for index, data in enumerate(rules, start=1):
        try:
            cleaned.append(clean_rule(data, network))
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.append(ValidationError(
                    _("Rule %(number)s, %(field)s: %(message)s") % {
                        "number": index, "field": field, "message": " ".join(messages)}))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _propose(network: Any, rules: Sequence[dict], *, preset: str, by: Any) -> RegimeVersion:
    cleaned = _clean_all(network, rules)
    with transaction.atomic():
        regime = _locked(network)
        drafts = [SharingRule(network=network, regime=regime, order=index, **data)
                  for index, data in enumerate(cleaned)]
        check_rules(network, drafts)  # before anything is written
        now = timezone.now()
        if regime.state == ProposalState.PROPOSED:
            number = regime.proposal_version
            SharingRule.objects.filter(regime=regime, version=number).delete()
            version = RegimeVersion.objects.get(regime=regime, number=number)
            version.preset, version.proposed_by, version.proposed_at = preset, by, now
            version.save(update_fields=["preset", "proposed_by", "proposed_at"])
        else:
            last = RegimeVersion.objects.filter(regime=regime).aggregate(n=Max("number"))["n"]
            number = (last or 0) + 1
            version = RegimeVersion.objects.create(network=network, regime=regime,
                                                   number=number, preset=preset,
                                                   proposed_by=by, proposed_at=now)
        for rule in drafts:
            rule.version = number
        SharingRule.objects.bulk_create(drafts)
        regime.state, regime.proposal_version = ProposalState.PROPOSED, number
        regime.proposed_by, regime.proposed_at = by, now
        regime.save(update_fields=["state", "proposal_version", "proposed_by", "proposed_at"])
        audit_record(network=network, membership=by, action="sharing_regime.proposed",
                     obj=version, summary={"number": number, "rules": len(drafts),
                                           "preset": preset},
                     actor_label=None if by is not None else "system")
    return version


def propose(*, membership: Any, rules: Sequence[dict], preset: str = Preset.CUSTOM
            ) -> RegimeVersion:
    """The coordinator's proposal: the whole set of rules of the next version (replacing a
    proposal still awaiting approval)."""
    policy.require(membership, "regime.propose", membership.network, purpose=PURPOSE)
    if preset not in Preset.values:
        raise ValidationError({"preset": _("Choose a preset from the list.")})
    return _propose(membership.network, rules, preset=preset, by=membership)


def rule_as_data(rule: SharingRule) -> dict:
    return {name: getattr(rule, name) for name in FIELDS}


def preset_rules(code: str) -> list[dict]:
    return [dict(rule) for rule in PRESETS[code].rules]


def approve(*, membership: Any) -> RegimeVersion:
    """The privacy officer's approval: the proposal comes into force."""
    network = membership.network
    policy.require(membership, "regime.approve", network, purpose=PURPOSE)
    with transaction.atomic():
        regime = _locked(network)
        version = _open_proposal(regime)
        if version.proposed_by_id is not None and version.proposed_by_id == membership.pk:
            raise ValidationError(_("A change is approved by another person than the one who "
                                    "proposed it."), code="four_eyes")
        rules = list(SharingRule.objects.filter(regime=regime, version=version.number)
                     .order_by("order", "id"))
        compiled = check_rules(network, rules)  # the network may have changed meanwhile
        now = timezone.now()
        RegimeVersion.objects.filter(regime=regime, state=VersionState.IN_FORCE).update(
            state=VersionState.SUPERSEDED)
        version.state, version.decided_by, version.decided_at = VersionState.IN_FORCE, \
            membership, now
        version.save(update_fields=["state", "decided_by", "decided_at"])
        regime.version, regime.preset = version.number, version.preset
        regime.state, regime.proposal_version = ProposalState.NONE, None
        regime.approved_by, regime.approved_at = membership, now
        regime.compiled_key = compiled.key
        regime.compiled_decisions = compiled.decisions
        regime.compiled_explanations = compiled.explanations
        regime.save()
        audit_record(network=network, membership=membership, action="sharing_regime.approved",
                     obj=version, summary={"number": version.number, "rules": len(rules),
                                           "preset": version.preset})
    forget_compiled(network.pk)
    return version


def reject(*, membership: Any, reason: str) -> RegimeVersion:
    network = membership.network
    policy.require(membership, "regime.approve", network, purpose=PURPOSE)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the change is rejected.")})
    with transaction.atomic():
        regime = _locked(network)
        version = _open_proposal(regime)
        now = timezone.now()
        version.state, version.decided_by, version.decided_at = VersionState.REJECTED, \
            membership, now
        version.reason = reason[:2000]
        version.save(update_fields=["state", "decided_by", "decided_at", "reason"])
        regime.state = ProposalState.REJECTED
        regime.save(update_fields=["state"])
        audit_record(network=network, membership=membership, action="sharing_regime.rejected",
                     obj=version, summary={"number": version.number})
    return version


def _locked(network: Any) -> SharingRegime:
    """The network's regime, created on the first proposal, locked for this transaction so
    that two proposals or a proposal and an approval queue instead of crossing."""
    SharingRegime.objects.get_or_create(network=network)
    return SharingRegime.objects.select_for_update().get(network=network)


def _open_proposal(regime: SharingRegime) -> RegimeVersion:
    if regime.state != ProposalState.PROPOSED or not regime.proposal_version:
        raise ValidationError(_("There is no proposed change awaiting approval."),
                              code="no_proposal")
    return RegimeVersion.objects.get(regime=regime, number=regime.proposal_version)


def install_preset(network: Any, code: str, by: Any = None, approved_by: Any = None
                   ) -> RegimeVersion:
    """Propose the preset's rules as the next version (by `by`, a coordinator; None: the
    installation itself, e.g. when a network is created), approved at once by `approved_by`
    (a privacy officer) when given."""
    if code not in PRESETS:
        raise ValidationError({"preset": _("Choose a preset from the list.")})
    if by is not None:
        version = propose(membership=by, rules=preset_rules(code), preset=code)
    else:
        version = _propose(network, preset_rules(code), preset=code, by=None)
    if approved_by is not None:
        version = approve(membership=approved_by)
    return version


__all__ = ["approve", "check_rules", "install_preset", "propose", "reject", "rule_id"]
