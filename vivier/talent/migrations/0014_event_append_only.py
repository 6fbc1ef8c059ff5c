"""Events are append-only, and the database says so: a trigger refuses any UPDATE of talent_event.

The one change let through is the actor's foreign key set to NULL with nothing else changed (ON DELETE SET NULL
when a user row is deleted; Django issues it as an UPDATE). DELETE stays allowed: a person's events go with
them when they are erased (the candidate's cascade), as a job's or a client's with theirs. A past event (an
imported history) is dated at its creation (event_record's `at`), never moved afterwards.
"""

from django.db import migrations

NAME = "talent_event_append_only"
MESSAGE = "events are append-only"
COLUMNS = ("id", "public_id", "kind", "created_at", "candidate_id", "client_id", "job_id", "data")

SQLITE = f"""CREATE TRIGGER IF NOT EXISTS {NAME} BEFORE UPDATE ON talent_event
WHEN NOT (NEW.actor_id IS NULL AND {" AND ".join(f"NEW.{c} IS OLD.{c}" for c in COLUMNS)})
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""

POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION {NAME}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.actor_id IS NULL
        AND ({", ".join(f"NEW.{c}" for c in COLUMNS)}) IS NOT DISTINCT FROM ({", ".join(f"OLD.{c}" for c in COLUMNS)})
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
END
$$""",
    f"DROP TRIGGER IF EXISTS {NAME} ON talent_event",
    f"CREATE TRIGGER {NAME} BEFORE UPDATE ON talent_event FOR EACH ROW EXECUTE FUNCTION {NAME}()",
]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": [SQLITE], "postgresql": POSTGRESQL}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql, params=None)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {NAME}", params=None)
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {NAME} ON talent_event", params=None)
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {NAME}()", params=None)


class Migration(migrations.Migration):
    dependencies = [("talent", "0013_reason_labels_apostrophe")]
    operations = [migrations.RunPython(install, uninstall, elidable=False)]
