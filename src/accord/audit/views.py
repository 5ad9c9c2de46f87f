"""The audit page under /n/<network>/audit/: the network's trail for its coordinators and
privacy officers (the policy's audit.* actions; others get a 403 page saying so), with
filters, a CSV export (itself audited) and an on-demand verification of the network's chain.
The summaries shown name changed fields, never case content, so privacy officers see who did
what without seeing what it was about."""

from functools import wraps
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accord import policy
from accord.audit import export, selectors, services
from accord.audit.forms import AccessReadsForm, AuditFilterForm
from accord.audit.witness import witness_overdue

PER_PAGE = 50
READS_PER_PAGE = 50
INVALID = 400


def audit_policy(action: str, purpose: str = "oversight"):
    """Reached only if the policy permits `action` on the network (coordinators and privacy
    officers); anyone else gets the 403 page with the reason (policy.middleware)."""
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            policy.require(request.membership, action, request.network, purpose=purpose)
            return view(request, *args, **kwargs)
        return wrapper
    return decorator


def _events_page(request, form: AuditFilterForm) -> HttpResponse:
    """The page; with invalid filters it shows the errors and no rows (400)."""
    membership = request.membership
    page = None
    valid = not form.is_bound or form.is_valid()
    if valid:
        filters = form.filters() if form.is_bound else selectors.AuditFilters()
        page = selectors.audit_events_page(membership=membership, filters=filters,
                                           before=request.GET.get("before", ""),
                                           after=request.GET.get("after", ""), size=PER_PAGE)
    return render(request, "audit/events.html", {
        "form": form, "page": page,
        "last_verification": selectors.audit_last_verification(membership=membership),
        "witness_overdue": witness_overdue(),
    }, status=200 if valid else INVALID)


@require_GET
@audit_policy("audit.view")
def events(request, network: str):
    return _events_page(request, AuditFilterForm(request.GET or None,
                                                 membership=request.membership))


@require_GET
@audit_policy("audit.export", purpose="export")
def export_csv(request, network: str):
    form = AuditFilterForm(request.GET, membership=request.membership)
    if not form.is_valid():
        return _events_page(request, form)
    filters = form.filters()
    services.audit_export_record(membership=request.membership, filters=filters)
    events = selectors.audit_events(membership=request.membership, filters=filters)
    response = StreamingHttpResponse(
        export.csv_lines(events, time_zone=request.network.time_zone),
        content_type="text/csv; charset=utf-8",
    )
    day = timezone.localdate(timezone=ZoneInfo(request.network.time_zone)).isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="audit-{request.network.slug}-{day}.csv"')
    return response


@require_POST
@audit_policy("audit.verify")
def verify(request, network: str):
    verification = services.audit_chain_verify(membership=request.membership)
    report, access = verification.chain, verification.access
    if verification.intact:
        messages.success(request, ngettext(
            "The audit chain is intact: %(count)s event checked.",
            "The audit chain is intact: %(count)s events checked.", report.events_checked,
        ) % {"count": report.events_checked})
    elif not report.intact:
        messages.error(request, _("The audit chain is broken. First broken link: %(where)s")
                       % {"where": report.broken.describe()})
    else:
        messages.error(request, _("The record of reads is broken: %(where)s")
                       % {"where": access.broken[0].describe()})
    return redirect("audit:events", network=network)


@require_GET
@audit_policy("audit.view")
def reads(request, network: str):
    """Who read this: every recorded read of one object (folded into the chain or not)."""
    form = AccessReadsForm(request.GET or None, membership=request.membership)
    page = page_range = None
    valid = not form.is_bound or form.is_valid()
    if form.is_bound and valid:
        found = selectors.access_reads(membership=request.membership,
                                       object_type=form.cleaned_data["object_type"],
                                       object_id=form.cleaned_data["object_id"])
        page = Paginator(found, READS_PER_PAGE).get_page(request.GET.get("page"))
        page_range = page.paginator.get_elided_page_range(page.number, on_each_side=2,
                                                          on_ends=1)
    return render(request, "audit/reads.html", {"form": form, "page": page,
                                                "page_range": page_range},
                  status=200 if valid else INVALID)
