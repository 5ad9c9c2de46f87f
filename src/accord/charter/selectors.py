"""Every read the charter pages and the API need. Each takes the acting membership's access
where visibility depends on it, so a page cannot show what the rules hide."""

from collections import Counter
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext

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
from accord.charter.permissions import Access, visible_statuses
from accord.charter.rendering import Tip
from accord.charter.survey import MIN_RESPONSES, QUESTIONS
from accord.tenancy.models import Network


def documents_visible(*, network: Network, access: Access) -> QuerySet[CharterDocument]:
    """Documents with at least one version this access level may see, newest version first."""
    statuses = visible_statuses(access)
    versions = CharterVersion.objects.filter(status__in=statuses).order_by("-number")
    return (CharterDocument.objects.filter(network=network, versions__status__in=statuses)
            .distinct().prefetch_related(Prefetch("versions", queryset=versions)))


def document_get(*, network: Network, access: Access, pk: int) -> CharterDocument:
    return get_object_or_404(documents_visible(network=network, access=access), pk=pk)


def version_get(*, document: CharterDocument, access: Access, number: int) -> CharterVersion:
    return get_object_or_404(
        CharterVersion.objects.select_related("adopted_by_body", "document", "created_by__user"),
        document=document, number=number, status__in=visible_statuses(access))


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


def goals(*, network: Network) -> QuerySet[Goal]:
    return (Goal.objects.filter(network=network).select_related("owner_organisation")
            .prefetch_related("reviews").order_by("next_review_on", "pk"))


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


def responsibilities(*, network: Network) -> QuerySet[Responsibility]:
    return (Responsibility.objects.filter(network=network).select_related("deputy__user")
            .prefetch_related("assignments__organisation", "assignments__body",
                              "assignments__membership__user").order_by("task"))


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
