from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo agency and `vivier demo`: the top layer, it may use every other app and none uses it."""

    name = "vivier.demo"
    label = "demo"
    verbose_name = "Demo data"
