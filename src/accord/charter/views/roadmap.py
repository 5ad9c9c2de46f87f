"""The charter's start page, the formalisation roadmap, the needs survey and the onboarding pack."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.charter import selectors, services
from accord.charter.charts import practice_progress_chart, survey_charts
from accord.charter.forms import PracticeStatusForm, SurveyForm
from accord.charter.models import DocumentKind, PracticeState
from accord.charter.onboarding import upcoming_meetings
from accord.charter.pdf import pdf_response
from accord.charter.raci import chart_layout, role_flags
from accord.charter.rendering import render_charter
from accord.charter.roadmap import CHALLENGES, PRACTICE_BY_CODE, PRACTICES, next_steps
from accord.charter.survey import MIN_RESPONSES
from accord.charter.views._common import PURPOSE, charter_page, context, require_charter
from accord.tenancy.selectors import network_bodies, network_organisations


def _statuses(request) -> dict:
    return selectors.practice_statuses(network=request.network)


def _next_steps(request, statuses: dict):
    return next_steps(statuses={k: v.status for k, v in statuses.items()},
                      network_created=request.network.created_at.date(),
                      today=timezone.localdate())


@charter_page()
def overview(request, network: str):
    statuses = _statuses(request)
    return render(request, "charter/overview.html", context(
        request, steps=_next_steps(request, statuses),
        in_place=sum(1 for s in statuses.values() if s.status == PracticeState.IN_PLACE),
        total=len(PRACTICES),
        documents=selectors.documents_seen_by(request.membership, request.network,
                                              purpose=PURPOSE),
        overdue=selectors.goals_due_for_review(network=request.network,
                                               before=timezone.localdate()),
    ))


@charter_page()
def roadmap(request, network: str):
    statuses = _statuses(request)
    rows = [{"practice": p, "status": statuses.get(p.code),
             "form": PracticeStatusForm(network=request.network, prefix=p.code, initial={
                 "status": getattr(statuses.get(p.code), "status", PracticeState.NOT_STARTED),
                 "owner": getattr(statuses.get(p.code), "owner", None),
                 "note": getattr(statuses.get(p.code), "note", "")})}
            for p in PRACTICES]
    return render(request, "charter/roadmap.html", context(
        request, steps=_next_steps(request, statuses), rows=rows, challenges=CHALLENGES,
        in_place=sum(1 for s in statuses.values() if s.status == PracticeState.IN_PLACE),
        progress=practice_progress_chart({k: v.status for k, v in statuses.items()},
                                         [p.code for p in PRACTICES]),
    ))


@charter_page("charter.edit")
@require_POST
def practice_update(request, network: str, code: str):
    if code not in PRACTICE_BY_CODE:
        raise Http404  # no such practice: a missing page, whoever asks
    form = PracticeStatusForm(request.POST, network=request.network, prefix=code)
    if form.is_valid():
        try:
            services.practice_status_set(membership=request.membership, practice=code,
                                         **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved: %(practice)s.")
                             % {"practice": PRACTICE_BY_CODE[code].title})
    else:
        messages.error(request, " ".join(m for errs in form.errors.values() for m in errs))
    return redirect(reverse("charter:roadmap", kwargs={"network": network})
                    + f"#practice-{code}")


@charter_page()
def survey(request, network: str):
    answered = selectors.has_answered_survey(membership=request.membership)
    if request.method == "POST":
        require_charter(request, "charter.survey.answer")
    may_answer = not answered and selectors.charter_permits(
        request.membership, request.charter, "charter.survey.answer",
        purpose=PURPOSE)["charter.survey.answer"]
    # A second answer reaches the service, which refuses it on the form (one per member).
    form = SurveyForm(request.POST or None) if may_answer or request.method == "POST" else None
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_answer(membership=request.membership,
                                   answers=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Thank you. Your answers are stored without your "
                                        "name."))
            return redirect("charter:survey", network=network)
    results = selectors.survey_results(network=request.network)
    if results:
        for question, chart in zip(results["questions"], survey_charts(results), strict=True):
            question["chart"] = chart
    return render(request, "charter/survey.html", context(
        request, form=form, answered=answered, minimum=MIN_RESPONSES, results=results,
        count=selectors.survey_response_count(network=request.network),
    ), status=400 if request.method == "POST" else 200)


def _onboarding_context(request) -> dict:
    language = translation.get_language() or "en"
    terms = selectors.glossary_tips(network=request.network, language=language)
    adopted = list(selectors.adopted_versions(network=request.network))
    values = next((v for v in adopted if v.document.kind == DocumentKind.GOALS_VALUES), None)
    decisions = next((v for v in adopted if v.document.kind == DocumentKind.DECISION_PROCEDURE),
                     None)
    tasks = list(selectors.responsibilities(network=request.network))
    return {
        "network": request.network, "membership": request.membership,
        "values": values,
        "values_html": render_charter(values.body, terms, prefix="values-term") if values else "",
        "decisions": decisions,
        "decisions_html": render_charter(decisions.body, terms, prefix="decisions-term")
        if decisions else "",
        "adopted": [(v, render_charter(v.body, terms, prefix=f"v{v.pk}-term")) for v in adopted
                    if v not in (values, decisions)],
        "glossary": [(t, *t.in_language(language))
                     for t in selectors.glossary(network=request.network)],
        "organisations": network_organisations(network=request.network),
        "bodies": network_bodies(network=request.network),
        "tasks": tasks, "chart": chart_layout(tasks),
        "levels": selectors.levels(network=request.network),
        "upcoming_meetings": upcoming_meetings(membership=request.membership),
        "LANGUAGE_CODE": language,
    }


@charter_page()
def onboarding(request, network: str):
    return render(request, "charter/onboarding.html",
                  context(request, **_onboarding_context(request)))


@charter_page()
def onboarding_pdf(request, network: str):
    return pdf_response("charter/pdf/onboarding.html", _onboarding_context(request),
                        filename=f"onboarding-{request.network.slug}.pdf")


def roles_context(request) -> dict:
    tasks = list(selectors.responsibilities(network=request.network))
    return {"tasks": tasks, "chart": chart_layout(tasks),
            "flags": role_flags(tasks, network=request.network)}
