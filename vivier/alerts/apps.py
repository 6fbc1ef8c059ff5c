from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "vivier.alerts"
    label = "alerts"
    verbose_name = "Job alerts"
    default_auto_field = "django.db.models.BigAutoField"
