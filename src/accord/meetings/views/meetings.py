from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accord.core.forms import add_service_errors
from accord.meetings import selectors, services
from accord.meetings.forms import (
    AgendaItemEditForm,
    AgendaItemForm,
    AttendanceForm,
    GuestForm,
    MeetingForm,
    MinuteEntryForm,
    MinutesCommentForm,
)
from accord.meetings.models import AgendaItem, GuestInvitation, Meeting
from accord.meetings.offers import agenda_offers
from accord.meetings.services import agenda, attendance, circulation, guests, minutes
from accord.meetings.services import meetings as meeting_services
from accord.meetings.views._common import in_network_time
from accord.meetings.visibility import bodies_planned_by, bodies_read_by, meetings_seen_by


def _to_detail(meeting: Meeting):
    return redirect("meetings:detail", network=meeting.network.slug, pk=meeting.pk)


@in_network_time
def meeting_list(request, network: str):
    membership = request.membership
    body_id = request.GET.get("body")
    body_id = int(body_id) if body_id and body_id.isdigit() else None
    return render(request, "meetings/list.html", {
        "meetings": selectors.meetings_for(membership=membership, body_id=body_id)[:200],
        "bodies": bodies_read_by(membership),
        "body_id": body_id,
        "may_plan": bodies_planned_by(membership).exists(),
    })


def _meeting_form(request, data=None, initial=None):
    membership = request.membership
    return MeetingForm(data, initial=initial,
                       bodies=bodies_planned_by(membership),
                       meetings=meetings_seen_by(membership).order_by("-starts_at"))


@in_network_time
def meeting_create(request, network: str):
    selectors.require_a_body(request.membership, "body.plan_meetings",
                             bodies_planned_by(request.membership), purpose="prepare")
    form = _meeting_form(request, request.POST or None,
                         initial={"body": request.GET.get("body")})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_services.meeting_create(membership=request.membership,
                                                      **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Meeting scheduled."))
            return _to_detail(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form}, status=400
                  if request.method == "POST" else 200)


@in_network_time
def meeting_edit(request, network: str, pk: int):
    meeting = selectors.meeting_for(request.membership, pk, action="meeting.plan",
                                    purpose="prepare")
    initial = {field: getattr(meeting, field) for field in
               ("body", "title", "starts_at", "ends_at", "place", "video_link")}
    form = _meeting_form(request, request.POST or None, initial=initial)
    form.fields["body"].disabled = True
    form.fields.pop("copy_agenda_from")
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "body"}
        try:
            meeting_services.meeting_update(membership=request.membership, meeting=meeting,
                                            **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Meeting saved."))
            return _to_detail(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting},
                  status=400 if request.method == "POST" else 200)


@in_network_time
def meeting_detail(request, network: str, pk: int):
    membership = request.membership
    meeting = selectors.meeting_for(membership, pk)
    reads = selectors.may(membership, "meeting.read", meeting)
    planner = selectors.may(membership, "meeting.plan", meeting)
    record = selectors.minutes_record(meeting=meeting, membership=membership)
    if reads:
        _case_briefings(membership, record.agenda)
    return render(request, "meetings/detail.html", {
        **_circulation_context(meeting, membership, reads),
        "meeting": meeting,
        "record": record,
        "agenda": record.agenda,
        "reads": reads,
        "officer": selectors.may(membership, "meeting.minute", meeting),
        "planner": planner,
        "started": meeting.starts_at <= timezone.now(),
        "calls": selectors.calls_for_review(meeting=meeting, membership=membership)
        if reads else [],
        "guests": meeting.guests.all() if planner else [],
    })


def _case_briefings(membership, agenda) -> None:
    """Each case item's briefing: the case's signal as far as the sharing policy lets this
    reader see it for preparing the meeting (decided in bulk, the reads recorded and, across
    organisations, disclosed), or the reason it is withheld."""
    items = [line.item for line in agenda if line.shown and line.item.case_id]
    if not items:
        return
    from accord.cases.selectors import signals_for

    signals = signals_for(membership, [item.case for item in items], purpose="prepare",
                          channel="meeting")
    for item in items:
        item.briefing = signals[item.case_id]


def _circulation_context(meeting, membership, reads: bool) -> dict:
    if not reads or meeting.minutes_circulated_at is None:
        return {}
    visible = selectors.minute_entries_visible_to(meeting=meeting, membership=membership)
    return {
        "silent_deadline": circulation.silent_deadline(meeting),
        "objected": circulation.has_objection(meeting),
        "comments": circulation.comments_visible_to(meeting=meeting, membership=membership),
        "comment_form": MinutesCommentForm(entries=visible)
        if meeting.state == "held" else None,
    }


@require_POST
@in_network_time
def minutes_comment(request, network: str, pk: int):
    """A member comments on circulated draft minutes (an entry they may read, or all)."""
    membership = request.membership
    meeting = selectors.meeting_for(membership, pk)
    visible = selectors.minute_entries_visible_to(meeting=meeting, membership=membership)
    form = MinutesCommentForm(request.POST, entries=visible)
    if not form.is_valid():
        messages.error(request, _("Write your comment."))
        return _to_detail(meeting)
    try:
        circulation.minutes_comment_add(membership=membership, meeting=meeting,
                                        text=form.cleaned_data["text"],
                                        objection=form.cleaned_data["objection"],
                                        entry_id=form.cleaned_data["entry"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your comment is recorded."))
    return _to_detail(meeting)


def _post_action(service, message):
    @require_POST
    @in_network_time
    def view(request, network: str, pk: int):
        meeting = selectors.meeting_for(request.membership, pk)
        try:
            service(membership=request.membership, meeting=meeting)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return _to_detail(meeting)
        messages.success(request, message)
        return _to_detail(meeting)

    return view


# Lazy: these are made when the module is imported, in whatever language is active then.
meeting_publish = _post_action(agenda.agenda_publish,
                               gettext_lazy("Agenda published; invitations sent."))
minutes_circulate = _post_action(circulation.minutes_circulate,
                                 gettext_lazy("Draft minutes circulated for comments."))


@in_network_time
def agenda_edit(request, network: str, pk: int):
    meeting = selectors.meeting_for(request.membership, pk, action="meeting.plan",
                                    purpose="prepare")
    form = AgendaItemForm(request.POST or None)
    status = 200
    if request.method == "POST":
        services._common.require_agenda_open(meeting)
        if form.is_valid():
            try:
                agenda.agenda_item_create(membership=request.membership, meeting=meeting,
                                          **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Item added."))
                return redirect("meetings:agenda", network=network, pk=pk)
        status = 400
    return render(request, "meetings/agenda.html", {
        "meeting": meeting, "form": form,
        "items": meeting.items.select_related("forwarded_from__meeting"),
        "due_goals": agenda.goals_offered(meeting=meeting),
        "offers": agenda_offers(meeting=meeting, membership=request.membership),
        "steering_next": selectors.steering_meeting_after(meeting)
        if meeting.body.kind == "operational" else None,
        **selectors.carry_over_for(meeting=meeting),
    }, status=status)


@require_POST
@in_network_time
def agenda_goal_add(request, network: str, pk: int, goal_id: int):
    """One click: a goal due for review becomes a goal-review item of this agenda."""
    meeting = selectors.meeting_for(request.membership, pk, action="meeting.plan",
                                    purpose="prepare")
    try:
        agenda.agenda_goal_review_add(membership=request.membership, meeting=meeting,
                                      goal_id=goal_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Goal review added to the agenda."))
    return redirect("meetings:agenda", network=network, pk=pk)


def _item(request, pk: int, item_id: int, action: str = "agenda_item.see") -> AgendaItem:
    return selectors.agenda_item_for(request.membership, item_id, meeting_pk=pk, action=action,
                                     purpose="prepare")


ITEM_EDIT_FIELDS = ("title", "kind", "time_box_minutes", "description", "confidential",
                    "required_level", "case", "goal_id", "charter_document_id")


@in_network_time
def agenda_item_edit(request, network: str, pk: int, item_id: int):
    """Change one agenda item in full (title, kind, time box, links, confidentiality,
    guests); refused once the minutes are approved or the meeting cancelled."""
    item = _item(request, pk, item_id, action="agenda_item.plan")
    meeting = item.meeting
    services._common.require_agenda_open(meeting)
    initial = {field: getattr(item, field) for field in ITEM_EDIT_FIELDS}
    initial["guests"] = list(item.guests.all())
    form = AgendaItemEditForm(request.POST or None, initial=initial,
                              links=agenda.link_choices(network=meeting.network),
                              guests=meeting.guests.filter(revoked_at__isnull=True))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            agenda.agenda_item_update(membership=request.membership, item=item,
                                      guests=data.pop("guests", None), **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Item saved."))
            return redirect("meetings:agenda", network=network, pk=pk)
    return render(request, "meetings/agenda_item_form.html",
                  {"meeting": meeting, "item": item, "form": form},
                  status=400 if request.method == "POST" else 200)


@require_POST
@in_network_time
def agenda_item_move(request, network: str, pk: int, item_id: int):
    item = _item(request, pk, item_id)
    agenda.agenda_item_move(membership=request.membership, item=item,
                            up=request.POST.get("direction") == "up")
    # Said aloud after the HTMX swap (and shown without JavaScript): where the item is now.
    ids = list(item.meeting.items.values_list("pk", flat=True))
    messages.success(request, _("“%(title)s” is now item %(position)s of %(count)s.") % {
        "title": item.title, "position": ids.index(item.pk) + 1, "count": len(ids)})
    return redirect("meetings:agenda", network=network, pk=pk)


@require_POST
@in_network_time
def agenda_item_delete(request, network: str, pk: int, item_id: int):
    item = _item(request, pk, item_id)
    agenda.agenda_item_delete(membership=request.membership, item=item)
    messages.success(request, _("Item removed."))
    return redirect("meetings:agenda", network=network, pk=pk)


@require_POST
@in_network_time
def agenda_item_carry(request, network: str, pk: int, item_id: int):
    """Put an unresolved item of the previous meeting on this agenda (with its history)."""
    meeting = selectors.meeting_for(request.membership, pk)
    previous = selectors.previous_meeting(meeting)
    # Only an item of the previous meeting (none: nothing to carry, not found).
    item = selectors.agenda_item_for(request.membership, item_id,
                                     meeting_pk=previous.pk if previous else 0)
    agenda.agenda_item_forward(membership=request.membership, item=item, to_meeting=meeting)
    return redirect("meetings:agenda", network=network, pk=pk)


@require_POST
@in_network_time
def agenda_item_forward(request, network: str, pk: int, item_id: int):
    """Forward a case conference item to the steering group's next meeting (with a link back
    to its history)."""
    item = _item(request, pk, item_id)
    target = selectors.steering_meeting_after(item.meeting)
    if target is None:
        messages.error(request, _("The steering group has no upcoming meeting to forward to."))
    else:
        agenda.agenda_item_forward(membership=request.membership, item=item, to_meeting=target)
        messages.success(request, _("Item forwarded to %(meeting)s.") % {"meeting": target})
    return redirect("meetings:agenda", network=network, pk=pk)


@in_network_time
def attendance_edit(request, network: str, pk: int):
    membership = request.membership
    meeting = selectors.meeting_for(membership, pk, action="meeting.record_attendance",
                                    purpose="minute")
    rows = list(meeting.attendances.select_related("membership__user", "organisation")
                .order_by("membership__user__full_name", "pk"))
    items = list(meeting.items.all())
    recorded = {(p.item_id, p.membership_id) for p in services.attendance.ItemPresence.objects
                .filter(item__meeting=meeting, membership__isnull=False)}
    if request.method == "POST":
        attendance.require_agenda_open(meeting)  # frozen: say so, whatever was posted
    form = AttendanceForm(request.POST or None, rows=rows, items=items, recorded=recorded)
    if request.method == "POST" and form.is_valid():
        try:
            attendance.attendance_record(membership=membership, meeting=meeting,
                                         **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Attendance and presence saved."))
            return redirect("meetings:attendance", network=network, pk=pk)
    return render(request, "meetings/attendance.html", {
        "meeting": meeting, "form": form, "table": form.table(), "items": items,
    }, status=400 if request.method == "POST" else 200)


@in_network_time
def minutes_item(request, network: str, pk: int, item_id: int):
    """Write a new entry for one item (chair or secretary)."""
    item = _item(request, pk, item_id, action="agenda_item.minute")
    form = MinuteEntryForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            minutes.minute_entry_create(membership=request.membership, item=item,
                                        text=form.cleaned_data["text"],
                                        visibility=form.cleaned_data["visibility"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Entry saved."))
            return _to_detail(item.meeting)
    return render(request, "meetings/minute_form.html",
                  {"meeting": item.meeting, "item": item, "form": form},
                  status=400 if request.method == "POST" else 200)


@in_network_time
def minute_entry_edit(request, network: str, pk: int, entry_id: int):
    """Edit a draft entry with optimistic locking: a conflict keeps both texts."""
    meeting = selectors.meeting_for(request.membership, pk)
    entry = selectors.minute_entry_for(request.membership, entry_id, meeting_pk=pk,
                                       action="minute_entry.edit", purpose="minute")
    form = MinuteEntryForm(request.POST or None, initial={
        "text": entry.text, "visibility": entry.visibility, "lock_version": entry.lock_version})
    conflict = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                minutes.minute_entry_update(
                    membership=request.membership, entry=entry,
                    text=form.cleaned_data["text"], visibility=form.cleaned_data["visibility"],
                    lock_version=form.cleaned_data["lock_version"] or 0)
            except services.EditConflict as error:
                conflict, status = error, 409
                form = MinuteEntryForm(initial={
                    "text": error.submitted_text, "visibility": form.cleaned_data["visibility"],
                    "lock_version": error.current.lock_version})
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Entry saved."))
                return _to_detail(meeting)
    return render(request, "meetings/minute_form.html", {
        "meeting": meeting, "item": entry.item, "entry": entry, "form": form,
        "conflict": conflict}, status=status)


@require_POST
@in_network_time
def minute_addendum(request, network: str, pk: int, entry_id: int):
    meeting = selectors.meeting_for(request.membership, pk)
    entry = selectors.minute_entry_for(request.membership, entry_id, meeting_pk=pk,
                                       action="minute_entry.edit", purpose="minute")
    form = MinuteEntryForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the addendum's text."))
        return _to_detail(meeting)
    minutes.minute_addendum_create(membership=request.membership, entry=entry,
                                   text=form.cleaned_data["text"],
                                   visibility=form.cleaned_data["visibility"])
    messages.success(request, _("Addendum saved."))
    return _to_detail(meeting)


@require_POST
@in_network_time
def minute_addendum_approve(request, network: str, pk: int, entry_id: int):
    meeting = selectors.meeting_for(request.membership, pk)
    entry = selectors.minute_entry_for(request.membership, entry_id, meeting_pk=pk,
                                       action="minute_entry.edit", purpose="minute")
    minutes.minute_addendum_approve(membership=request.membership, addendum=entry)
    messages.success(request, _("Addendum approved."))
    return _to_detail(meeting)


@in_network_time
def guest_invite(request, network: str, pk: int):
    meeting = selectors.meeting_for(request.membership, pk, action="meeting.plan",
                                    purpose="prepare")
    form = GuestForm(request.POST or None, items=meeting.items.all())
    too_late = guests.guest_access_over(meeting)
    if request.method == "POST" and too_late:
        form.is_valid()
        form.add_error(None, too_late)
    elif request.method == "POST" and form.is_valid():
        try:
            guests.guest_invite(membership=request.membership, meeting=meeting,
                                **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Guest invited; the link was sent by e-mail."))
            return _to_detail(meeting)
    # A meeting already over is warned about before the secretary sends anything.
    return render(request, "meetings/guest_form.html", {
        "meeting": meeting, "form": form, "meeting_over": meeting.ends_at <= timezone.now(),
        "too_late": too_late,
        "access_ends_at": GuestInvitation.access_end(meeting),
        "grace_hours": GuestInvitation.grace_hours(),
    }, status=400 if request.method == "POST" else 200)
