from django.urls import path

from accord.meetings import guest_views

app_name = "guest"

urlpatterns = [
    path("code/", guest_views.code, name="code"),
    path("confidentiality/", guest_views.acknowledge, name="acknowledge"),
    path("meeting/", guest_views.meeting, name="meeting"),
    path("meeting/minutes.pdf", guest_views.pdf, name="pdf"),
    path("leave/", guest_views.sign_out, name="leave"),
    path("language/", guest_views.choose_language, name="language"),
    path("<str:token>/", guest_views.open_link, name="open"),
]
