"""The rediscovery panel's actions on each person: put on the job, write, add to a pool (htmx and plain)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from vivier.pools.models import TalentPool
from vivier.talent.models import Application

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def job(make):
    return make.job(title="Développeur web", skills=["Python"], description="Développeur web Python.")


@pytest.fixture
def lea(people):
    return people.contactable(first_name="Léa", headline="Développeuse web Python", skills=["Python"])


@pytest.fixture
def stale(people):
    return people.without_consent(
        first_name="Ancienne", headline="Développeuse web Python", skills=["Python"]
    )


def _panel(client, job, **params) -> str:
    return client.get(reverse("matching:job_panel", args=[job.public_id]), params, **HTMX).content.decode()


def test_each_row_offers_the_three_actions_to_a_recruiter(recruiter_client, job, lea):
    body = _panel(recruiter_client, job)
    row = body[body.index(lea.full_name) :]
    compose = reverse("pools:compose", args=[lea.public_id])
    assert f"{compose}?job={job.public_id}&amp;next=" in row
    assert f'hx-post="{reverse("front:job_add_candidate", args=[job.public_id])}"' in body
    assert f'hx-get="{reverse("pools:add_one", args=[lea.public_id])}?context=row' in row
    assert "Positionner sur le poste" in row and "Écrire" in row and "Ajouter à un vivier" in row


def test_write_is_disabled_with_the_reason_for_someone_who_may_not_be_written_to(
    recruiter_client, job, stale
):
    body = _panel(recruiter_client, job, include_uncontactable="1")
    row = body[body.index(stale.full_name) :]
    assert reverse("pools:compose", args=[stale.public_id]) not in body
    assert f'disabled aria-describedby="why-not-{stale.public_id}"' in row
    assert "Ne peut pas recevoir de message\u00a0: sans consentement" in row


def test_a_viewer_sees_no_action(viewer_client, job, lea, stale):
    body = _panel(viewer_client, job, include_uncontactable="1")
    assert lea.full_name in body
    for forbidden in ("Positionner sur le poste", "Écrire", "Ajouter à un vivier", "csrfmiddlewaretoken"):
        assert forbidden not in body


def test_put_on_the_job_turns_the_row_button_into_on_the_job(recruiter_client, job, lea):
    url = reverse("front:job_add_candidate", args=[job.public_id])
    response = recruiter_client.post(url, {"candidate": str(lea.public_id)}, **HTMX)
    assert response.status_code == 200 and "Sur le poste" in response.content.decode()
    assert "<html" not in response.content.decode()
    assert Application.objects.filter(job=job, candidate=lea).exists()
    again = recruiter_client.post(url, {"candidate": str(lea.public_id)}, **HTMX)
    assert 'role="alert"' in again.content.decode()
    assert Application.objects.filter(job=job, candidate=lea).count() == 1


def test_put_on_the_job_without_javascript_goes_back_to_the_job(recruiter_client, job, lea):
    url = reverse("front:job_add_candidate", args=[job.public_id])
    response = recruiter_client.post(url, {"candidate": str(lea.public_id)})
    assert response.status_code == 302 and response["Location"] == reverse(
        "front:job_detail", args=[job.public_id]
    )
    assert Application.objects.filter(job=job, candidate=lea).exists()


def test_add_to_a_pool_from_a_row_with_htmx(recruiter_client, job, lea):
    url = reverse("pools:add_one", args=[lea.public_id])
    job_url = reverse("front:job_detail", args=[job.public_id])
    form = recruiter_client.get(url, {"context": "row", "next": job_url}, **HTMX).content.decode()
    assert "<html" not in form and 'name="context" value="row"' in form
    assert f'id="pool-add-{lea.public_id.hex[:8]}-new_name"' in form  # ids of its own: one form per row
    added = recruiter_client.post(url, {"context": "row", "new_name": "Web Lyon", "next": job_url}, **HTMX)
    body = added.content.decode()
    pool = TalentPool.objects.get(name="Web Lyon")
    assert "a été ajouté·e au vivier" in body and reverse("pools:detail", args=[pool.public_id]) in body
    assert pool.members.get().candidate == lea


def test_add_to_a_pool_from_a_row_without_javascript(recruiter_client, recruiter, job, lea):
    job_url = reverse("front:job_detail", args=[job.public_id])
    url = reverse("pools:add_one", args=[lea.public_id])
    page = recruiter_client.get(url, {"next": job_url})
    assert "<html" in page.content.decode()
    response = recruiter_client.post(url, {"new_name": "Web Lyon", "next": job_url})
    assert response.status_code == 302 and response["Location"] == job_url
    assert TalentPool.objects.get().members.count() == 1
