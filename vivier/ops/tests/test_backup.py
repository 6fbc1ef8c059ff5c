import sqlite3

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from vivier.talent.models import Candidate

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_backs_up_and_restores(tmp_path, monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("the online backup is for the embedded SQLite database")
    from vivier.ops import backup as ops

    live = tmp_path / "live.sqlite3"
    # A real file database with the schema: the test copies the in-memory test database into it first.
    with sqlite3.connect(live) as dst:
        connection.ensure_connection()
        connection.connection.backup(dst)
    monkeypatch.setattr(ops, "_sqlite_path", lambda alias="default": live)

    with sqlite3.connect(live) as db:
        db.execute(
            "INSERT INTO talent_client(public_id, name, sector, city, notes, created_at) "
            "VALUES ('11111111111111111111111111111111', 'Avant', '', '', '', '2026-01-01')"
        )
    target = tmp_path / "b" / "copy.sqlite3"
    call_command("backup", str(target))
    with sqlite3.connect(live) as db:
        db.execute("DELETE FROM talent_client")
    call_command("restore", str(target), "--yes")
    with sqlite3.connect(live) as db:
        assert db.execute("SELECT name FROM talent_client").fetchall() == [("Avant",)]


def test_it_refuses_to_overwrite_a_backup_or_restore_garbage(tmp_path, monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    from vivier.ops import backup as ops

    live = tmp_path / "live.sqlite3"
    with sqlite3.connect(live) as dst:
        connection.ensure_connection()
        connection.connection.backup(dst)
    monkeypatch.setattr(ops, "_sqlite_path", lambda alias="default": live)
    existing = tmp_path / "exists.sqlite3"
    existing.write_text("x")
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(existing))
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CommandError):
        call_command("restore", str(garbage), "--yes")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(garbage))
    assert Candidate.objects.count() == 0
