from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "accord.tenancy"
    label = "tenancy"
