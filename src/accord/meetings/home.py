"""The meetings panel on the network's home, registered in MeetingsConfig.ready()."""

from typing import Any

from accord.meetings.selectors import open_actions_for, upcoming_meetings_for
from accord.tenancy.models import Membership


def home_panel_context(*, membership: Membership) -> dict[str, Any]:
    return {"upcoming_meetings": upcoming_meetings_for(membership=membership),
            "open_actions": open_actions_for(membership=membership)}
