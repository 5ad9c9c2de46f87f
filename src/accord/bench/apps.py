from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Scale data, benchmarks, load and security runs (`accord bench …`); no models."""

    name = "accord.bench"
    label = "bench"
