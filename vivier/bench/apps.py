from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "vivier.bench"
    label = "bench"
    verbose_name = "Benchmark harness"
