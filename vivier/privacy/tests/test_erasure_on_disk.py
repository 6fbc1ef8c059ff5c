"""Erasure, byte by byte: after `POST /api/v1/candidates/{id}/erase`, no file of the data folder holds the
person's name or e-mail, the SQLite database and its WAL included (a file database, not one in memory).

test_erasure.py reads the rows through SQL; this test reads the files as bytes, where a deleted row lingers in the
WAL, in the database's freed pages and in the full-text index's older segments (privacy/services/purge.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from vivier.imports.services import import_file_now
from vivier.outreach.services import message_schedule
from vivier.privacy.services import cv_upload
from vivier.talent.models import Candidate

sqlite_only = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="the files of a SQLite database")

EMAIL = "anselmine.vortigernova@exemple.fr"
FIRST, LAST = "Anselmine", "Vortigernova-Ølund"
# Each compared in lower case with the lower-cased bytes: the full-text index keeps its terms lower-cased and
# without accents (Ølund is "ølund" in UTF-8 and "olund" in the index).
NEEDLES = (EMAIL, "anselmine.vortigernova", FIRST, "Vortigernova", "Ølund", "olund")
PEOPLE = f"Prénom;Nom;E-mail;Ville\n{FIRST};{LAST};{EMAIL};Lyon\nLéa;Martin;lea@exemple.fr;Paris\n"


@pytest.fixture
def reasons(db):
    """The decline reasons migration 0003 seeds: a test run before this one in a transaction of its own emptied
    every table (transactional tests end with a flush)."""
    from vivier.talent.models import DeclineReason
    from vivier.talent.taxonomy import SEED_REASONS

    for position, (code, category, label_fr, label_en) in enumerate(SEED_REASONS, start=1):
        DeclineReason.objects.get_or_create(
            code=code,
            defaults={
                "category": category,
                "label_fr": label_fr,
                "label_en": label_en,
                "position": position * 10,
            },
        )


@pytest.fixture
def data_dir(settings, tmp_path):
    """The data folder of the test: files, mailbox and cache under it, as VIVIER_DATA_DIR lays them out; the
    database is pytest-django's own file, read with its WAL next to it."""
    folder = tmp_path / "var"
    settings.MEDIA_ROOT = folder / "files"
    settings.MAILBOX_DIR = folder / "mailbox"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(folder / "cache"),
        }
    }
    return folder


def _files(folder: Path) -> list[Path]:
    database = Path(connection.settings_dict["NAME"])
    around = [database.with_name(database.name + suffix) for suffix in ("-wal", "-shm", "-journal")]
    return [p for p in folder.rglob("*") if p.is_file()] + [p for p in [database, *around] if p.exists()]


def _found(folder: Path) -> dict[str, list[str]]:
    """Which needles each file holds, compared in lower case."""
    found = {}
    for path in _files(folder):
        data = path.read_bytes().lower()
        hits = [n for n in NEEDLES if n.lower().encode() in data]
        if hits:
            found[str(path)] = hits
    return found


def _exercise(client, recruiter, make, worker_factory, tmp_path) -> Candidate:
    """The person as the product handles them: imported from a file, a dry run of another waiting, a CV,
    searched for, written to (the local mailbox keeps the e-mail), in a declined offer's statistics."""
    source = tmp_path / "candidats.csv"
    source.write_text(PEOPLE, encoding="utf-8")
    import_file_now(path=source, kind="candidates", by=recruiter)  # its report.csv names the person
    import_file_now(path=source, kind="candidates", by=recruiter, dry_run=True)  # the upload stays
    person = Candidate.objects.get(email=EMAIL)
    cv_upload(candidate=person, name="CV-Anselmine.txt", data=f"{FIRST} {LAST} {EMAIL}".encode())
    for q in (FIRST, "vortigernova"):
        assert FIRST in client.get(reverse("front:candidate_list"), {"q": q}).content.decode()
    make.decline(offer=make.offer(application=make.application(candidate=person)))
    message_schedule(
        candidate=person,
        kind="personal",
        subject=f"Bonjour {FIRST}",
        body_text=f"{FIRST} {LAST}, …",
        due_at=timezone.now(),
        by=recruiter,
    )
    worker_factory().run(once=True)
    return person


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_after_erasure_no_file_of_the_data_folder_holds_the_person(
    data_dir, reasons, recruiter, recruiter_client, recruiter_token, make, worker_factory, tmp_path
):
    person = _exercise(recruiter_client, recruiter, make, worker_factory, tmp_path)
    before = _found(data_dir)
    assert any(p.endswith("-wal") or p.endswith(".sqlite3") for p in before), before
    assert any(p.endswith(".eml") for p in before) and any("imports" in p for p in before), before
    with connection.cursor() as cursor:  # the search index does hold the person's terms
        cursor.execute(
            "SELECT count(*) FROM talent_candidate_fts WHERE talent_candidate_fts MATCH 'vortigernova'"
        )
        assert cursor.fetchone()[0] == 1

    response = recruiter_client.post(
        f"/api/v1/candidates/{person.public_id}/erase",
        {"reason": "demande par e-mail"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {recruiter_token}",
    )
    assert response.status_code == 200, response.content

    assert _found(data_dir) == {}
    # Léa, imported with the person, is still there and still found.
    assert "Léa" in recruiter_client.get(reverse("front:candidate_list"), {"q": "martin"}).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_daily_purge_runs_after_an_erasure_and_only_then(make, settings):
    from vivier.privacy.services import candidate_erase
    from vivier.privacy.services.purge import storage_purge_after_erasures

    assert "vivier.privacy.services.purge.storage_purge_after_erasures" in settings.VIVIER_WORKER_DAILY
    assert storage_purge_after_erasures() == {"purged": False}
    candidate_erase(candidate=make.candidate(), by=make.by, reason="retention", purge=False)
    done = storage_purge_after_erasures()
    assert done["purged"] is True and done.get("wal_truncated", True) and done.get("vacuumed", 1)
    assert storage_purge_after_erasures(timezone.now() + timezone.timedelta(days=3)) == {"purged": False}


@pytest.mark.django_db
def test_every_mailbox_email_to_the_address_goes_and_only_those(
    data_dir, make, django_capture_on_commit_callbacks
):
    """The mailbox's files are found by the person's messages, and by their address for any other (a message
    whose row went earlier): "lea@…" is not "clea@…"."""
    person = make.candidate(email="lea@exemple.fr")
    mailbox = Path(data_dir / "mailbox")
    mailbox.mkdir(parents=True)
    (mailbox / "old.eml").write_bytes(b"To: Lea <LEA@exemple.fr>\nSubject: Bonjour\n\nBonjour\n")
    (mailbox / "clea.eml").write_bytes(b"To: clea@exemple.fr\nSubject: Bonjour\n\nBonjour\n")
    (mailbox / "lea-fra.eml").write_bytes(b"To: lea@exemple.fra\nSubject: Bonjour\n\nBonjour\n")
    from vivier.privacy.services import candidate_erase

    with django_capture_on_commit_callbacks(execute=True):
        candidate_erase(candidate=person, by=make.by, reason="demande")
    assert sorted(p.name for p in mailbox.iterdir()) == ["clea.eml", "lea-fra.eml"]


@sqlite_only
@pytest.mark.django_db
def test_every_sqlite_connection_zeroes_what_it_deletes():
    """secure_delete is set by the settings (Debian's SQLite has it on by default, others do not)."""
    assert "PRAGMA secure_delete=ON" in [c.strip() for c in connection.init_commands]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_tables_of_the_person_are_vacuumed(make, reasons):
    """Dead tuples (and their index entries, which hold the e-mail) stay until VACUUM."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's VACUUM")
    from vivier.privacy.services import candidate_erase
    from vivier.privacy.services.purge import tables_of_a_person

    def vacuums() -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT relname, vacuum_count FROM pg_stat_user_tables")
            return dict(cursor.fetchall())

    tables = tables_of_a_person()
    assert {"talent_candidate", "talent_decline", "talent_offer", "outreach_message", "talent_event"} <= set(
        tables
    )
    before = vacuums()
    candidate_erase(candidate=make.decline().candidate, by=make.by, reason="demande")
    after = vacuums()
    assert all(after[t] == before[t] + 1 for t in tables), {t: (before[t], after[t]) for t in tables}
