"""The audit page's words for the meetings' object types and event details."""

from django.utils.translation import gettext_lazy as _

from accord.audit import labels
from accord.audit.labels import Detail, Ref, choices
from accord.meetings.models import AnsweredVia, AnswersVisibility, ReplyAnswer, VoteChoice
from accord.meetings.templatetags.meetings_tags import meeting_name


def register() -> None:
    labels.register_object_types({
        "meetings.ballotcast": _("Ballot cast"),
        "meetings.calendarfeed": _("Calendar feed"),
        "meetings.itempresence": _("Item presence"),
        "meetings.secretballot": _("Secret ballot"),
        "meetings.secrettally": _("Secret vote count"),
        "meetings.vote": _("Vote"),
    })
    labels.register_display("meetings.meeting", meeting_name, related=("network",))
    labels.register_details({
        "meeting": Detail(_("Meeting"), Ref("meetings.meeting")),
        "item": Detail(_("Agenda item"), Ref("meetings.agendaitem")),
        "items": Detail(_("Agenda items"), Ref("meetings.agendaitem")),
        "owner": Detail(_("Owner"), Ref("tenancy.membership")),
    })
    labels.register_details({
        "choice": Detail(_("Vote"), choices(VoteChoice)),
        "dissent": Detail(_("Dissent recorded")),
        "minority_statement": Detail(_("Minority statement recorded")),
        "written": Detail(_("Written procedure")),
        "adopts_charter_version": Detail(_("Adopts charter version"),
                                         Ref("charter.charterversion")),
    }, object_type="meetings.decision")
    labels.register_details({
        "copied_agenda_from": Detail(_("Agenda copied from"), Ref("meetings.meeting")),
        "invited": Detail(_("Members invited")),
        "entries": Detail(_("Minutes entries")),
    }, object_type="meetings.meeting")
    labels.register_details({
        "members": Detail(_("Members present")),
        "guests": Detail(_("Guests present")),
    }, object_type="meetings.agendaitem")
    labels.register_details({"participants": Detail(_("Participants"))},
                            object_type="meetings.calllog")
    labels.register_details({"rule": Detail(_("Recurrence")),
                             "created": Detail(_("Meetings created"))},
                            object_type="meetings.meetingseries")
    # Planning (issue 16): date polls and replies.
    labels.register_details({
        "options": Detail(_("Dates proposed")),
        "answers_visibility": Detail(_("Answers visible to"), choices(AnswersVisibility)),
        "answers": Detail(_("Answers")),
        "option": Detail(_("Date chosen"), Ref("meetings.dateoption")),
        "via": Detail(_("Answered by"), choices(AnsweredVia)),
    }, object_type="meetings.datepoll")
    labels.register_details({
        "answer": Detail(_("Reply"), choices(ReplyAnswer)),
        "deputy": Detail(_("Deputy"), Ref("tenancy.membership")),
        "via": Detail(_("Answered by"), choices(AnsweredVia)),
    }, object_type="meetings.reply")
