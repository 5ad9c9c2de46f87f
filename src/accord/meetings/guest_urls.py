from django.urls import path

from accord.meetings import guest_views
from accord.meetings.papers_urls import guest_urlpatterns as papers_urlpatterns

app_name = "guest"

urlpatterns = [
    path("code/", guest_views.code, name="code"),
    path("confidentiality/", guest_views.acknowledge, name="acknowledge"),
    path("meeting/", guest_views.meeting, name="meeting"),
    path("meeting/minutes.pdf", guest_views.pdf, name="pdf"),
    *papers_urlpatterns,
    path("leave/", guest_views.sign_out, name="leave"),
    path("language/", guest_views.choose_language, name="language"),
    path("<str:token>/", guest_views.open_link, name="open"),
]
