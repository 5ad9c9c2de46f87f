"""Pages of meeting papers and the speakers list (issue 16); thin: parse, call, render.

A download streams the stored file (FileResponse over the storage's file, read in chunks),
always as an attachment, with nosniff and a sandboxing Content-Security-Policy, so that even
a file a browser might take for something active is never run in Accord's origin.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accord import policy
from accord.api.limits import sent_file_name
from accord.core.forms import add_service_errors
from accord.meetings import papers_selectors as selectors
from accord.meetings.guest_views import guest_page
from accord.meetings.models import Paper, PaperKind
from accord.meetings.papers_forms import PaperForm, SpeakingTimeForm
from accord.meetings.services import papers as services
from accord.meetings.services import speakers as speaker_services
from accord.meetings.views._common import in_network_time

DOWNLOAD_CSP = "sandbox; default-src 'none'; frame-ancestors 'none'"


def paper_response(paper: Paper, file) -> FileResponse:
    """The paper's file as a streamed attachment (never read whole into memory)."""
    response = FileResponse(file, as_attachment=True, filename=paper.original_filename,
                            content_type=paper.content_type)
    response.block_size = services.CHUNK
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    response["Cache-Control"] = "private, no-store"
    return response


def _served(paper: Paper):
    if paper.kind == PaperKind.LINK:
        return HttpResponseRedirect(paper.url)
    return paper_response(paper, services.paper_open(paper))


def _to_papers(network: str, pk: int, item_id: int):
    return redirect("meetings:papers", network=network, pk=pk, item_id=item_id)


def _save(request, form, item, supersedes=None) -> bool:
    data = form.cleaned_data
    try:
        if data["kind"] == PaperKind.LINK:
            services.paper_link_add(membership=request.membership, item=item,
                                    title=data["title"], visibility=data["visibility"],
                                    url=data["url"], supersedes=supersedes)
        else:
            upload = data["file"]
            services.paper_upload(membership=request.membership, item=item,
                                  title=data["title"], visibility=data["visibility"],
                                  upload=upload, filename=sent_file_name(request, upload),
                                  supersedes=supersedes)
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


@in_network_time
def item_papers(request, network: str, pk: int, item_id: int):
    """An item's papers (each reader those they may know of) and, for those who may add
    papers, the upload form."""
    page = selectors.item_papers_for(request.membership, pk, item_id)
    may_upload = policy.decide(request.membership, "paper.upload", page.item,
                                         purpose="prepare").allowed
    form = PaperForm(request.POST or None, request.FILES or None) if may_upload else None
    if request.method == "POST":
        if form is None:
            policy.require(request.membership, "paper.upload", page.item,
                                     purpose="prepare")
        if form.is_valid() and _save(request, form, page.item):
            messages.success(request, _("Paper added."))
            return _to_papers(network, pk, item_id)
    return render(request, "meetings/papers/item.html", {
        "page": page, "item": page.item, "meeting": page.item.meeting, "form": form,
        "on_record": selectors.papers_on_record(page.item)
        if page.item.meeting.minutes_approved_at else None,
    }, status=400 if request.method == "POST" else 200)


@in_network_time
def paper_supersede(request, network: str, pk: int, item_id: int, paper_id: int):
    paper = selectors.paper_for(request.membership, paper_id, item_pk=item_id, meeting_pk=pk,
                                action="paper.supersede", purpose="prepare")
    form = PaperForm(request.POST or None, request.FILES or None,
                     initial={"title": paper.title, "visibility": paper.visibility,
                              "kind": paper.kind})
    if request.method == "POST" and form.is_valid() and _save(request, form, paper.item,
                                                              supersedes=paper):
        messages.success(request, _("New version added."))
        return _to_papers(network, pk, item_id)
    return render(request, "meetings/papers/supersede.html", {
        "paper": paper, "item": paper.item, "meeting": paper.item.meeting, "form": form,
    }, status=400 if request.method == "POST" else 200)


def paper_download(request, network: str, pk: int, item_id: int, paper_id: int):
    paper = selectors.paper_for(request.membership, paper_id, item_pk=item_id, meeting_pk=pk)
    return _served(paper)


# Speakers --------------------------------------------------------------------------------

def _speakers_context(request, item) -> dict:
    return {"speakers": selectors.speakers_of(request.membership, item), "item": item,
            "meeting": item.meeting, "time_form": SpeakingTimeForm()}


@in_network_time
def speakers(request, network: str, pk: int, item_id: int):
    """The item's speakers list: the chair's screen and the members' phones. Polled by htmx
    (`?part=list` returns the list alone) so it updates without a reload."""
    item = selectors.speakers_item_for(request.membership, pk, item_id)
    context = _speakers_context(request, item)
    if request.GET.get("part") == "list":
        if request.GET.get("state") == context["speakers"].state:
            return HttpResponse(status=204)  # nothing changed: htmx leaves the page alone
        return render(request, "meetings/papers/_speakers_part.html", context)
    return render(request, "meetings/papers/speakers.html", context)


def _speakers_act(act, done: str):
    @require_POST
    @in_network_time
    def view(request, network: str, pk: int, item_id: int):
        item = selectors.speakers_item_for(request.membership, pk, item_id,
                                           action="speakers.view")
        try:
            act(request, item)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return render(request, "meetings/papers/speakers.html",
                          _speakers_context(request, item), status=400)
        messages.success(request, done)
        return redirect("meetings:speakers", network=network, pk=pk, item_id=item_id)

    return view


def _call_next(request, item) -> None:
    form = SpeakingTimeForm(request.POST)
    if not form.is_valid():
        raise ValidationError(form.errors["speaking_time_minutes"])
    minutes = form.cleaned_data["speaking_time_minutes"]
    speaker_services.speaker_call_next(membership=request.membership, item=item,
                                       speaking_time_seconds=minutes * 60 if minutes else None)


speakers_request = _speakers_act(lambda request, item: speaker_services.speaker_request(
    membership=request.membership, item=item), gettext_lazy("You are on the speakers list."))
speakers_withdraw = _speakers_act(lambda request, item: speaker_services.speaker_withdraw(
    membership=request.membership, item=item), gettext_lazy("Your request to speak is withdrawn."))
speakers_next = _speakers_act(_call_next, gettext_lazy("The next speaker is called."))
speakers_done = _speakers_act(lambda request, item: speaker_services.speaker_done(
    membership=request.membership, item=item), gettext_lazy("The turn has ended."))


# Guests ----------------------------------------------------------------------------------

@guest_page("content")
def guest_papers(request, invitation):
    return render(request, "meetings/papers/guest.html", {
        "invitation": invitation, "meeting": invitation.meeting,
        "items": selectors.guest_papers(invitation)})


@guest_page("content")
def guest_paper_download(request, invitation, paper_id: int):
    return _served(selectors.guest_paper_for(invitation, paper_id))
