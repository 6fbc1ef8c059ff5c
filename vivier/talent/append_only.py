"""Events are append-only, and the database says so: a BEFORE UPDATE trigger on talent_event (migration
talent/0014 installs it; `ensure_trigger` puts it back after any migrate on SQLite, where altering a table
rebuilds it and drops its triggers).

The one change let through is the actor's foreign key set to NULL with nothing else changed (ON DELETE SET NULL
when a user row is deleted; Django issues it as an UPDATE). DELETE stays allowed: a person's events go with
them when they are erased (the candidate's cascade), as a job's or a client's with theirs. A past event (an
imported history) is dated at its creation (event_record's `at`), never moved afterwards.
"""

from __future__ import annotations

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


def install(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": [SQLITE], "postgresql": POSTGRESQL}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql, params=None)


def uninstall(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {NAME}", params=None)
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {NAME} ON talent_event", params=None)
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {NAME}()", params=None)


def ensure_trigger(using: str = "default", **kwargs) -> None:
    """After every migrate (post_migrate), on SQLite: the trigger again if a table rebuild dropped it."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cur:
        cur.execute("SELECT name FROM sqlite_master WHERE name IN ('talent_event', %s)", [NAME])
        present = {row[0] for row in cur.fetchall()}
        if "talent_event" in present and NAME not in present:
            cur.execute(SQLITE)
