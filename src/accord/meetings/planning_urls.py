"""/planning/…: the answer links of the planning e-mails, outside /n/<network>/ because the
link's signature, not a session, names the member (views/planning.py)."""

from django.urls import path

from accord.meetings.views import planning

app_name = "planning-links"

urlpatterns = [
    path("poll/<str:token>/", planning.poll_link, name="poll"),
    path("reply/<str:token>/", planning.reply_link, name="reply"),
]
