"""How a date poll appears to the policy (policies/meetings.cedar, "Planning"): its meeting's
body and officers flattened into its attributes, in one query for a whole list."""

from collections.abc import Sequence
from typing import Any

from accord.meetings.policy_entities import _meetings, _officers
from accord.policy.entities import ref, register


def date_poll_attrs(polls: Sequence[Any]) -> list[dict[str, Any]]:
    meetings = _meetings(polls)
    return [{"network": ref("Network", p.network_id), "meeting": ref("Meeting", p.meeting_id),
             "body": ref("Body", meetings[p.meeting_id].body_id),
             "officers": _officers(meetings[p.meeting_id]),
             "answers_visibility": p.answers_visibility} for p in polls]


def register_planning() -> None:
    from accord.meetings.models import DatePoll

    register(DatePoll, type="DatePoll", attrs=date_poll_attrs, exists_action="date_poll.view")
