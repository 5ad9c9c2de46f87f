"""Pages of consents, the disclosure register and break-glass, under /n/<network>/. Thin: the
selectors and services ask the policy; a refusal is the 403 page with its reason
(policy.middleware), a bad form a 400 that says what is wrong, with nothing stored."""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accord import policy
from accord.audit.services import audit_record
from accord.cases import selectors as case_selectors
from accord.core.forms import add_service_errors
from accord.sharing import break_glass as bg
from accord.sharing import consent_selectors as selectors
from accord.sharing import consent_services as services
from accord.sharing import disclosures
from accord.sharing.consent_forms import (
    BreakGlassForm,
    ConsentForm,
    DisclosureFilterForm,
    ReviewForm,
    WithdrawForm,
)
from accord.tenancy.models import Membership

INVALID = 400
PER_PAGE = 50


def _case(request, case_id: int, *, action: str = "case.see"):
    return case_selectors.case_for(request.membership, case_id, action=action)


@require_GET
def consent_list(request, network: str, case_id: int):
    case = _case(request, case_id)
    lines = selectors.consents_for_case(request.membership, case)
    return render(request, "sharing/consent_list.html", {
        "case": case, "lines": lines,
        "may_manage": selectors.may(request.membership, "case.manage", case,
                                    purpose="case_work"),
        "withdraw_form": WithdrawForm()})


def consent_create(request, network: str, case_id: int):
    membership = request.membership
    case = _case(request, case_id)
    # Asked before the form is shown: a member who may not record a consent reads why.
    policy.require(membership, "case.manage", case, purpose="case_work")
    organisations = selectors.organisations_of(membership)
    form = ConsentForm(request.POST or None, request.FILES or None, organisations=organisations)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.consent_record(
                    membership=membership, case=case, given_by=data["given_by"],
                    organisation_ids=data["organisations"], categories=data["categories"],
                    purposes=data["purposes"], given_on=data["given_on"],
                    expires_on=data["expires_on"], written_form=data["written_form"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The consent is recorded."))
                return redirect("consent:consents", network=network, case_id=case.pk)
        status = INVALID
    return render(request, "sharing/consent_form.html", {"case": case, "form": form},
                  status=status)


@require_POST
def consent_withdraw(request, network: str, case_id: int, pk: int):
    case = _case(request, case_id)
    consent = selectors.consent_for(request.membership, case, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.consent_withdraw(membership=request.membership, consent=consent,
                                      reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The consent is withdrawn. It no longer counts for "
                                        "any decision."))
            return redirect("consent:consents", network=network, case_id=case.pk)
    return render(request, "sharing/consent_list.html", {
        "case": case, "lines": selectors.consents_for_case(request.membership, case),
        "may_manage": True, "withdraw_form": form, "withdrawing": consent.pk}, status=INVALID)


@require_GET
def consent_written_form(request, network: str, case_id: int, pk: int):
    """The signed form, as a download only (never shown inline: an uploaded file does not run
    in the page's origin), to those who may see the case's consents."""
    case = _case(request, case_id)
    consent = selectors.consent_for(request.membership, case, pk, with_written_form=True)
    response = FileResponse(consent.written_form.open("rb"), as_attachment=True,
                            filename=consent.written_form_name or "consent",
                            content_type=consent.written_form_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# Break-glass -----------------------------------------------------------------------------


def break_glass_start(request, network: str, case_id: int):
    membership = request.membership
    case = _case(request, case_id)
    policy.require(membership, "case.break_glass", case, purpose="case_work")
    form = BreakGlassForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                access = bg.break_glass_start(membership=membership, case=case,
                                              reason=form.cleaned_data["reason"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.warning(request, _(
                    "Break-glass access is open until %(until)s. It is recorded and the "
                    "privacy officer will review it.") % {
                    "until": timezone.localtime(access.expires_at).strftime("%H:%M")})
                return redirect(_case_page(network, case))
        status = INVALID
    return render(request, "sharing/break_glass_form.html", {
        "case": case, "form": form, "running": bg.running_break_glass(membership, case),
        "hours": bg.break_glass_hours()}, status=status)


def _case_page(network: str, case) -> str:
    """The case page (the cases app's); the consents page until it exists."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("cases:detail", kwargs={"network": network, "pk": case.pk})
    except NoReverseMatch:
        return reverse("consent:consents", kwargs={"network": network, "case_id": case.pk})


@require_POST
def break_glass_end(request, network: str, pk: int):
    access = bg.own_break_glass_for(request.membership, pk)
    bg.break_glass_end(membership=request.membership, access=access)
    messages.success(request, _("Your break-glass access is closed."))
    return redirect(_case_page(network, access.case))


@require_GET
def break_glass_list(request, network: str):
    accesses = bg.break_glass_unreviewed(request.membership)
    page = Paginator(accesses, PER_PAGE).get_page(request.GET.get("page"))
    page_range = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    return render(request, "sharing/break_glass_list.html", {
        "page": page, "page_range": page_range, "now": timezone.now(),
        "review_form": ReviewForm()})


@require_POST
def break_glass_review(request, network: str, pk: int):
    access = bg.break_glass_for(request.membership, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            bg.break_glass_review(membership=request.membership, access=access,
                                  note=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The break-glass access is marked reviewed."))
            return redirect("consent:break-glass", network=network)
    page = Paginator(bg.break_glass_unreviewed(request.membership), PER_PAGE).get_page(1)
    return render(request, "sharing/break_glass_list.html", {
        "page": page, "now": timezone.now(), "review_form": form, "reviewing": access.pk},
        status=INVALID)


# The disclosure register -----------------------------------------------------------------


def _members(request):
    return (Membership.objects.filter(network=request.network)
            .select_related("user").order_by("user__full_name", "pk"))


@require_GET
def disclosure_list(request, network: str):
    membership = request.membership
    form = DisclosureFilterForm(request.GET or None, members=_members(request))
    valid = not form.is_bound or form.is_valid()
    page = page_range = None
    if valid:
        filters = form.filters() if form.is_bound else disclosures.DisclosureFilters()
        rows = disclosures.disclosures_of_network(membership, filters)
        page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
        page_range = page.paginator.get_elided_page_range(page.number, on_each_side=2,
                                                          on_ends=1)
    else:
        # Invalid filters still ask the policy: a refusal stays a refusal.
        disclosures.disclosures_of_network(membership, disclosures.DisclosureFilters())
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "sharing/disclosure_list.html", {
        "form": form, "page": page, "page_range": page_range, "query": query.urlencode(),
        "may_export": selectors.may(membership, "disclosure.export", request.network,
                                    purpose="export")},
        status=200 if valid else INVALID)


@require_GET
def disclosure_export(request, network: str):
    membership = request.membership
    form = DisclosureFilterForm(request.GET, members=_members(request))
    if not form.is_valid():
        return disclosure_list(request, network)
    filters = form.filters()
    rows = disclosures.disclosures_of_network(membership, filters, purpose="export",
                                              action="disclosure.export")
    audit_record(network=request.network, membership=membership, action="disclosure.exported",
                 object_type="sharing.disclosure", purpose="export",
                 summary={"filters": filters.as_summary(), "format": "csv"})
    response = StreamingHttpResponse(
        disclosures.csv_lines(rows, time_zone=request.network.time_zone),
        content_type="text/csv; charset=utf-8")
    day = timezone.localdate(timezone=ZoneInfo(request.network.time_zone)).isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="disclosures-{request.network.slug}-{day}.csv"')
    return response
