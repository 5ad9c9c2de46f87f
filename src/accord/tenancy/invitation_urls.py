"""/invitations/<token>/: outside /n/<network>/, because the invitee is not a member yet."""

from django.urls import path

from accord.tenancy import invitation_views

app_name = "invitations"

urlpatterns = [
    path("<str:token>/", invitation_views.invitation, name="accept"),
]
