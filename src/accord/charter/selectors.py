"""Every read the charter pages and the API need. The `<object>_for` selectors fetch one object
and authorise the acting membership through accord.policy (a refusal is `accord.policy.Denied`,
turned into a 404 or a 403 with the reason where pages and the API answer); the lists below
them are the network's, shown once the Charter itself is authorised."""

from collections import Counter
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import translation
from django.utils.translation import gettext

from accord import policy
from accord.charter.models import (
    CharterDocument,
    CharterVersion,
    DocumentKind,
    GlossaryTerm,
    Goal,
    Level,
    PracticeStatus,
    Responsibility,
    SurveyParticipation,
    SurveyResponse,
    VersionStatus,
)
from accord.charter.policy_entities import Charter
from accord.charter.rendering import Tip
from accord.charter.survey import MIN_RESPONSES, QUESTIONS
from accord.tenancy.models import Network


def charter_for(membership, network: Network, *, action: str = "charter.view",
                purpose: str = "view") -> Charter:
    """The network's charter, if the policy permits `action` on it (the gate of every charter
    page and API operation; creating anything in the charter is `charter.edit` here)."""
    charter = Charter(network=network)
    policy.require(membership, action, charter, purpose=purpose)
    return charter


def charter_permits(membership, charter: Charter, *actions: str,
                    purpose: str = "view") -> dict[str, bool]:
    """Which of `actions` the policy permits on the charter (what a page offers)."""
    return {action: policy.decide(membership, action, charter, purpose=purpose).allowed
            for action in actions}


ALL_STATUSES = list(VersionStatus.values)
OPEN_STATUSES = [VersionStatus.PROPOSED, VersionStatus.ADOPTED, VersionStatus.SUPERSEDED]


def version_statuses_seen_by(membership, network: Network, *,
                             purpose: str = "view") -> list[str]:
    """The SQL pre-filter of the document and version lists: the version statuses `membership`
    may read. Derived from the policy's answers on the Charter (edit: every status; comment:
    proposed and after; view: adopted only); tests/test_policy_agreement.py proves that it
    agrees with `charter_version.view` and `charter_document.view` on every object."""
    if membership is None:
        return []
    permits = charter_permits(membership, Charter(network=network), "charter.edit",
                              "charter.comment", "charter.view", purpose=purpose)
    if permits["charter.edit"]:
        return ALL_STATUSES
    if permits["charter.comment"]:
        return OPEN_STATUSES
    if permits["charter.view"]:
        return [VersionStatus.ADOPTED]
    return []


def _documents(statuses: list[str]) -> QuerySet[CharterDocument]:
    versions = CharterVersion.objects.filter(status__in=statuses).order_by("-number")
    return (CharterDocument.objects.filter(versions__status__in=statuses).distinct()
            .prefetch_related(Prefetch("versions", queryset=versions)))


def documents_seen_by(membership, network: Network, *,
                      purpose: str = "view") -> QuerySet[CharterDocument]:
    """Documents with at least one version `membership` may read, each with those versions
    only, newest first (the list's pre-filter; see version_statuses_seen_by)."""
    statuses = version_statuses_seen_by(membership, network, purpose=purpose)
    return _documents(statuses).filter(network=network)


def versions_seen_by(membership, network: Network, *,
                     purpose: str = "view") -> QuerySet[CharterVersion]:
    statuses = version_statuses_seen_by(membership, network, purpose=purpose)
    return CharterVersion.objects.filter(network=network, status__in=statuses)


def document_for(membership, pk: int, *, action: str = "charter_document.view",
                 purpose: str = "view") -> CharterDocument:
    """One document, if the policy permits `action` on it, with the versions the reader may
    see (newest first)."""
    network = getattr(membership, "network", None)
    statuses = version_statuses_seen_by(membership, network, purpose=purpose) if network else []
    versions = CharterVersion.objects.filter(status__in=statuses).order_by("-number")
    return policy.fetch(membership, CharterDocument.objects.prefetch_related(
        Prefetch("versions", queryset=versions)), action=action, purpose=purpose, pk=pk)


def version_for(membership, document_pk: int, number: int, *,
                action: str = "charter_version.view", purpose: str = "view") -> CharterVersion:
    """Version `number` of a document, if the policy permits `action` on it."""
    return policy.fetch(
        membership,
        CharterVersion.objects.select_related("adopted_by_body", "document", "created_by__user"),
        action=action, purpose=purpose, document_id=document_pk, number=number)


def goal_for(membership, pk: int, *, action: str = "charter.view",
             purpose: str = "view") -> Goal:
    return policy.fetch(membership, _goals(), action=action, purpose=purpose, pk=pk)


def term_for(membership, pk: int, *, action: str = "charter.view",
             purpose: str = "view") -> GlossaryTerm:
    return policy.fetch(membership, GlossaryTerm.objects.all(), action=action, purpose=purpose,
                        pk=pk)


def responsibility_for(membership, pk: int, *, action: str = "charter.view",
                       purpose: str = "view") -> Responsibility:
    return policy.fetch(membership, _responsibilities(), action=action, purpose=purpose, pk=pk)


def level_for(membership, pk: int, *, action: str = "charter.view",
              purpose: str = "view") -> Level:
    return policy.fetch(membership, Level.objects.all(), action=action, purpose=purpose, pk=pk)


def adopted_versions(*, network: Network) -> QuerySet[CharterVersion]:
    return (CharterVersion.objects.filter(network=network, status=VersionStatus.ADOPTED)
            .select_related("document", "adopted_by_body").order_by("document__kind"))


def adopted_version_of_kind(*, network: Network, kind: str) -> CharterVersion | None:
    return adopted_versions(network=network).filter(document__kind=kind).first()


def goals_due_for_review(*, network: Network, before: date) -> QuerySet[Goal]:
    """Open goals whose next review falls before `before` (the meetings issue puts them on the
    steering group's agenda). Achieved and dropped goals have no next review and never show."""
    return (Goal.objects.filter(network=network, next_review_on__isnull=False,
                                next_review_on__lt=before)
            .select_related("owner_organisation").order_by("next_review_on", "pk"))


def _goals() -> QuerySet[Goal]:
    return (Goal.objects.select_related("owner_organisation").prefetch_related("reviews")
            .order_by("next_review_on", "pk"))


def goals(*, network: Network) -> QuerySet[Goal]:
    return _goals().filter(network=network)


def glossary(*, network: Network) -> QuerySet[GlossaryTerm]:
    return GlossaryTerm.objects.filter(network=network).order_by("term")


def glossary_pairs(*, network: Network, language: str) -> list[tuple[str, str]]:
    """(term, definition) pairs in `language` where translated, else the original."""
    return [t.in_language(language) for t in glossary(network=network)]


def _language_name(code: str) -> str:
    try:
        return translation.get_language_info(code)["name_translated"]
    except KeyError:
        return code


def glossary_tip(term: GlossaryTerm, *, language: str, original: str) -> Tip:
    """The tooltip for `term` as a reader of `language` sees it: the translated definition when
    there is one, else the original (in the network's language `original`) with a note."""
    entry = (term.translations or {}).get(language) or {}
    shown = entry.get("term") or ""
    if language == original:
        return Tip(term.term, term.definition, language=original)
    if entry.get("definition"):
        return Tip(term.term, entry["definition"], shown=shown, language=language)
    note = gettext("(Not yet translated into %(language)s: this is the definition in "
                   "%(original)s.)") % {"language": _language_name(language),
                                        "original": _language_name(original)}
    return Tip(term.term, term.definition, shown=shown, language=original, note=note,
               note_language=language)


def glossary_tips(*, network: Network, language: str) -> list[Tip]:
    """Tooltips for marking glossary terms in documents, for a reader of `language`."""
    language = (language or network.default_language).split("-")[0].lower()
    return [glossary_tip(t, language=language, original=network.default_language)
            for t in glossary(network=network)]


def _responsibilities() -> QuerySet[Responsibility]:
    return (Responsibility.objects.select_related("deputy__user")
            .prefetch_related("assignments__organisation", "assignments__body",
                              "assignments__membership__user").order_by("task"))


def responsibilities(*, network: Network) -> QuerySet[Responsibility]:
    return _responsibilities().filter(network=network)


def levels(*, network: Network) -> QuerySet[Level]:
    return Level.objects.filter(network=network).order_by("number")


def practice_statuses(*, network: Network) -> dict[str, PracticeStatus]:
    return {s.practice: s for s in
            PracticeStatus.objects.filter(network=network).select_related("owner__user")}


def has_answered_survey(*, membership) -> bool:
    return SurveyParticipation.objects.filter(membership=membership).exists()


def survey_results(*, network: Network) -> dict | None:
    """Counts per answer, or None while fewer than MIN_RESPONSES members have answered."""
    answers = list(SurveyResponse.objects.filter(network=network).values_list("answers",
                                                                              flat=True))
    if len(answers) < MIN_RESPONSES:
        return None
    results = {"count": len(answers), "questions": []}
    for question in QUESTIONS:
        counts = Counter(a.get(question.code) for a in answers if a.get(question.code))
        results["questions"].append({
            "question": question,
            "rows": [(label, counts.get(code, 0)) for code, label in question.choices
                     if counts.get(code, 0) or question.code != "most_needed"],
        })
    return results


def survey_response_count(*, network: Network) -> int:
    return SurveyResponse.objects.filter(network=network).count()


KIND_ORDER = list(DocumentKind.values)
