from django.urls import path

from accord.tenancy import views

app_name = "tenancy"

urlpatterns = [
    path("", views.home, name="home"),
    path("members/", views.members, name="members"),
    path("members/invite/", views.invite, name="invite"),
    path("members/<int:pk>/", views.member, name="member"),
    path("members/<int:pk>/roles/", views.member_roles, name="member-roles"),
    path("members/<int:pk>/end/", views.member_end, name="member-end"),
    path("members/<int:pk>/sessions-end/", views.member_sessions_end, name="member-sessions-end"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/new/", views.organisation_create, name="organisation-create"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation-edit"),
    path("bodies/", views.bodies, name="bodies"),
    path("bodies/new/", views.body_create, name="body-create"),
    path("bodies/<int:pk>/", views.body, name="body"),
    path("bodies/<int:pk>/edit/", views.body_edit, name="body-edit"),
    path("bodies/<int:pk>/members/add/", views.body_member_add, name="body-member-add"),
    path("bodies/<int:pk>/members/<int:seat>/", views.body_member_change,
         name="body-member-change"),
    path("bodies/<int:pk>/members/<int:seat>/remove/", views.body_member_remove,
         name="body-member-remove"),
]
