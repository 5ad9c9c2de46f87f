"""The case register's pages under /n/<network>/cases/: the list, a new signal, a case, its
next step and its register fields. Thin: reads through cases.selectors (every case through
`case_for`, every category of case data through cases.access), writes through
cases.services; a refusal of the policy is a 403 with its reason (policy.middleware)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from accord import policy
from accord.cases import selectors, services
from accord.cases.forms import TIER_PREFIX, CaseFieldsForm, TransitionForm
from accord.cases.models import Case, CaseState, ConcernLevel, ConcernType
from accord.cases.sections import case_sections
from accord.core.forms import add_service_errors
from accord.tenancy.models import Sector


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 19 else None


def _filters(request) -> selectors.CaseFilters:
    """The list's GET filters; an unknown value is ignored rather than an error page."""
    get = request.GET
    state = get.get("state", "")
    level = get.get("level", "")
    return selectors.CaseFilters(
        state=state if state in CaseState.values else "",
        concern_type=_int(get.get("type")),
        lead_organisation=_int(get.get("lead")),
        concern_level=level if level in ConcernLevel.values else "",
        review_due=get.get("due") == "1",
        mine=get.get("mine") == "1",
    )


def _may(request, action: str, resource, purpose: str = "case_work") -> bool:
    return policy.decide(request.membership, action, resource, purpose=purpose).allowed


def case_list(request, network: str):
    membership = request.membership
    filters = _filters(request)
    page, rows = selectors.cases_for_list(membership, filters, request.GET.get("page"))
    return render(request, "cases/list.html", {
        "page": page, "cases": rows, "filters": filters,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2,
                                                           on_ends=1),
        "states": CaseState.choices, **selectors.filter_choices(membership),
        "may_create": _may(request, "case.create", request.network),
        "today": selectors.network_today(request.network),
    })


def _fields_form(request, data=None, initial=None):
    network = request.network
    services.ensure_concern_types(network)
    return CaseFieldsForm(data, initial=initial, network=network,
                          concern_types=ConcernType.objects.filter(network=network,
                                                                   retired=False))


def case_create(request, network: str):
    membership = request.membership
    policy.require(membership, "case.create", request.network, purpose="case_work")
    form = _fields_form(request, request.POST or None, initial={
        "lead_organisation": membership.organisation_id, "coordinator": membership.pk,
        "signal_received_on": selectors.network_today(request.network)})
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(membership=membership, participants=form.participants(),
                                        workers=list(form.cleaned_data["workers"]),
                                        **form.register_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Case %(reference)s opened.")
                             % {"reference": case.reference})
            return redirect("cases:detail", network=network, pk=case.pk)
    return render(request, "cases/case_form.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


def _sections(request, case: Case) -> list[dict]:
    """The registered sections in order, each with the context it gives (None: left out)."""
    found = []
    for section in case_sections():
        context = section.context(request, request.membership, case)
        if context is not None:
            # Rendered here with the section's own context, so that a section's template
            # reads its variables by name, whatever the other sections hold.
            found.append({"section": section,
                          "html": render_to_string(section.template, context, request)})
    return found


def case_detail(request, network: str, pk: int):
    membership = request.membership
    case = selectors.case_for(membership, pk)
    return render(request, "cases/detail.html", {
        "case": case, "header": selectors.case_header(case),
        "sections": _sections(request, case),
        "may_manage": _may(request, "case.manage", case),
        "source_sector_label": dict(Sector.choices).get(case.source_sector, ""),
        "today": selectors.network_today(request.network),
    })


def case_transition(request, network: str, pk: int):
    membership = request.membership
    case = selectors.case_for(membership, pk, action="case.manage", purpose="case_work")
    form = TransitionForm(request.POST or None, state=case.state)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_transition(membership=membership, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Case %(reference)s is now: %(state)s.")
                             % {"reference": case.reference, "state": case.get_state_display()})
            return redirect("cases:detail", network=network, pk=case.pk)
    return render(request, "cases/transition_form.html", {"case": case, "form": form},
                  status=400 if request.method == "POST" else 200)


def case_edit(request, network: str, pk: int):
    membership = request.membership
    case = selectors.case_for(membership, pk, action="case.manage", purpose="case_work")
    header = selectors.case_header(case)
    initial = {field: getattr(case, field) for field in services.REGISTER_FIELDS}
    initial["workers"] = [w.membership_id for w in header.workers]
    initial.update({f"{TIER_PREFIX}{p.organisation_id}": p.tier for p in header.participants})
    form = _fields_form(request, request.POST or None, initial=initial)
    # Editing keeps the case's own concern type even when the network has retired it.
    form.fields["concern_type"].queryset = ConcernType.objects.filter(
        Q(retired=False) | Q(pk=case.concern_type_id), network=request.network)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(membership=membership, case=case,
                                 participants=form.participants(),
                                 workers=list(form.cleaned_data["workers"]),
                                 **form.register_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Case %(reference)s saved.")
                             % {"reference": case.reference})
            return redirect("cases:detail", network=network, pk=case.pk)
    return render(request, "cases/case_form.html", {"form": form, "case": case},
                  status=400 if request.method == "POST" else 200)
