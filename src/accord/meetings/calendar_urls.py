from django.urls import path

from accord.meetings.calendar import calendar_feed

app_name = "calendar"

urlpatterns = [
    path("<str:token>.ics", calendar_feed, name="feed"),
]
