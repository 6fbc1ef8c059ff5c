from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "vivier.front"
    label = "front"
