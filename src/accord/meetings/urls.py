from django.urls import path

from accord.meetings.papers_urls import urlpatterns as papers_urlpatterns
from accord.meetings.views import decisions, lifecycle, meetings, planning, series, work

app_name = "meetings"

M = "<int:pk>/"

urlpatterns = [
    path("", meetings.meeting_list, name="list"),
    path("new/", meetings.meeting_create, name="create"),
    path(M, meetings.meeting_detail, name="detail"),
    path(M + "edit/", meetings.meeting_edit, name="edit"),
    path(M + "publish/", meetings.meeting_publish, name="publish"),
    path(M + "cancel/", lifecycle.meeting_cancel, name="cancel"),
    path(M + "reinstate/", lifecycle.meeting_reinstate, name="reinstate"),
    path(M + "held/", lifecycle.meeting_held, name="held"),
    path(M + "approve/", lifecycle.minutes_approve, name="approve"),
    path(M + "circulate/", meetings.minutes_circulate, name="circulate"),
    path(M + "comments/", meetings.minutes_comment, name="comment"),
    path(M + "agenda/", meetings.agenda_edit, name="agenda"),
    path(M + "agenda/<int:item_id>/", meetings.agenda_item_edit, name="item-edit"),
    path(M + "agenda/<int:item_id>/move/", meetings.agenda_item_move, name="item-move"),
    path(M + "agenda/<int:item_id>/delete/", meetings.agenda_item_delete, name="item-delete"),
    path(M + "agenda/<int:item_id>/forward/", meetings.agenda_item_forward,
         name="item-forward"),
    path(M + "agenda/<int:item_id>/carry/", meetings.agenda_item_carry, name="item-carry"),
    path(M + "agenda/goals/<int:goal_id>/add/", meetings.agenda_goal_add, name="goal-add"),
    path(M + "attendance/", meetings.attendance_edit, name="attendance"),
    path(M + "minutes/<int:item_id>/", meetings.minutes_item, name="minutes-item"),
    path(M + "minutes/entries/<int:entry_id>/", meetings.minute_entry_edit, name="entry-edit"),
    path(M + "minutes/entries/<int:entry_id>/addendum/", meetings.minute_addendum,
         name="addendum"),
    path(M + "minutes/entries/<int:entry_id>/approve/", meetings.minute_addendum_approve,
         name="addendum-approve"),
    path(M + "minutes.pdf", work.minutes_download, name="pdf"),
    path(M + "guests/", meetings.guest_invite, name="guests"),
    path(M + "decisions/new/", decisions.decision_create, name="decision-create"),
    path("decisions/", decisions.register, name="decisions"),
    path("decisions/new/", decisions.written_create, name="decision-written"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision"),
    path("decisions/<int:pk>/vote/", decisions.vote, name="vote"),
    path("decisions/<int:pk>/close/", decisions.close, name="close"),
    path("decisions/<int:pk>/record/", decisions.record, name="record"),
    path("series/new/", series.series_create, name="series-create"),
    path("series/<int:pk>/", series.series_detail, name="series"),
    path("series/<int:pk>/generate/", series.series_generate, name="series-generate"),
    path("actions/", work.my_actions, name="actions"),
    path("actions/<int:pk>/status/", work.action_status, name="action-status"),
    path("calls/", work.call_log, name="calls"),
    path("calendar/", work.calendar_settings, name="calendar"),
    *papers_urlpatterns,
]

# Meeting planning (issue 16): date polls and replies.
urlpatterns += [
    path(M + "date-poll/", planning.date_poll, name="date-poll"),
    path(M + "date-poll/new/", planning.date_poll_new, name="date-poll-new"),
    path(M + "date-poll/choose/", planning.date_poll_choose, name="date-poll-choose"),
    path(M + "replies/", planning.replies, name="replies"),
]
