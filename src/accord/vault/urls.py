from django.urls import path

from accord.vault import views

app_name = "vault"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("cases/<int:case_id>/identity/", views.identity_page, name="identity"),
    path("cases/<int:case_id>/identity/edit/", views.identity_edit, name="identity-edit"),
]
