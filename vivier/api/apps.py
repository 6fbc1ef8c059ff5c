from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "vivier.api"
    label = "api"
