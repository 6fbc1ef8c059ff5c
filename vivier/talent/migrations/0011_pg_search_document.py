"""PostgreSQL only: the full-text document becomes a stored generated column with its GIN index.

Ranking (ts_rank) and counting read the stored vector instead of parsing each matching profile again
(vivier.talent.search). SQLite keeps its FTS5 table: nothing to do there. The models do not declare the column.
"""

from django.db import migrations

from vivier.talent import search


def install(apps, schema_editor):
    search.install_stored_vector(schema_editor)


def uninstall(apps, schema_editor):
    search.uninstall_stored_vector(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("talent", "0010_job_opened_at")]
    operations = [migrations.RunPython(install, uninstall, elidable=False)]
