from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "vivier.surveys"
    label = "surveys"
    verbose_name = _("Candidate survey")
    default_auto_field = "django.db.models.BigAutoField"
