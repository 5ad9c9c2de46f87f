"""The regime's pages: the rules in force in words (every member), proposing a change
(coordinators), approving or rejecting it (privacy officers), with the history."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord import policy
from accord.core.forms import add_service_errors
from accord.sharing import regime_selectors as selectors
from accord.sharing import regime_services as services
from accord.sharing.models.regime import Preset
from accord.sharing.presets import CAVEAT, PRESETS
from accord.sharing.regime_forms import PresetForm, RejectForm, RuleForm
from accord.sharing.regime_text import body_names, rule_view

PURPOSE = "view"


def _may(request, action: str) -> bool:
    return policy.decide(request.membership, action, request.network, purpose=PURPOSE).allowed


def _context(request, regime, **extra) -> dict:
    bodies = body_names(request.network)
    spec = PRESETS.get(regime.preset, PRESETS[Preset.CUSTOM])
    return {
        "regime": regime, "spec": spec, "caveat": CAVEAT,
        "preset_label": Preset(regime.preset).label if regime.preset in Preset.values else "",
        "rules": [rule_view(r, i, bodies)
                  for i, r in enumerate(selectors.rules_in_force(regime), start=1)],
        "proposal": [rule_view(r, i, bodies)
                     for i, r in enumerate(selectors.proposal_rules(regime), start=1)],
        "history": selectors.history(regime),
        "may_propose": _may(request, "regime.propose"),
        "may_approve": _may(request, "regime.approve"),
        **extra,
    }


def regime(request, network: str):
    current = selectors.regime_for(request.membership, request.network, purpose=PURPOSE)
    return render(request, "sharing/regime.html", _context(
        request, current, reject_form=RejectForm()))


def _base_rules(regime) -> list[dict]:
    """What a change starts from: the open proposal, else the rules in force."""
    rules = selectors.proposal_rules(regime) if regime.state == "proposed" else \
        selectors.rules_in_force(regime)
    return [services.rule_as_data(r) for r in rules]


def propose(request, network: str):
    current = selectors.regime_for(request.membership, request.network,
                                   action="regime.propose", purpose=PURPOSE)
    form = RuleForm(request.POST or None, network=request.network)
    if request.method == "POST" and form.is_valid():
        try:
            services.propose(membership=request.membership, preset=current.preset,
                             rules=[*_base_rules(current), form.rule_data()])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The rule is added to the proposal. A privacy officer "
                                        "approves it before it comes into force."))
            return redirect("regime:propose", network=network)
    return render(request, "sharing/regime_propose.html", _context(
        request, current, form=form, preset_form=PresetForm(initial={"preset": current.preset}),
        base=_base_view(request, current)), status=400 if request.method == "POST" else 200)


def _base_view(request, regime) -> list[dict]:
    bodies = body_names(request.network)
    rules = selectors.proposal_rules(regime) if regime.state == "proposed" else \
        selectors.rules_in_force(regime)
    return [rule_view(r, i, bodies) for i, r in enumerate(rules, start=1)]


@require_POST
def propose_preset(request, network: str):
    selectors.regime_for(request.membership, request.network,
                                   action="regime.propose", purpose=PURPOSE)
    form = PresetForm(request.POST)
    if form.is_valid():
        code = form.cleaned_data["preset"]
        try:
            services.propose(membership=request.membership, preset=code,
                             rules=services.preset_rules(code))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The preset is proposed. A privacy officer approves it "
                                        "before it comes into force."))
    return redirect("regime:propose", network=network)


@require_POST
def remove_rule(request, network: str, number: int):
    current = selectors.regime_for(request.membership, request.network,
                                   action="regime.propose", purpose=PURPOSE)
    rules = _base_rules(current)
    if 1 <= number <= len(rules):
        del rules[number - 1]
        try:
            services.propose(membership=request.membership, preset=current.preset, rules=rules)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Rule %(number)s is removed from the proposal.")
                             % {"number": number})
    else:
        messages.error(request, _("There is no rule %(number)s.") % {"number": number})
    return redirect("regime:propose", network=network)


@require_POST
def approve(request, network: str):
    selectors.regime_for(request.membership, request.network, action="regime.approve",
                         purpose=PURPOSE)
    try:
        version = services.approve(membership=request.membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Version %(number)s of the sharing regime is in force.")
                         % {"number": version.number})
    return redirect("regime:regime", network=network)


@require_POST
def reject(request, network: str):
    current = selectors.regime_for(request.membership, request.network,
                                   action="regime.approve", purpose=PURPOSE)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.reject(membership=request.membership, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The proposed change is rejected."))
            return redirect("regime:regime", network=network)
    return render(request, "sharing/regime.html", _context(request, current, reject_form=form),
                  status=400)
