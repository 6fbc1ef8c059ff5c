"""Events are append-only: a trigger refuses any UPDATE of talent_event (vivier/talent/append_only.py)."""

from django.db import migrations

from vivier.talent import append_only


def install(apps, schema_editor):
    append_only.install(schema_editor)


def uninstall(apps, schema_editor):
    append_only.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("talent", "0013_reason_labels_apostrophe")]
    operations = [migrations.RunPython(install, uninstall, elidable=False)]
