"""Starting points for a network's sharing regime (issue 10, Deliver 7), built from the field
research (shared/domain/field-research.md, section c) with its sources. Each is a starting
point, to be checked with the network's data-protection officer: the legal texts were read as
summaries, not as full articles.

A rule's note and citation are stored as written here and shown through gettext, so a network
that keeps a preset's rule reads its note in the reader's language.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from accord.sharing.models.regime import ANY, Preset

CAVEAT = _("A starting point; check with your data-protection officer.")

# The categories a case consultation works with, beside the absolute limits of each preset.
CONSULTATION = ("identity", "signal", "assessment", "health", "professional_secret",
                "plan_status", "minutes")
IN_CONFERENCE = f"in_conference:{ANY}"


@dataclass(frozen=True)
class PresetSpec:
    code: str
    summary: object
    sources: tuple[tuple[str, str], ...]
    rules: tuple[dict, ...] = field(default_factory=tuple)
    jurisdictions: tuple[str, ...] = ()


def _rule(category, *, bases, effect="permit", form="identified", from_sector=ANY,
          to_sector=ANY, conditions=(), citation="", note="", purpose=ANY, to_role=""):
    return {"category": category, "from_sector": from_sector, "to_sector": to_sector,
            "to_role": to_role, "purpose": purpose, "legal_bases": list(bases),
            "citation": citation, "conditions": list(conditions), "form": form,
            "effect": effect, "note": note}


# --- Belgium: LIVC-R ------------------------------------------------------------------------

BE_CITATION = gettext_noop("Law of 30 July 2018 (LIVC-R), art. 458ter Criminal Code; Flemish "
                           "decree of 21 May 2021")
BE_RULES = (
    *(_rule(category, bases=["shared_secrecy"], citation=BE_CITATION,
            conditions=[IN_CONFERENCE, "recipient_participant", "case_open"],
            note=gettext_noop("Inside the case consultation the participants share under "
                              "shared professional secrecy. A secret-holder may speak but "
                              "never has to; what is said stays bound by secrecy."))
      for category in CONSULTATION),
    _rule("criminal", bases=["statute"], from_sector="police", citation=BE_CITATION,
          conditions=[IN_CONFERENCE, "recipient_participant", "case_open"],
          note=gettext_noop("Police information is brought into the case consultation on a "
                            "need-to-know basis.")),
    _rule("plan_status", bases=["statute"], to_sector="police", form="pseudonymised",
          effect="review", conditions=["recipient_participant"],
          citation=gettext_noop("Law of 30 July 2018 (LIVC-R): feedback to the police"),
          note=gettext_noop("Feedback to the police needs the consensus of all participating "
                            "members: a person looks at each request first.")),
    # The secret-holders' sectors: the police's own records are the police's.
    *(_rule("professional_secret", bases=[], effect="deny", from_sector=sector,
            to_sector="police", conditions=[IN_CONFERENCE],
            citation=gettext_noop("Art. 458ter Criminal Code"),
            note=gettext_noop("Absolute limit: professional-secret content never goes to the "
                              "police outside a lawful case consultation; the feedback to the "
                              "police carries none."))
      for sector in ("health", "youth_social", "counselling", "education", "municipality")),
)

# --- The Netherlands: PGA -----------------------------------------------------------------

NL_CITATION = gettext_noop("Covenant on the person-centred approach (NCTV model); bill 36225")
NL_RULES = (
    *(_rule(category, bases=["statute"], citation=NL_CITATION,
            conditions=["recipient_participant", "case_open"],
            note=gettext_noop("Core and case parties taking part in the case share what the "
                              "covenant names, on a need-to-know basis."))
      for category in ("identity", "signal", "assessment", "plan_status", "minutes")),
    _rule("criminal", bases=["statute"], from_sector="police", citation=NL_CITATION,
          conditions=["recipient_participant", "case_open"],
          note=gettext_noop("Police data for the case parties: bill 36225 gives the basis for "
                            "criminal data (its adoption is to be verified).")),
    *(_rule(category, bases=["consent"],
            citation=gettext_noop("Professional secrecy of care professionals"),
            conditions=["recipient_participant", "case_open"],
            note=gettext_noop("Care professionals share with the person's consent."))
      for category in ("health", "professional_secret")),
    *(_rule(category, bases=["statute"], effect="review",
            citation=gettext_noop("Legal duty or conflict of duties (reasoning logged)"),
            conditions=["recipient_participant", "case_open"],
            note=gettext_noop("Without consent, only on a legal duty or a conflict of duties: "
                              "a person reviews each request and the reasoning is logged."))
      for category in ("health", "professional_secret")),
)

# --- Germany ------------------------------------------------------------------------------

DE_CITATION = gettext_noop("Art. 6(1)(a), 9(2)(a) GDPR; §203 StGB")
DE_RULES = (
    *(_rule(category, bases=["consent"], citation=DE_CITATION,
            conditions=["recipient_participant", "case_open"],
            note=gettext_noop("Default: nothing is shared without the person's specific "
                              "written consent."))
      for category in CONSULTATION),
    *(_rule(category, bases=["statute"], effect="review", to_sector="police",
            form="pseudonymised", conditions=["recipient_participant"],
            citation=gettext_noop("§34 StGB (necessity); §138 StGB (duty to report planned "
                                  "crimes)"),
            note=gettext_noop("Disclosure to the police only on the documented grounds (the "
                              "risk assessment's level; at the highest, check the duty to "
                              "report): a person reviews each request."))
      for category in ("identity", "signal", "assessment")),
)

PRESETS: dict[str, PresetSpec] = {
    Preset.BE: PresetSpec(
        code=Preset.BE, jurisdictions=("BE-VLG", "BE-WAL", "BE-BRU"),
        summary=_("The local integral security cell for radicalisation (LIVC-R): shared "
                  "professional secrecy inside the case consultation; feedback to the police "
                  "needs consensus and carries no professional-secret content."),
        sources=(("Law of 30 July 2018", "https://vlex.be/vid/30-juli-2018-wet-738432473"),
                 ("Circular 04/2018", "http://www.elfri.be/wetgeving/omzendbrief-nr-042018-"
                                      "casusoverleg-en-professioneel-beroepsgeheim"),
                 ("VVSG on the Flemish decree", "https://www.vvsg.be/kennisitem/vvsg/"
                  "veiligheid-nieuw-decreet-livc-r-een-uitnodiging-aan-sociopreventieve-"
                  "organisaties")),
        rules=BE_RULES),
    Preset.NL: PresetSpec(
        code=Preset.NL, jurisdictions=("NL",),
        summary=_("The person-centred approach (PGA) under a covenant: core and case parties "
                  "share on a need-to-know basis; care professionals share with consent or a "
                  "legal ground."),
        sources=(("NCTV: PGA", "https://nctv.nl/onderwerpen/lokale-aanpak-radicalisering-"
                  "extremisme-en-terrorisme/drie-fasen-van-de-lokale-aanpak/"
                  "persoonsgerichte-aanpak-radicalisering-pga"),
                 ("Bill 36225", "https://zoek.officielebekendmakingen.nl/kst-36225-3.html"),
                 ("Professional secrecy in partnerships",
                  "https://studylibnl.com/doc/1129269/het-beroepsgeheim-in-samenwerkings")),
        rules=NL_RULES),
    Preset.DE: PresetSpec(
        code=Preset.DE, jurisdictions=("DE", "DE-BW", "DE-BY", "DE-BE", "DE-HE", "DE-NI",
                                       "DE-NW"),
        summary=_("Consent-based: nothing is shared without specific written consent "
                  "(professional secrecy under §203 StGB); disclosure to the police only on "
                  "the documented grounds, reviewed by a person."),
        sources=(("Provention: data protection", "http://provention.tgsh.de/en/counselling/"
                  "datenschutz/"),
                 ("§203 StGB in counselling", "http://vertraulichkeit-datenschutz-beratung.de/"
                  "strafrecht.htm"),
                 ("Bavaria: data protection in case work", "https://www.blja.bayern.de/koora/"
                  "datenschutzrechtlicheaspekte.php")),
        rules=DE_RULES),
    Preset.CUSTOM: PresetSpec(
        code=Preset.CUSTOM,
        summary=_("No rules: each organisation reads only what it recorded itself, until the "
                  "network agrees its own."),
        sources=()),
}


def preset_for_jurisdiction(jurisdiction: str) -> str:
    for code, spec in PRESETS.items():
        if jurisdiction in spec.jurisdictions:
            return code
    return Preset.CUSTOM
