from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "vivier.talent"
    label = "talent"
    verbose_name = _("Talent pool")

    def ready(self) -> None:
        from vivier.talent.append_only import ensure_trigger
        from vivier.talent.search import ensure_triggers

        # Sent once per app after migrate; the check is one query, so the repetition does not matter.
        post_migrate.connect(ensure_triggers, dispatch_uid="talent_fulltext_triggers")
        post_migrate.connect(ensure_trigger, dispatch_uid="talent_event_append_only")
