"""Consents, break-glass and the disclosure register under /n/<network>/ (included with
urls.pages, so they answer GET, HEAD and POST only)."""

from django.urls import path

from accord.sharing import consent_views as views

app_name = "consent"

C = "cases/<int:case_id>/"

urlpatterns = [
    path(C + "consents/", views.consent_list, name="consents"),
    path(C + "consents/new/", views.consent_create, name="consent-create"),
    path(C + "consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent-withdraw"),
    path(C + "consents/<int:pk>/form/", views.consent_written_form, name="consent-form"),
    path(C + "break-glass/", views.break_glass_start, name="break-glass-start"),
    path("break-glass/", views.break_glass_list, name="break-glass"),
    path("break-glass/<int:pk>/end/", views.break_glass_end, name="break-glass-end"),
    path("break-glass/<int:pk>/review/", views.break_glass_review, name="break-glass-review"),
    path("disclosures/", views.disclosure_list, name="disclosures"),
    path("disclosures/export.csv", views.disclosure_export, name="disclosure-export"),
]
