from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core.forms import add_service_errors
from accord.meetings import selectors
from accord.meetings.forms import SeriesForm
from accord.meetings.models import MeetingSeries
from accord.meetings.services import series as series_services
from accord.meetings.views._common import in_network_time
from accord.meetings.visibility import bodies_planned_by


def _series(request, pk: int) -> MeetingSeries:
    return selectors.series_for(request.membership, pk)


@in_network_time
def series_create(request, network: str):
    selectors.require_some_body(request.membership, "body.plan_meetings")
    bodies = bodies_planned_by(request.membership)
    form = SeriesForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        try:
            series = series_services.series_create(membership=request.membership,
                                                   **form.service_arguments())
            series_services.series_generate(membership=request.membership, series=series)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Series created; its next meetings are scheduled."))
            return redirect("meetings:series", network=network, pk=series.pk)
    return render(request, "meetings/series_form.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


@in_network_time
def series_detail(request, network: str, pk: int):
    series = _series(request, pk)
    return render(request, "meetings/series.html", {
        "series": series, "meetings": series.meetings.order_by("starts_at"),
        "planner": selectors.may(request.membership, "series.plan", series),
    })


@require_POST
@in_network_time
def series_generate(request, network: str, pk: int):
    series = _series(request, pk)
    try:
        created = series_services.series_generate(membership=request.membership,
                                                  series=series)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)s meetings scheduled.") % {"count": len(created)})
    return redirect("meetings:series", network=network, pk=pk)
