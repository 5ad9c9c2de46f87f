"""Accord's own neutral default assessment framework (issue 10, Deliver 3; field research (b)).

Written for Accord: the eight domains of the public skeleton that structured professional
judgement frameworks share, each with a few plain, general indicators. No item of VERA-2R,
ERG, RADAR-iTE, TRAP-18 or any other licensed instrument is copied or paraphrased here; a
network that holds such a licence records only that an external assessment was done, its date
and its overall level (Assessment.external).

The rows of a network's default framework store these codes; the texts below are shown in the
reader's language. A network may rename a domain or an indicator (its own `name`/`text`).
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

FRAMEWORK_CODE = "accord-neutral"
FRAMEWORK_VERSION = "1"

FRAMEWORK_NAMES = {FRAMEWORK_CODE: _("Accord neutral framework")}

# (domain code, domain name, [(indicator code, kind, text), …]) in order.
DEFAULT_DOMAINS = [
    ("ideology", _("Ideological engagement"), [
        ("ideology.time_spent", "risk",
         _("Spends much time with material or groups that promote an extremist view")),
        ("ideology.us_and_them", "risk",
         _("Describes the world mainly as a struggle between their group and others")),
        ("ideology.open_to_others", "protective",
         _("Is open to other points of view and to talking about them")),
    ]),
    ("violence", _("Attitude to violence and intent"), [
        ("violence.approves", "risk", _("Speaks approvingly of violence for a cause")),
        ("violence.intent", "risk", _("Has said they intend to harm others")),
        ("violence.rejects", "protective", _("Clearly rejects violence as a means")),
    ]),
    ("capability", _("Capability and means"), [
        ("capability.access", "risk",
         _("Has access to weapons or other means that could cause serious harm")),
        ("capability.skills", "risk",
         _("Has skills, knowledge or contacts that could be used to cause harm")),
    ]),
    ("social", _("Social relations"), [
        ("social.support", "protective",
         _("Has supportive relationships with family, friends or others")),
        ("social.isolated", "need", _("Is isolated or has recently lost important relationships")),
        ("social.closed_circle", "risk",
         _("Spends time mostly with people who share an extremist view")),
    ]),
    ("behaviour", _("Behaviour"), [
        ("behaviour.worrying_change", "risk",
         _("Their behaviour has recently changed in a way that worries others")),
        ("behaviour.aggression", "risk",
         _("Has been involved in threats, aggression or offences")),
    ]),
    ("circumstances", _("Life circumstances and needs"), [
        ("circumstances.practical", "need",
         _("Has unmet needs in housing, income or daily life")),
        ("circumstances.health", "need", _("Has unmet needs in mental or physical health")),
        ("circumstances.occupation", "protective", _("Is in education, training or work")),
    ]),
    ("strengths", _("Protective factors and strengths"), [
        ("strengths.interests", "protective",
         _("Has goals or interests that matter to them outside the ideology")),
        ("strengths.trusted_person", "protective",
         _("Has someone they trust and turn to for advice")),
        ("strengths.abilities", "protective",
         _("Has abilities or qualities the support can build on")),
    ]),
    ("motivation", _("Motivation to engage with support"), [
        ("motivation.willing", "motivation", _("Is willing to take part in support")),
        ("motivation.acknowledges", "motivation",
         _("Acknowledges at least some of the concerns raised")),
        ("motivation.keeps_agreements", "motivation",
         _("Keeps appointments and agreements")),
    ]),
]

_TEXTS = {
    "framework": FRAMEWORK_NAMES,
    "domain": {code: name for code, name, _indicators in DEFAULT_DOMAINS},
    "indicator": {code: text for _d, _n, indicators in DEFAULT_DOMAINS
                  for code, _kind, text in indicators},
}


def default_text(kind: str, code: str) -> str:
    """The translated default text of a framework, domain or indicator code (the code itself
    for one that is not Accord's)."""
    return str(_TEXTS[kind].get(code, code))


@transaction.atomic
def default_framework(network):
    """The network's default framework, created with its domains and indicators on first use.
    Not audited: it is configuration Accord ships, the same for every network."""
    from accord.casework.models import AssessmentFramework, Domain, Indicator

    framework = (AssessmentFramework.objects.filter(network=network, is_default=True)
                 .order_by("-pk").first())
    if framework is not None:
        return framework
    framework = AssessmentFramework.objects.create(
        network=network, code=FRAMEWORK_CODE, version=FRAMEWORK_VERSION, is_default=True,
        owner="Accord", licence="AGPL-3.0-or-later")
    for d_order, (code, _name, indicators) in enumerate(DEFAULT_DOMAINS, start=1):
        domain = Domain.objects.create(network=network, framework=framework, order=d_order,
                                       code=code)
        Indicator.objects.bulk_create([
            Indicator(network=network, domain=domain, order=i_order, code=i_code, kind=kind)
            for i_order, (i_code, kind, _text) in enumerate(indicators, start=1)])
    return framework
