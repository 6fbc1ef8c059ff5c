from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "vivier.ops"
    label = "ops"
