"""Pages of the charter's registers: goals and reviews, glossary, roles chart, level system."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.charter import selectors, services
from accord.charter.charts import review_history_chart
from accord.charter.forms import (
    GlossaryTermForm,
    GoalForm,
    GoalReviewForm,
    LevelForm,
    ResponsibilityForm,
)
from accord.charter.models import Responsibility
from accord.charter.pdf import pdf_response
from accord.charter.views._common import (
    PURPOSE,
    add_service_errors,
    charter_page,
    context,
    require_charter,
)
from accord.charter.views.roadmap import roles_context


def _save(request, form, call, success: str) -> bool:
    """Run the service when the form is valid; put its refusal on the form otherwise."""
    if not form.is_valid():
        return False
    try:
        call()
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    messages.success(request, success)
    return True


# Goals -------------------------------------------------------------------------------------

@charter_page()
def goals(request, network: str):
    form = GoalForm(request.POST or None, network=request.network)
    if request.method == "POST":
        require_charter(request, "charter.edit")
        if _save(request, form, lambda: services.goal_create(membership=request.membership,
                                                              **form.cleaned_data),
                 _("Goal added.")):
            return redirect("charter:goals", network=network)
    return render(request, "charter/goals.html", context(
        request, goals=selectors.goals(network=request.network), form=form,
        today=timezone.localdate()), status=400 if request.method == "POST" else 200)


@charter_page()
def goal(request, network: str, pk: int):
    action = "charter.edit" if request.method == "POST" else "charter.view"
    item = selectors.goal_for(request.membership, pk, action=action, purpose=PURPOSE)
    review_form = GoalReviewForm(request.POST or None,
                                 initial={"reviewed_on": timezone.localdate()})
    if request.method == "POST" and _save(
            request, review_form,
            lambda: services.goal_review_record(membership=request.membership, goal=item,
                                                **review_form.cleaned_data),
            _("Review recorded.")):
        return redirect("charter:goal", network=network, pk=pk)
    return render(request, "charter/goal.html", context(
        request, goal=item, review_form=review_form, today=timezone.localdate(),
        history=review_history_chart(item.reviews.all())),
        status=400 if request.method == "POST" else 200)


@charter_page()
def goal_edit(request, network: str, pk: int):
    item = selectors.goal_for(request.membership, pk, action="charter.edit", purpose=PURPOSE)
    initial = {f: getattr(item, f) for f in ("statement", "indicators", "owner_organisation",
                                             "review_interval_months")}
    form = GoalForm(request.POST or None, network=request.network, initial=initial)
    if request.method == "POST" and _save(
            request, form, lambda: services.goal_update(membership=request.membership,
                                                        goal=item, **form.cleaned_data),
            _("Goal saved.")):
        return redirect("charter:goal", network=network, pk=pk)
    return render(request, "charter/form_page.html", context(
        request, form=form, title=_("Edit goal"), back=("charter:goal", pk),
        object=item),
        status=400 if request.method == "POST" else 200)


# Glossary ----------------------------------------------------------------------------------

@charter_page()
def glossary(request, network: str):
    form = GlossaryTermForm(request.POST or None)
    if request.method == "POST":
        require_charter(request, "charter.edit")
        if _save(request, form, lambda: services.term_create(membership=request.membership,
                                                              **form.values()),
                 _("Term added.")):
            return redirect("charter:glossary", network=network)
    return render(request, "charter/glossary.html", context(
        request, terms=selectors.glossary(network=request.network), form=form),
        status=400 if request.method == "POST" else 200)


@charter_page()
def term_edit(request, network: str, pk: int):
    term = selectors.term_for(request.membership, pk, action="charter.edit", purpose=PURPOSE)
    form = GlossaryTermForm(request.POST or None, instance=term)
    if request.method == "POST" and _save(
            request, form, lambda: services.term_update(membership=request.membership,
                                                        glossary_term=term, **form.values()),
            _("Term saved.")):
        return redirect("charter:glossary", network=network)
    return render(request, "charter/form_page.html", context(
        request, form=form, title=_("Edit term"), back=("charter:glossary", None),
        delete_url="charter:term-delete", object=term),
        status=400 if request.method == "POST" else 200)


@charter_page()
@require_POST
def term_delete(request, network: str, pk: int):
    term = selectors.term_for(request.membership, pk, action="charter.edit", purpose=PURPOSE)
    services.term_delete(membership=request.membership, term=term)
    messages.success(request, _("Term removed."))
    return redirect("charter:glossary", network=network)


# Roles -------------------------------------------------------------------------------------

def _responsibility_initial(item: Responsibility) -> dict:
    initial = {"task": item.task, "description": item.description, "deputy": item.deputy}
    for a in item.assignments.all():
        # Named members go to the typed field, organisations and body roles to the list.
        if a.membership_id is not None:
            initial.setdefault(f"raci_{a.raci}_members", []).append(a.membership)
        else:
            initial.setdefault(f"raci_{a.raci}", []).append(a.party_key)
    return initial


@charter_page()
def roles(request, network: str):
    form = ResponsibilityForm(request.POST or None, network=request.network)
    if request.method == "POST":
        require_charter(request, "charter.edit")
        if _save(request, form, lambda: services.responsibility_create(
                membership=request.membership, assignments=form.assignments(),
                **{k: form.cleaned_data[k] for k in ("task", "description", "deputy")}),
                _("Task added.")):
            return redirect("charter:roles", network=network)
    return render(request, "charter/roles.html",
                  context(request, form=form, **roles_context(request)),
                  status=400 if request.method == "POST" else 200)


@charter_page()
def responsibility_edit(request, network: str, pk: int):
    item = selectors.responsibility_for(request.membership, pk, action="charter.edit",
                                        purpose=PURPOSE)
    form = ResponsibilityForm(request.POST or None, network=request.network,
                              initial=_responsibility_initial(item))
    if request.method == "POST" and _save(request, form, lambda: services.responsibility_update(
            membership=request.membership, responsibility=item, assignments=form.assignments(),
            **{k: form.cleaned_data[k] for k in ("task", "description", "deputy")}),
            _("Task saved.")):
        return redirect("charter:roles", network=network)
    return render(request, "charter/form_page.html", context(
        request, form=form, title=_("Edit task"), back=("charter:roles", None),
        delete_url="charter:responsibility-delete", object=item),
        status=400 if request.method == "POST" else 200)


@charter_page()
@require_POST
def responsibility_delete(request, network: str, pk: int):
    item = selectors.responsibility_for(request.membership, pk, action="charter.edit",
                                        purpose=PURPOSE)
    services.responsibility_delete(membership=request.membership, responsibility=item)
    messages.success(request, _("Task removed."))
    return redirect("charter:roles", network=network)


@charter_page()
def roles_pdf(request, network: str):
    return pdf_response("charter/pdf/roles.html", {"network": request.network,
                                                   **roles_context(request)},
                        filename=f"roles-{request.network.slug}.pdf")


# Levels ------------------------------------------------------------------------------------

@charter_page()
def levels(request, network: str):
    form = LevelForm(request.POST or None)
    if request.method == "POST":
        require_charter(request, "charter.edit")
        if _save(request, form, lambda: services.level_create(membership=request.membership,
                                                               **form.cleaned_data),
                 _("Level added.")):
            return redirect("charter:levels", network=network)
    return render(request, "charter/levels.html", context(
        request, levels=selectors.levels(network=request.network), form=form),
        status=400 if request.method == "POST" else 200)


@charter_page()
def level_edit(request, network: str, pk: int):
    level = selectors.level_for(request.membership, pk, action="charter.edit", purpose=PURPOSE)
    form = LevelForm(request.POST or None, instance=level)
    if request.method == "POST" and _save(
            request, form, lambda: services.level_update(membership=request.membership,
                                                         level=level, **form.cleaned_data),
            _("Level saved.")):
        return redirect("charter:levels", network=network)
    return render(request, "charter/form_page.html", context(
        request, form=form, title=_("Edit level"), back=("charter:levels", None),
        delete_url="charter:level-delete", object=level),
        status=400 if request.method == "POST" else 200)


@charter_page()
@require_POST
def level_delete(request, network: str, pk: int):
    level = selectors.level_for(request.membership, pk, action="charter.edit", purpose=PURPOSE)
    services.level_delete(membership=request.membership, level=level)
    messages.success(request, _("Level removed."))
    return redirect("charter:levels", network=network)
