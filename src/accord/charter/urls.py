from django.urls import path

from accord.charter import views

app_name = "charter"

urlpatterns = [
    path("", views.overview, name="overview"),
]
