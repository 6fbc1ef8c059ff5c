from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from vivier.imports.models import ImportJob, ImportStatus
from vivier.imports.services import (
    import_cancel,
    import_file_now,
    import_queue,
    import_run_next,
    import_set_mapping,
    import_upload,
)
from vivier.talent.models import Candidate, Decline, Event, EventKind, Job


@pytest.fixture(autouse=True)
def _media(settings, tmp_path, db):
    settings.MEDIA_ROOT = tmp_path / "media"


def _csv(tmp_path: Path, text: str, name: str = "f.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _report(job: ImportJob) -> list[dict]:
    return list(csv.DictReader(io.StringIO(job.report_file.read_text(encoding="utf-8-sig")), delimiter=";"))


def test_it_imports_windows_1252_candidates_with_their_events(tmp_path, recruiter):
    path = _csv(
        tmp_path,
        "Prénom;Nom;Courriel;Tél;Ville;Prétentions;Compétences\r\n"
        "Hélène;Lefèvre;Helene@Exemple.fr;06 12 34 56 78;Nîmes;45 000,50;Python, SQL\r\n",
        encoding="cp1252",
    )
    job = import_file_now(path=path, kind="candidates", by=recruiter)
    assert (job.status, job.created, job.errors) == (ImportStatus.DONE, 1, 0)
    c = Candidate.objects.get()
    assert (c.first_name, c.email, c.phone, c.city, c.salary_expectation, c.skills) == (
        "Hélène",
        "helene@exemple.fr",
        "+33612345678",
        "Nîmes",
        45001,
        ["Python", "SQL"],
    )
    assert c.created_by == recruiter
    event = Event.objects.get(candidate=c)
    assert event.kind == EventKind.CANDIDATE_CREATED and event.actor == recruiter
    assert event.data["import"] == str(job.public_id)


def test_it_reports_rows_with_missing_required_fields(tmp_path):
    path = _csv(
        tmp_path,
        "Prénom,Nom,Email\nLéa,,lea@exemple.fr\n,Roux,\nZoé,Roux,pas-un-email\nHugo,Petit,hugo@exemple.fr\n",
    )
    job = import_file_now(path=path, kind="candidates")
    assert (job.created, job.errors) == (1, 3)
    rows = _report(job)
    assert [r["outcome"] for r in rows] == ["error", "error", "error", "created"]
    assert rows[0]["message"].startswith("Manquant") and "non valide" in rows[2]["message"]


def test_it_imports_formulas_as_text_and_escapes_them_in_the_report(tmp_path):
    path = _csv(
        tmp_path,
        'Prénom;Nom;Email;Ville\n=HYPERLINK("http://x");@SUM(A1);f@exemple.fr;+cmd|calc\n'
        "Léa;-Martin;=1+1;Lyon\n",
    )
    job = import_file_now(path=path, kind="candidates")
    c = Candidate.objects.get()
    assert c.first_name == '=HYPERLINK("http://x")' and c.city == "+cmd|calc"
    raw = job.report_file.read_text(encoding="utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(raw), delimiter=";") for cell in row]
    assert '\'=HYPERLINK("http://x") @SUM(A1) <f@exemple.fr>' in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]


def test_it_merges_ten_thousand_duplicates_of_one_person_into_one_candidate(tmp_path):
    lines = ["Prénom;Nom;Email;Téléphone;Ville"]
    lines.append("Léa;Martin;lea@exemple.fr;;")
    lines.append("Léa;Martin;LEA@exemple.fr;06 12 34 56 78;")
    lines += ["Léa;Martin;lea@exemple.fr;+33612345678;Lyon"] * 9998
    job = import_file_now(path=_csv(tmp_path, "\n".join(lines) + "\n"), kind="candidates")
    assert Candidate.objects.count() == 1
    assert job.created == 1 and job.merged + job.unchanged == 9999 and job.errors == 0
    c = Candidate.objects.get()
    assert (c.phone, c.city) == ("+33612345678", "Lyon")


def test_it_changes_nothing_when_the_same_file_is_imported_again(tmp_path, make):
    existing = make.candidate(email="camille@exemple.fr", city="")
    path = _csv(
        tmp_path,
        "Prénom;Nom;Email;Ville;Tél\nCamille;Martin;camille@exemple.fr;Lyon;\n"
        "Zoé;Roux;zoe@exemple.fr;Paris;07 51 23 45 67\n",
    )
    first = import_file_now(path=path, kind="candidates")
    assert (first.created, first.merged) == (1, 1)
    existing.refresh_from_db()
    assert existing.city == "Lyon"
    events = Event.objects.count()
    again = import_file_now(path=path, kind="candidates")
    assert (again.created, again.merged, again.unchanged) == (0, 0, 2)
    assert Event.objects.count() == events and Candidate.objects.count() == 2


def test_it_never_overwrites_and_skips_on_request(tmp_path, make):
    # Matched by LinkedIn profile (the same person). It used to match by phone too: a shared phone is now only a
    # possible duplicate (test_candidates_review.py).
    make.candidate(email="camille@exemple.fr", city="Paris", linkedin_url="linkedin.com/in/camille-martin")
    path = _csv(
        tmp_path,
        "Prénom;Nom;Email;Ville;LinkedIn\n"
        "Camille;Martin;autre@exemple.fr;Lyon;https://fr.linkedin.com/in/Camille-Martin/\n",
    )
    job = import_file_now(path=path, kind="candidates", on_duplicate="skip")
    assert (job.skipped, job.created) == (1, 0)
    job = import_file_now(path=path, kind="candidates", on_duplicate="merge")
    assert job.unchanged == 1
    assert Candidate.objects.get().city == "Paris"  # found by LinkedIn; a filled city is never overwritten


def test_it_flags_erased_people(tmp_path):
    policy = pytest.importorskip("vivier.privacy.policy")
    from vivier.privacy.models import ErasedIdentity

    ErasedIdentity.objects.create(email_hash=policy.email_hash("gone@exemple.fr"))
    job = import_file_now(
        path=_csv(tmp_path, "Prénom;Nom;Email\nAnn;Gone;gone@exemple.fr\n"), kind="candidates"
    )
    assert (job.skipped, Candidate.objects.count()) == (1, 0)
    assert "effacée" in _report(job)[0]["message"]  # French is the default language


def test_it_imports_xlsx(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["First name", "Last name", "Email", "Mobile", "Salary"])
    wb.active.append(["Hugo", "Petit", "hugo@exemple.fr", 612345678, 52000.0])
    wb.save(tmp_path / "c.xlsx")
    job = import_file_now(path=tmp_path / "c.xlsx", kind="candidates")
    assert job.created == 1
    assert Candidate.objects.get().phone == "+33612345678"


def test_it_imports_jobs_creating_missing_clients_once(tmp_path, make):
    make.client(name="Acme")
    path = _csv(
        tmp_path,
        "Intitulé;Entreprise;Ville;Salaire;Contrat\nDéveloppeur Python;ACME;Lyon;40-45 k€;CDI\n"
        "Comptable;Nouvelle SA;Paris;38 000;CDD\nAssistant;Nouvelle SA;Paris;;\n",
    )
    job = import_file_now(path=path, kind="jobs")
    assert job.created == 3
    python = Job.objects.get(title="Développeur Python")
    assert (python.client.name, python.salary_min, python.salary_max) == ("Acme", 40000, 45000)
    assert Job.objects.filter(client__name="Nouvelle SA").count() == 2
    assert import_file_now(path=path, kind="jobs").unchanged == 3


def test_it_imports_past_offers_with_their_declines_as_history(tmp_path, make):
    job_row = make.job(client=make.client(name="Acme"), title="Comptable")
    make.candidate(email="lea@exemple.fr")
    path = _csv(
        tmp_path,
        "Email;Poste;Client;Salaire proposé;Date de refus;Motif de refus;Type de refus\n"
        "lea@exemple.fr;Comptable;Acme;42 000;15/03/2024;Salaire;\n"
        "lea@exemple.fr;Comptable;Acme;42 000;15/03/2024;Motif inconnu;\n"
        "nobody@exemple.fr;Comptable;Acme;42 000;15/03/2024;salary;\n",
    )
    job = import_file_now(path=path, kind="offers")
    rows = _report(job)
    assert [r["outcome"] for r in rows] == ["created", "error", "error"]
    assert "Motif inconnu" in rows[1]["message"] and "nobody@exemple.fr" in rows[2]["message"]
    decline = Decline.objects.get()
    assert decline.primary_reason.code == "salary" and decline.kind == "declined_by_candidate"
    assert decline.created_at.date().isoformat() == "2024-03-15"
    assert decline.offer.application.job == job_row
    from vivier.outreach.models import Message

    assert not Message.objects.exclude(status="cancelled").exists()  # no thank-you for a past decline
    assert import_file_now(path=path, kind="offers").unchanged == 1


def test_a_past_decline_is_written_with_its_dates_and_no_follow_up_nor_webhook(tmp_path, make, admin):
    """Issue #15: a history row is recorded as history, not as a fresh decline undone afterwards."""
    from vivier.outreach.models import Message
    from vivier.webhooks import subscriptions
    from vivier.webhooks.models import WebhookDelivery, WebhookEvent
    from vivier.webhooks.services import webhook_endpoint_create

    webhook_endpoint_create(
        by=admin, url="https://hooks.exemple.fr/vivier", events=[WebhookEvent.DECLINE_RECORDED.value]
    )
    subscriptions._forget_now()
    make.job(client=make.client(name="Acme"), title="Comptable")
    lea = make.candidate(email="lea@exemple.fr")
    path = _csv(
        tmp_path,
        "Email;Poste;Client;Salaire proposé;Date de l'offre;Date de refus;Motif de refus\n"
        "lea@exemple.fr;Comptable;Acme;42 000;01/03/2024;15/03/2024;Salaire\n",
    )
    assert import_file_now(path=path, kind="offers").created == 1
    decline = Decline.objects.get()
    offer = decline.offer
    assert decline.created_at.isoformat(" ")[:16] == offer.decided_at.isoformat(" ")[:16]
    assert (offer.created_at.date().isoformat(), offer.decided_at.date().isoformat()) == (
        "2024-03-01",
        "2024-03-15",
    )
    assert offer.application.created_at.date().isoformat() == "2024-03-01"
    events = {
        e.kind: e for e in Event.objects.filter(candidate=lea).exclude(kind=EventKind.CANDIDATE_CREATED)
    }
    assert set(events) == {EventKind.APPLICATION_CREATED, EventKind.OFFER_CREATED, EventKind.OFFER_DECLINED}
    assert events[EventKind.OFFER_DECLINED].created_at == decline.created_at
    assert events[EventKind.OFFER_CREATED].created_at == offer.created_at
    assert all(e.data.get("history") is True for e in events.values())
    assert not Message.objects.exists()  # nothing planned, so nothing to cancel
    assert not WebhookDelivery.objects.exists()


def test_it_rolls_back_a_dry_run(tmp_path):
    path = _csv(tmp_path, "Prénom;Nom;Email\nLéa;Martin;lea@exemple.fr\n")
    job = import_file_now(path=path, kind="candidates", dry_run=True)
    assert (job.status, job.created) == (ImportStatus.DRY_RUN_DONE, 1)
    assert not Candidate.objects.exists() and job.report_file.exists()


def _queued(tmp_path, recruiter, rows: int = 3) -> ImportJob:
    text = "Prénom;Nom;Email\n" + "".join(f"Léa;Martin;lea{i}@exemple.fr\n" for i in range(rows))
    job = import_upload(by=recruiter, kind="candidates", filename="c.csv", chunks=iter([text.encode()]))
    import_set_mapping(job=job, fields=job.mapping, on_duplicate="merge")
    return import_queue(job=job, dry_run=False)


def test_the_worker_claims_and_runs_one_queued_import(tmp_path, recruiter):
    job = _queued(tmp_path, recruiter)
    assert import_run_next() is True
    assert import_run_next() is False
    job.refresh_from_db()
    assert (job.status, job.created, job.progress) == (ImportStatus.DONE, 3, 100)


def test_cancel_leaves_nothing_half_imported(tmp_path, recruiter, monkeypatch):
    job = _queued(tmp_path, recruiter, rows=2500)
    monkeypatch.setattr("vivier.imports.services.CHUNK", 1000)
    calls = []

    def cancel_after_first_chunk(job_):
        calls.append(1)
        if len(calls) == 2:  # the first chunk was written; the user presses cancel
            import_cancel(job=ImportJob.objects.get(pk=job_.pk))
        return (job_.folder / "cancel").exists()

    monkeypatch.setattr("vivier.imports.services.cancel_requested", cancel_after_first_chunk)
    import_run_next()
    job.refresh_from_db()
    assert job.status == ImportStatus.CANCELLED and "rien n’a été importé" in job.error
    assert (
        not Candidate.objects.exists() and not Event.objects.filter(kind=EventKind.CANDIDATE_CREATED).exists()
    )


def test_cancel_of_a_queued_import_is_immediate(tmp_path, recruiter):
    job = import_cancel(job=_queued(tmp_path, recruiter))
    assert job.status == ImportStatus.CANCELLED
    assert import_run_next() is False
