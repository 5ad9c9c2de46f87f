"""Meetings of a network's bodies (DESIGN.md, domain model: meetings).

Split by theme so no module grows past a few hundred lines; import from here.
"""

from accord.meetings.models.decisions import (  # noqa: F401
    BallotCast,
    Decision,
    DecisionOutcome,
    Procedure,
    SecretTally,
    Vote,
    VoteChoice,
    VoteMode,
)
from accord.meetings.models.guests import GuestInvitation  # noqa: F401
from accord.meetings.models.meeting import (  # noqa: F401
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceStatus,
    ItemPresence,
    Meeting,
    MeetingSeries,
    MeetingState,
)
from accord.meetings.models.minutes import (  # noqa: F401
    MinuteEntry,
    MinutesComment,
    MinuteStatus,
    Visibility,
)
from accord.meetings.models.papers import (  # noqa: F401
    Paper,
    PaperKind,
    PaperVisibility,
    SpeakerRequest,
)
from accord.meetings.models.planning import (  # noqa: F401
    AnsweredVia,
    AnswersVisibility,
    DateAnswer,
    DateAnswerChoice,
    DateOption,
    DatePoll,
    Reply,
    ReplyAnswer,
)
from accord.meetings.models.work import (  # noqa: F401
    ActionItem,
    ActionStatus,
    CalendarFeed,
    CallLog,
    CallVisibility,
)
