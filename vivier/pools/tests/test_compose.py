from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vivier.outreach.models import Message, MessageKind, MessageStatus
from vivier.outreach.services import personal_send, personal_validate
from vivier.talent.models import Event, EventKind

HTMX = {"HTTP_HX_REQUEST": "true"}
NB, NN = "\u00a0", "\u202f"


def q(text: str) -> str:
    return f"«{NN}{text}{NN}»"


@pytest.fixture
def job(make):
    return make.job(
        title="Développeur Python",
        skills=["Python", "Django"],
        description="Développeur Python et Django.",
        client=make.client("Hexagone Logiciels"),
    )


def test_it_refuses_an_unknown_merge_field_and_an_empty_subject_on_their_fields(recruiter_client, people):
    lea = people.contactable(first_name="Léa")
    url = reverse("pools:compose", args=[lea.public_id])
    response = recruiter_client.post(
        url, {"action": "send", "subject": " ", "body_text": "Bonjour {{ first_name }},\nÀ bientôt"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez un objet." in body and 'id="id_subject_error"' in body
    response = recruiter_client.post(
        url, {"action": "send", "subject": "Bonjour", "body_text": "Bonjour\n{{ first_name }}"}
    )
    body = response.content.decode()
    assert f"Ligne 2{NB}: champ de fusion inconnu {q('first_name')}." in body
    assert 'id="id_body_text_error"' in body
    assert not Message.objects.exists()


def test_it_refuses_a_merge_field_that_has_no_value_in_a_personal_message():
    with pytest.raises(ValidationError) as exc:
        personal_validate(subject="{{ reason.label }}", body_text="Le poste {{ job.title }}")
    errors = exc.value.message_dict
    assert errors["subject"] == [
        f"Ligne 1{NB}: le champ de fusion {q('reason.label')} n’a pas de valeur dans ce message."
    ]
    assert errors["body_text"] == [
        f"Ligne 1{NB}: le champ de fusion {q('job.title')} n’a pas de valeur dans ce message."
    ]
    personal_validate(subject="{{ job.title }}", body_text="{{ candidate.first_name }}", with_job=True)
    with pytest.raises(ValidationError) as exc:
        personal_validate(subject="", body_text="")
    assert exc.value.message_dict == {
        "subject": ["Saisissez un objet."],
        "body_text": ["Rédigez le texte du message."],
    }


def test_it_prefills_the_message_about_the_job_and_shows_the_rediscovery_hint_apart(
    recruiter_client, people, job
):
    lea = people.contactable(first_name="Léa", headline="Développeuse Python", skills=["Python", "Django"])
    url = reverse("pools:compose", args=[lea.public_id])
    page = recruiter_client.get(url, {"job": str(job.public_id)}).content.decode()
    assert f'value="Un poste qui pourrait vous intéresser{NB}: {{{{ job.title }}}}"' in page
    assert "Pourquoi la redécouverte propose cette personne" in page
    hint = page[page.index('id="rediscovery-hint"') :].split("</ul>")[0]
    assert "Python" in hint
    message_box = page[page.index('name="body_text"') :].split("</textarea>")[0]
    assert "Compétences en commun" not in message_box  # the hint is not copied into the mail
    # the preview, rendered: the subject keeps French typography's no-break space
    assert f"Un poste qui pourrait vous intéresser{NB}: Développeur Python" in page


def test_it_sends_a_personal_message_about_the_job_through_the_outbox(
    recruiter_client, recruiter, people, job
):
    lea = people.contactable(first_name="Léa")
    next_url = reverse("front:job_detail", args=[job.public_id])
    response = recruiter_client.post(
        reverse("pools:compose", args=[lea.public_id]),
        {
            "action": "send",
            "job": str(job.public_id),
            "next": next_url,
            "subject": "Un poste : {{ job.title }}",
            "body_text": "Bonjour {{ candidate.first_name }},\nchez {{ client.name }}.\n{{ recruiter.name }}",
        },
    )
    assert response.status_code == 302 and response["Location"] == next_url
    message = Message.objects.get()
    assert (message.kind, message.status, message.created_by) == (
        MessageKind.PERSONAL,
        MessageStatus.SCHEDULED,
        recruiter,
    )
    assert message.subject == "Un poste : Développeur Python"
    assert message.body_text == "Bonjour Léa,\nchez Hexagone Logiciels.\nCamille Test\n"
    assert Event.objects.filter(kind=EventKind.MESSAGE_SCHEDULED, candidate=lea).exists()
    followed = recruiter_client.get(next_url).content.decode()
    assert "Votre message à Léa" in followed


def test_it_disables_sending_to_someone_who_may_not_be_written_to(recruiter_client, people):
    stale = people.without_consent(first_name="Ancienne")
    url = reverse("pools:compose", args=[stale.public_id])
    page = recruiter_client.get(url).content.decode()
    assert "On ne peut pas écrire à Ancienne" in page and "sans consentement" in page
    assert 'value="send" class="btn btn-primary" disabled' in page
    refused = recruiter_client.post(url, {"action": "send", "subject": "Bonjour", "body_text": "Bonjour"})
    assert "n’a pas accepté de rester dans le vivier" in refused.content.decode()
    assert not Message.objects.exists()


def test_the_live_preview_renders_for_the_recipient_or_shows_the_errors(recruiter_client, people):
    lea = people.contactable(first_name="Léa")
    url = reverse("pools:compose_preview")
    ok = recruiter_client.post(
        url,
        {"recipient": str(lea.public_id), "subject": "Pour {{ candidate.first_name }}", "body_text": "Texte"},
        **HTMX,
    )
    assert ok.status_code == 200 and "Pour Léa" in ok.content.decode() and "<html" not in ok.content.decode()
    bad = recruiter_client.post(
        url, {"recipient": str(lea.public_id), "subject": "{% load x %}", "body_text": "T"}, **HTMX
    )
    assert "alert-danger" in bad.content.decode()


def test_a_second_message_of_the_same_key_is_refused_not_sent_twice(recruiter, people):
    from vivier.errors import Conflict

    lea = people.contactable()
    personal_send(candidate=lea, by=recruiter, subject="A", body_text="B", cadence_key="campaign:x")
    with pytest.raises(Conflict):
        personal_send(candidate=lea, by=recruiter, subject="A", body_text="B", cadence_key="campaign:x")
    assert Message.objects.count() == 1


def test_a_viewer_cannot_write(viewer_client, people):
    lea = people.contactable()
    assert viewer_client.get(reverse("pools:compose", args=[lea.public_id])).status_code == 403
    assert viewer_client.post(reverse("pools:compose_preview"), {"subject": "x"}).status_code == 403
