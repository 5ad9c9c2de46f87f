"""The formalisation roadmap: the good practices and challenges of the EMMA field report
(section III and II), retold in Accord's own words, as data.

Each practice says how large a first step is and which Accord feature helps with it. The
roadmap page never shows all of them as a to-do list first: it picks the next one or two steps
that fit how long the network has existed and how much it already has in place.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accord.charter.models import DocumentKind, PracticeState


@dataclass(frozen=True)
class Practice:
    code: str
    stage: int  # 1 before starting · 2 getting started · 3 choosing documents · 4 writing rules
    title: Promise
    why: Promise
    first_step: Promise
    feature: str  # URL name of the Accord page that helps
    feature_label: Promise
    document_kind: str = ""  # passed as ?kind= to the documents page


@dataclass(frozen=True)
class Challenge:
    code: str
    title: Promise
    text: Promise


PRACTICES: tuple[Practice, ...] = (
    Practice(
        "basics", 1, _("Agree the basics"),
        _("Partners who write down why they meet, which cases they take on and what they "
          "mean by extremism can check later whether the work still points that way."),
        _("Put one question on the next agenda: which cases is this network for? Note the "
          "answer as a first draft of the goals."),
        "charter:goals", _("Goals and target agreements"), DocumentKind.GOALS_VALUES,
    ),
    Practice(
        "know_each_other", 1, _("Get to know each other"),
        _("Trust between police, services and civil society grows from knowing who sits at "
          "the table, what each can offer and what each cannot do."),
        _("Ask each organisation for three lines: its task, its limits and its contact "
          "person. The member list shows them to everybody."),
        "tenancy:organisations", _("Organisations and members"),
    ),
    Practice(
        "levels_separated", 1, _("Separate strategic and operational work"),
        _("A steering group that develops the network and case conferences that work on "
          "cases keep both able to act and spare people meetings they are not needed in."),
        _("Create a steering group and a case conference as two bodies, even if the same "
          "people sit in both for now."),
        "tenancy:bodies", _("Bodies"),
    ),
    Practice(
        "seek_support", 1, _("Look for support"),
        _("Networks in other cities, regional associations and European projects have met "
          "the same problems; asking them saves time and gives arguments towards funders."),
        _("Name one network or programme you could ask for advice and who will contact it."),
        "charter:roadmap", _("Roadmap notes"),
    ),
    Practice(
        "legal_framework", 2, _("Check the legal framework and the mandate"),
        _("Knowing which laws, council resolutions or ministry circulars back the network "
          "strengthens its mandate and helps when asking for money."),
        _("List the resolutions or laws that refer to your work in a short custom document."),
        "charter:documents", _("Charter documents"), DocumentKind.CUSTOM,
    ),
    Practice(
        "data_protection", 2, _("Know the data-protection rules"),
        _("Case conferences touch personal data; even an anonymised case can point to one "
          "person. Each partner must know what it may and must share."),
        _("Ask each partner's data-protection officer for the rules they work under and "
          "start an information-sharing agreement from the template."),
        "charter:documents", _("Information-sharing agreement"),
        DocumentKind.INFORMATION_SHARING,
    ),
    Practice(
        "documents_needed", 3, _("Decide which documents you need"),
        _("Every document costs time to write and to keep current. Choose the few that help "
          "and mark the rest as not needed here."),
        _("Go through this roadmap once and mark what is not needed here."),
        "charter:roadmap", _("This roadmap"),
    ),
    Practice(
        "engagement", 3, _("Engage rather than deter"),
        _("Rules should make commitments reliable without taking away the flexibility that "
          "changing situations demand. Short texts invite people in; long ones keep them out."),
        _("Keep the next document to one page and ask members to comment before it is "
          "proposed for adoption."),
        "charter:documents", _("Charter documents"),
    ),
    Practice(
        "small_steps", 3, _("Formalise in small steps"),
        _("Nothing has to exist on day one. Develop documents one at a time as the network "
          "grows, and ask members what they need most."),
        _("Run the short needs survey and take its first answer as the next step."),
        "charter:survey", _("Needs survey"),
    ),
    Practice(
        "definitions", 4, _("Define the terms you use"),
        _("Security agencies and civil-society organisations use words like risk, case or "
          "radicalisation differently. Adopting an existing definition and adapting it "
          "gives everybody the same language."),
        _("Add the three words that caused the most confusion to the glossary, each with "
          "the source definition you adopt."),
        "charter:glossary", _("Glossary"), DocumentKind.GLOSSARY,
    ),
    Practice(
        "rules_of_procedure", 4, _("Write rules of procedure"),
        _("Rules that refer to the mandate and mission turn good will into commitment and "
          "tell a newcomer how the network works."),
        _("Adopt the rules-of-procedure template as a draft and strike what does not fit."),
        "charter:documents", _("Rules of procedure"), DocumentKind.RULES_OF_PROCEDURE,
    ),
    Practice(
        "roles", 4, _("Clarify team composition and roles"),
        _("Who leads the meetings, who keeps the minutes, who is the contact for the police? "
          "A chart of roles shows gaps, overloads and what the network can promise."),
        _("Enter the five most important tasks and who is responsible for each."),
        "charter:roles", _("Roles chart"), DocumentKind.ROLES,
    ),
    Practice(
        "decision_procedure", 4, _("Agree how decisions are made"),
        _("It must be clear which body decides what, and how a disagreement is settled, for "
          "example by a vote. A transparent procedure protects the minority as well."),
        _("Adopt the decision-procedure template as a draft and agree who decides cases."),
        "charter:documents", _("Decision procedure"), DocumentKind.DECISION_PROCEDURE,
    ),
    Practice(
        "minutes_policy", 4, _("Agree rules for minutes, participant lists and call logs"),
        _("Decide together what is written down and shared, and what stays among those "
          "present. This protects trust and the people discussed."),
        _("Adopt the minutes-policy template and decide what the minutes never contain."),
        "charter:documents", _("Minutes policy"), DocumentKind.MINUTES_POLICY,
    ),
    Practice(
        "level_system", 4, _("Invite external people by levels"),
        _("With agreed levels the network invites policy makers, researchers or other "
          "practitioners only to the topics and case severities where they are needed."),
        _("Describe two or three levels and whom each admits."),
        "charter:levels", _("Level system"), DocumentKind.LEVEL_SYSTEM,
    ),
)

PRACTICE_BY_CODE = {p.code: p for p in PRACTICES}
PRACTICE_CHOICES = [(p.code, p.title) for p in PRACTICES]

CHALLENGES: tuple[Challenge, ...] = (
    Challenge("mandate", _("How strong the mandate is"),
              _("Some networks rest on a law or a council decision, others on the good will "
                "of a few people. A weak mandate makes written agreements more important.")),
    Challenge("skills_transfer", _("Passing on knowledge"),
              _("Cases last for years while staff change. What is not written down leaves "
                "with the person who knew it.")),
    Challenge("resources", _("Time and money"),
              _("Members do this work next to their day jobs and many partners live on "
                "short project grants. Formalisation has to cost little.")),
    Challenge("support", _("Little outside support"),
              _("There are few places where local networks can learn from each other or "
                "get advice on structure and information sharing.")),
    Challenge("interests", _("Different interests"),
              _("Security agencies aim at public safety, counselling services at the trust "
                "of their clients. Common ground has to be found and written down.")),
)


def maturity_stage(*, network_created: date, today: date, in_place: int) -> int:
    """1 to 4: how far along the network is, from its age and the practices it has in place."""
    months = (today.year - network_created.year) * 12 + today.month - network_created.month
    if months < 6 or in_place < 3:
        return 1
    if in_place < 6:
        return 2
    if in_place < 10:
        return 3
    return 4


def next_steps(*, statuses: dict[str, str], network_created: date, today: date,
               limit: int = 2) -> list[Practice]:
    """The one or two practices to work on next: what is under way first, then what fits now."""
    in_place = sum(1 for s in statuses.values() if s == PracticeState.IN_PLACE)
    stage = maturity_stage(network_created=network_created, today=today, in_place=in_place)
    open_practices = [
        p for p in PRACTICES
        if statuses.get(p.code, PracticeState.NOT_STARTED)
        in (PracticeState.NOT_STARTED, PracticeState.IN_PROGRESS)
    ]
    under_way = [p for p in open_practices if statuses.get(p.code) == PracticeState.IN_PROGRESS]
    fitting = [p for p in open_practices if p not in under_way and p.stage <= stage + 1]
    later = [p for p in open_practices if p not in under_way and p not in fitting]
    return (under_way + fitting + later)[:limit]
