from django.db import migrations

from vivier.talent import search


def install(apps, schema_editor):
    search.install(schema_editor)


def uninstall(apps, schema_editor):
    search.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("talent", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall, elidable=False)]
