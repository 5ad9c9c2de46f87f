import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core.forms import add_service_errors
from accord.core.tokens import token_digest
from accord.meetings import selectors
from accord.meetings.forms import ActionItemForm, ActionStatusForm, CallLogForm
from accord.meetings.models import CalendarFeed
from accord.meetings.pdf import minutes_pdf
from accord.meetings.services import actions
from accord.meetings.views._common import in_network_time
from accord.meetings.visibility import bodies_read_by
from accord.tenancy.selectors import network_members


@in_network_time
def my_actions(request, network: str):
    membership = request.membership
    if request.method == "POST":
        selectors.require_a_body(membership, "action_item.create", bodies_read_by(membership),
                                 purpose="view")
    form = ActionItemForm(request.POST or None, bodies=bodies_read_by(membership),
                          members=network_members(network=request.network),
                          goals=_goals(request.network))
    if request.method == "POST" and form.is_valid():
        try:
            actions.action_item_create(membership=membership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Action assigned."))
            return redirect("meetings:actions", network=network)
    return render(request, "meetings/actions.html", {
        "actions": selectors.my_actions(membership=membership), "form": form,
        "statuses": ActionStatusForm(),
    }, status=400 if request.method == "POST" else 200)


def _goals(network) -> list:
    from accord.charter.selectors import goals

    return list(goals(network=network))


@require_POST
@in_network_time
def action_status(request, network: str, pk: int):
    # Found if the policy lets this person see it; changed if it lets them change it.
    action = selectors.action_for(request.membership, pk)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        actions.action_item_set_status(membership=request.membership, action=action,
                                       status=form.cleaned_data["status"])
        messages.success(request, _("Status saved."))
    return redirect("meetings:actions", network=network)


@in_network_time
def call_log(request, network: str):
    membership = request.membership
    if request.method == "POST":
        selectors.require_a_body(membership, "call_log.create", bodies_read_by(membership),
                                 purpose="view")
    form = CallLogForm(request.POST or None, bodies=bodies_read_by(membership),
                       members=network_members(network=request.network))
    if request.method == "POST" and form.is_valid():
        try:
            actions.call_log_create(membership=membership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Call logged."))
            return redirect("meetings:calls", network=network)
    # Reading the logs is recorded (call logs are sensitive): a refused form is shown alone,
    # so that a refusal reads and records nothing.
    logs = (selectors.call_logs_read(membership=membership, limit=200)
            if request.method != "POST" else None)
    return render(request, "meetings/calls.html", {"logs": logs, "form": form},
                  status=400 if request.method == "POST" else 200)


@in_network_time
def minutes_download(request, network: str, pk: int):
    """The minutes PDF for this reader: exactly what they may see; the selectors record the
    reads of what it holds beyond network visibility."""
    membership = request.membership
    meeting = selectors.meeting_for(membership, pk, action="meeting.read", purpose="export")
    pdf = minutes_pdf(meeting=meeting, membership=membership,
                      reader_name=request.user.full_name or request.user.email,
                      language=request.LANGUAGE_CODE)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="minutes-{meeting.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def calendar_settings(request, network: str):
    """Create, renew or revoke the private calendar address (shown once)."""
    feed = CalendarFeed.objects.filter(user=request.user).first()
    url = None
    if request.method == "POST":
        CalendarFeed.objects.filter(user=request.user).delete()
        feed = None
        if request.POST.get("action") == "create":
            token = secrets.token_urlsafe(32)
            feed = CalendarFeed.objects.create(user=request.user,
                                               token_hash=token_digest(token))
            url = request.build_absolute_uri(f"/calendar/{token}.ics")
            messages.success(request, _("Your private calendar address is ready."))
        else:
            messages.success(request, _("Your calendar address no longer works."))
    return render(request, "meetings/calendar.html", {"feed": feed, "url": url})
