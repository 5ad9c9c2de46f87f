"""How papers and speakers lists appear to the policy (policies/meetings.cedar, issue 16).

Like policy_entities: bulk builders, a constant number of queries per list. A paper carries
its item's facts (room, guests, restricted record, officers) so that one decision needs no
other entity. A speakers list has no row of its own: SpeakersList stands for one item's list.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from accord.meetings.policy_entities import (
    _item_guests,
    _meetings,
    _officers,
    _restricted,
    _rooms,
)
from accord.policy.entities import ref, refs, register


def paper_categories(paper: Any) -> list[str]:
    # Every read of a paper is in the access log (issue 16: "each read is in the access log").
    return ["meeting_paper"]


def paper_attrs(papers: Sequence[Any]) -> list[dict[str, Any]]:
    from accord.meetings.models import AgendaItem

    items = {p.item_id: p._state.fields_cache.get("item") for p in papers}
    missing = {pk for pk, item in items.items() if item is None}
    if missing:
        items.update({i.pk: i for i in AgendaItem.objects.filter(pk__in=missing).only(
            "pk", "meeting_id", "confidential", "kind")})
    item_list = list(items.values())
    meetings = _meetings(item_list)
    members, _guests_present = _rooms(set(items), set(meetings))
    invited = _item_guests(set(items), set(meetings))
    restricted = _restricted(item_list)
    result = []
    for paper in papers:
        item = items[paper.item_id]
        meeting = meetings[item.meeting_id]
        result.append({
            "network": ref("Network", paper.network_id), "meeting": ref("Meeting", meeting.pk),
            "body": ref("Body", meeting.body_id), "officers": _officers(meeting),
            "item": ref("AgendaItem", item.pk), "visibility": paper.visibility,
            "confidential": item.confidential, "restricted": item.pk in restricted,
            "present": refs("Member", members[item.pk]),
            "guests": refs("Guest", invited[item.pk]),
            "uploader": refs("Member", [paper.uploaded_by_id]),
        })
    return result


@dataclass(frozen=True)
class SpeakersList:
    """The speakers list of one agenda item, as the policy's resource."""

    item: Any

    @property
    def pk(self) -> int:
        return self.item.pk

    @property
    def network_id(self) -> int:
        return self.item.network_id


def speakers_attrs(lists: Sequence[SpeakersList]) -> list[dict[str, Any]]:
    from accord.meetings.models import Attendance, AttendanceStatus

    items = [s.item for s in lists]
    meetings = _meetings(items)
    attending: dict[int, list] = defaultdict(list)
    for meeting_id, membership_id in Attendance.objects.filter(
            meeting_id__in=set(meetings), status=AttendanceStatus.PRESENT).values_list(
            "meeting_id", "membership_id"):
        attending[meeting_id].append(membership_id)
    return [{"network": ref("Network", item.network_id), "meeting": ref("Meeting", item.meeting_id),
             "body": ref("Body", meetings[item.meeting_id].body_id),
             "officers": _officers(meetings[item.meeting_id]),
             "attending": refs("Member", attending[item.meeting_id])} for item in items]


def register_papers() -> None:
    from accord.meetings.models import Paper

    # A paper's existence is told to the body's readers (403 with the reason when they may
    # not read it); to anyone else a paper they may not read does not exist (404).
    register(Paper, type="Paper", attrs=paper_attrs, exists_action="paper.see",
             categories=paper_categories)
    register(SpeakersList, type="SpeakersList", attrs=speakers_attrs,
             exists_action="speakers.view")
