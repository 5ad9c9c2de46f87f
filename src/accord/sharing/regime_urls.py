from django.urls import path

from accord.sharing import regime_views as views

app_name = "regime"

urlpatterns = [
    path("", views.regime, name="regime"),
    path("propose/", views.propose, name="propose"),
    path("propose/preset/", views.propose_preset, name="propose-preset"),
    path("propose/rules/<int:number>/remove/", views.remove_rule, name="remove-rule"),
    path("approve/", views.approve, name="approve"),
    path("reject/", views.reject, name="reject"),
]
