from django.urls import path

from accord.tenancy import views

app_name = "tenancy"

urlpatterns = [
    path("", views.home, name="home"),
    path("members/", views.members, name="members"),
    path("organisations/", views.organisations, name="organisations"),
    path("bodies/", views.bodies, name="bodies"),
]
