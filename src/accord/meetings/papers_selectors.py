"""Reads of meeting papers and speakers lists (issue 16). A paper is fetched by its one
fetch-and-authorise selector (paper_for, guest_paper_for), which asks the policy and records
the read in the access log; an item's papers are decided in bulk (one call per action for the
whole list, never one per paper)."""

from dataclasses import dataclass

from django.db.models import QuerySet

from accord import policy
from accord.meetings.models import AgendaItem, GuestInvitation, Paper, SpeakerRequest
from accord.meetings.policy_entities_papers import SpeakersList
from accord.tenancy.models import Membership


@dataclass
class PaperLine:
    paper: Paper
    readable: bool
    # Why not, when the reader may know it exists but not read it.
    reason: str = ""
    may_supersede: bool = False


@dataclass
class ItemPapers:
    item: AgendaItem
    item_shown: bool  # the item's title (agenda_item.view); otherwise a masked slot
    lines: list[PaperLine]


def _item(meeting_pk: int, item_pk: int, action: str, purpose: str) -> AgendaItem:
    item = (AgendaItem.objects.select_related("meeting__body", "meeting__network")
            .filter(pk=item_pk, meeting_id=meeting_pk).first())
    if item is None:
        raise policy.not_found(action, purpose=purpose)
    return item


def _versions(item: AgendaItem) -> list[Paper]:
    papers = list(Paper.objects.filter(item=item).select_related("uploaded_by__user")
                  .order_by("title", "-version", "pk"))
    for paper in papers:
        paper.item = item  # known: the policy's attributes need not load it again
    return papers


def papers_of_item(actor, item: AgendaItem, *, purpose: str) -> list[PaperLine]:
    """Every version of the item's papers this reader may know of, whether they may read
    each, and (a member) replace it: one bulk decision per action, never one per paper."""
    papers = _versions(item)
    if actor is None or not papers:
        return []
    sees = policy.decide_many(actor, "paper.see", papers, purpose=purpose)
    reads = policy.decide_many(actor, "paper.read", papers, purpose=purpose)
    manages = (policy.decide_many(actor, "paper.supersede", papers, purpose=purpose)
               if isinstance(actor, Membership) else sees)
    return [PaperLine(paper, read.allowed, read.reason,
                      isinstance(actor, Membership) and manage.allowed and paper.is_current)
            for paper, see, read, manage in zip(papers, sees, reads, manages, strict=True)
            if see.allowed]


def item_papers_for(membership: Membership, meeting_pk: int, item_pk: int, *,
                    purpose: str = "view") -> ItemPapers:
    """The papers page of one item. Found by those who may see the item, and by anyone who
    may see one of its papers (a paper at network visibility reaches members outside the
    body, who then see the item as a masked slot unless they may view it)."""
    item = _item(meeting_pk, item_pk, "paper.see", purpose)
    lines = papers_of_item(membership, item, purpose=purpose)
    sees_item = policy.decide(membership, "agenda_item.see", item, purpose=purpose)
    if not sees_item.allowed and not lines:
        raise policy.Denied(sees_item, hidden=True)
    shown = policy.decide(membership, "agenda_item.view", item, purpose=purpose).allowed
    return ItemPapers(item=item, item_shown=shown, lines=lines)


def paper_for(membership: Membership, pk: int, *, item_pk: int, meeting_pk: int,
              action: str = "paper.read", purpose: str = "view") -> Paper:
    """One paper; a read (paper.read) is recorded in the access log. 404 for whoever may not
    know it exists, 403 with the reason for a reader of the body who may not read it."""
    return policy.fetch(membership, Paper.objects.select_related("item__meeting"),
                        action=action, purpose=purpose, record=action == "paper.read",
                        pk=pk, item_id=item_pk, item__meeting_id=meeting_pk)


def guest_papers(guest: GuestInvitation) -> list[tuple[AgendaItem, list[PaperLine]]]:
    """The guest's items, each with the papers shared with its guests (decided for the guest;
    the view itself recorded, as every guest view is)."""
    from accord.meetings.services.guests import guest_read_audit

    guest_read_audit(guest, "papers page")
    items = list(guest.items.select_related("meeting").order_by("order", "pk"))
    return [(item, [line for line in papers_of_item(guest, item, purpose="guest")
                    if line.readable]) for item in items]


def guest_paper_for(guest: GuestInvitation, pk: int) -> Paper:
    """A paper of the guest's meeting they may read, else not found; the read recorded."""
    from accord.meetings.services.papers import guest_paper_read_audit

    paper = (Paper.objects.select_related("item__meeting")
             .filter(pk=pk, item__meeting_id=guest.meeting_id).first())
    if paper is None or not policy.decide(guest, "paper.read", paper,
                                          purpose="guest").allowed:
        raise policy.not_found("paper.read", purpose="guest")
    guest_paper_read_audit(guest, paper)
    return paper


def papers_on_record(item: AgendaItem) -> list[Paper]:
    """The versions the item's minutes keep: those current when the minutes were approved
    (papers no longer change after that), or the current ones while the minutes are open."""
    meeting = item.meeting
    papers = _versions(item)
    if meeting.minutes_approved_at is not None:
        return [p for p in papers if p.current_at(meeting.minutes_approved_at)]
    return [p for p in papers if p.is_current]


# Speakers ----------------------------------------------------------------------------------

@dataclass
class Speakers:
    item: AgendaItem
    speaking: SpeakerRequest | None
    waiting: list[SpeakerRequest]
    spoken: list[SpeakerRequest]
    mine: SpeakerRequest | None  # the reader's own open request
    may_request: bool
    may_call: bool

    @property
    def state(self) -> str:
        """Changes whenever the list does: a poll that names the state it shows gets "no
        change" (204) and the page is left alone, so a screen reader hears only changes."""
        import hashlib

        parts = [f"s{self.speaking.pk}:{self.speaking.speaking_time_seconds}"
                 if self.speaking else "s-"]
        parts += [f"w{r.pk}" for r in self.waiting] + [f"d{r.pk}" for r in self.spoken]
        parts.append(f"m{self.mine.pk}" if self.mine else "m-")
        return hashlib.sha256(",".join(parts).encode()).hexdigest()[:16]


def speakers_item_for(membership: Membership, meeting_pk: int, item_pk: int, *,
                      action: str = "speakers.view", purpose: str = "minute") -> AgendaItem:
    item = _item(meeting_pk, item_pk, action, purpose)
    policy.require(membership, action, SpeakersList(item), purpose=purpose)
    return item


def _requests(item: AgendaItem) -> QuerySet[SpeakerRequest]:
    return SpeakerRequest.objects.filter(item=item).select_related("membership__user",
                                                                   "membership__organisation")


def speakers_of(membership: Membership, item: AgendaItem) -> Speakers:
    """The item's speakers list as the chair's screen and the members' phones show it."""
    rows = list(_requests(item).order_by("requested_at", "pk"))
    open_rows = [r for r in rows if r.is_open]
    speakers_list = SpeakersList(item)
    return Speakers(
        item=item,
        speaking=next((r for r in open_rows if r.called_at is not None), None),
        waiting=[r for r in open_rows if r.called_at is None],
        spoken=sorted((r for r in rows if r.done_at is not None), key=lambda r: r.called_at),
        mine=next((r for r in open_rows if r.membership_id == membership.pk), None),
        may_request=policy.decide(membership, "speakers.request", speakers_list,
                                  purpose="minute").allowed,
        may_call=policy.decide(membership, "speakers.call", speakers_list,
                               purpose="minute").allowed)


def speakers_on_record(item: AgendaItem) -> list[SpeakerRequest]:
    """Who spoke on the item, in order: kept with the item's minutes draft."""
    return list(_requests(item).filter(called_at__isnull=False).order_by("called_at", "pk"))
