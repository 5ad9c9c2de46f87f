"""/planning/…: the answer links of the planning e-mails, outside /n/<network>/ because the
link's signature, not a session, names the member (views/planning.py)."""

from django.urls import path

from accord.meetings.views import planning

app_name = "planning-links"

urlpatterns = [
    path("poll/<str:token>/", planning.poll_link, name="poll"),
    path("reply/<str:token>/", planning.reply_link, name="reply"),
    # A calendar's iTIP REPLY, posted by the mail gateway of the organiser address.
    path("itip/<str:token>/", planning.itip_reply, name="itip"),
]
