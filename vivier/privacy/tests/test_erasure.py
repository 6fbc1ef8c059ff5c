"""Erasure: the person is nowhere afterwards (every table, every text column, the files), the declines stay
as anonymous statistics, every id answers 404, and the e-mail is flagged as erased."""

from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from vivier.accounts.models import AuditEntry
from vivier.privacy import tokens
from vivier.privacy.models import ErasedIdentity, RightsRequest
from vivier.privacy.policy import is_erased
from vivier.privacy.services import (
    candidate_erase,
    consent_give,
    cv_upload,
    decline_answer_record,
    open_again,
    preferences_update,
    rights_request_create,
)
from vivier.talent.models import Decline

pytestmark = pytest.mark.django_db

CV_TEXT = "Zéphyrine Quarteron-Blavette maîtrise Kubernetes-Xylophone-7731"


def _dump_database() -> str:
    """Every row of every table, every column, as text."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            parts.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(parts)


def _dump_folder(folder: Path) -> str:
    if not folder.exists():
        return ""
    return "\n".join(
        p.name + "\n" + p.read_bytes().decode("utf-8", "replace") for p in folder.rglob("*") if p.is_file()
    )


def _person(make, worker_factory):
    from vivier.outreach.services import message_schedule

    candidate = make.candidate(
        first_name="Zéphyrine",
        last_name="Quarteron-Blavette",
        email="zephyrine.quarteron@exemple.fr",
        phone="+33 6 12 34 56 78",
        summary="Ancienne de chez Quarteron",
        headline="Data Quarteron",
        source="LinkedIn",
    )
    offer = make.offer(application=make.application(candidate=candidate))
    decline = make.decline(offer=offer, detail="Zéphyrine préfère Lyon", competing_employer="Quarteron SA")
    consent_give(
        candidate=candidate, purpose="talent_pool", channel="phone", note="Zéphyrine a dit oui", by=make.by
    )
    preferences_update(candidate=candidate, wanted_jobs="Quarteron lead", news_role="Cheffe Quarteron")
    open_again(candidate=candidate)
    decline_answer_record(
        candidate=candidate,
        decline=decline,
        reasons=["salary"],
        primary="salary",
        in_their_words="Zéphyrine voulait plus",
        competing_offer="Quarteron offre plus",
    )
    cv_upload(candidate=candidate, name="Zephyrine-Quarteron.txt", data=CV_TEXT.encode())
    rights_request_create(candidate=candidate, kind="erasure", by=make.by, note="mail de Zéphyrine")
    from django.utils import timezone

    message_schedule(
        candidate=candidate,
        kind="personal",
        subject="Bonjour Zéphyrine",
        body_text="Zéphyrine…",
        due_at=timezone.now(),
        by=make.by,
    )
    worker_factory().run(once=True)  # one message goes to the local mailbox (a file with the name)
    return candidate, decline


NEEDLES = (
    "Zéphyrine",
    "Zephyrine",
    "Quarteron",
    "zephyrine.quarteron@exemple.fr",
    "+33612345678",
    "612345678",
    "Kubernetes-Xylophone-7731",
)


def test_after_erasure_the_person_is_nowhere(
    make, worker_factory, settings, django_capture_on_commit_callbacks
):
    candidate, decline = _person(make, worker_factory)
    before = (
        _dump_database() + _dump_folder(Path(settings.MEDIA_ROOT)) + _dump_folder(Path(settings.MAILBOX_DIR))
    )
    assert all(n in before for n in NEEDLES[:4])  # the dump does see the person before
    assert "Kubernetes-Xylophone-7731" in before
    with django_capture_on_commit_callbacks(execute=True):  # the files go after the commit
        candidate_erase(candidate=candidate, by=make.by, reason="request by e-mail")
    after = _dump_database()
    files = _dump_folder(Path(settings.MEDIA_ROOT)) + _dump_folder(Path(settings.MAILBOX_DIR))
    for needle in NEEDLES:
        assert needle not in after, f"{needle} is still in the database"
        assert needle not in files, f"{needle} is still in a file"
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM talent_candidate_fts WHERE talent_candidate_fts MATCH 'Quarteron'"
            )
            assert cursor.fetchone()[0] == 0


def test_the_decline_stays_as_anonymous_statistics(make, worker_factory):
    candidate, decline = _person(make, worker_factory)
    old_decline_id = decline.public_id
    candidate_erase(candidate=candidate, by=make.by, reason="request")
    kept = Decline.objects.get(pk=decline.pk)
    assert kept.public_id != old_decline_id
    assert kept.candidate.email == "erased@erased.invalid" and kept.candidate.do_not_contact
    assert (kept.detail, kept.competing_employer, kept.recontact_after) == ("", "", None)
    assert kept.primary_reason.code == "salary" and kept.offered_salary == decline.offered_salary


def test_the_email_is_flagged_and_only_its_keyed_hash_is_kept(make):
    candidate = make.candidate(email="revenant@exemple.fr")
    assert not is_erased("revenant@exemple.fr")
    candidate_erase(candidate=candidate, by=make.by, reason="request")
    assert is_erased("Revenant@Exemple.fr ") and not is_erased("autre@exemple.fr")
    stored = ErasedIdentity.objects.get().email_hash
    assert "revenant" not in stored and len(stored) == 64


def test_the_log_keeps_the_fact_and_no_personal_data(make):
    candidate = make.candidate(first_name="Ondine")
    public_id = str(candidate.public_id)
    candidate_erase(candidate=candidate, by=make.by, reason="request")
    entry = AuditEntry.objects.get(action="erasure")
    assert entry.target_id == public_id and "Ondine" not in repr(entry.data)
    request = RightsRequest.objects.get()
    assert request.status == "done" and request.reference == public_id and request.candidate is None


def test_every_id_answers_404_afterwards(make, recruiter_client, recruiter_token):
    decline = make.decline()
    candidate = decline.candidate
    ids = [str(candidate.public_id)]
    link = tokens.preferences_url(candidate).split("agence.example", 1)[1]
    candidate_erase(candidate=candidate, by=make.by, reason="request")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {recruiter_token}"}
    assert recruiter_client.get(reverse("front:candidate_detail", args=ids)).status_code == 404
    assert recruiter_client.get(f"/api/v1/candidates/{ids[0]}", **auth).status_code == 404
    assert recruiter_client.get(f"/api/v1/candidates/{ids[0]}/export", **auth).status_code == 404
    assert recruiter_client.get(link).status_code == 404
    assert not Decline.objects.filter(public_id=decline.public_id).exists()


def test_the_placeholder_cannot_be_erased_and_is_never_contacted(make):
    from django.core.exceptions import ValidationError

    from vivier.outreach.policy import may_contact
    from vivier.privacy.services.erasure import placeholder

    candidate_erase(candidate=make.decline().candidate, by=make.by, reason="request")
    row = placeholder()
    assert may_contact(row, "personal")[0] is False
    with pytest.raises(ValidationError):
        candidate_erase(candidate=row, by=make.by, reason="oops")


def test_erasing_from_the_ui_needs_the_name_typed_and_a_reason(make, recruiter_client, viewer_client):
    candidate = make.candidate(first_name="Léa", last_name="Dupont")
    url = reverse("privacy:erase", args=[candidate.public_id])
    assert viewer_client.get(url).status_code == 403
    assert viewer_client.post(url, {"confirm_name": "Léa Dupont", "reason": "x"}).status_code == 403
    assert recruiter_client.post(url, {"confirm_name": "Lea Dupond", "reason": "demande"}).status_code == 400
    assert recruiter_client.post(url, {"confirm_name": "léa  dupont", "reason": ""}).status_code == 400
    response = recruiter_client.post(url, {"confirm_name": "léa  dupont", "reason": "demande du 12/03"})
    assert response.status_code == 302
    assert not type(candidate).objects.filter(pk=candidate.pk).exists()
