"""Replies pause the cadence; a do-not-contact request stops it; templates; feedback wording; LinkedIn."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from vivier.errors import Conflict
from vivier.outreach.models import LinkedInStatus, Message, MessageStatus, MessageTemplate
from vivier.outreach.services import (
    candidate_replied,
    contact_stop,
    feedback_compose,
    feedback_send,
    linkedin_message,
    linkedin_set,
    message_update,
    template_preview,
    template_update,
)
from vivier.outreach.templating import check
from vivier.outreach.wording import sensitive_wording
from vivier.talent.models import Event, EventKind

pytestmark = pytest.mark.django_db


def test_a_reply_pauses_the_scheduled_cadence_and_is_on_the_timeline(make):
    decline = make.decline()
    candidate = decline.candidate
    scheduled = set(
        Message.objects.filter(candidate=candidate, status=MessageStatus.SCHEDULED).values_list(
            "pk", flat=True
        )
    )
    assert scheduled
    paused = candidate_replied(candidate=candidate, by=make.by, note="Ravie d'avoir de vos nouvelles")
    assert {m.pk for m in paused} == scheduled
    assert not Message.objects.filter(candidate=candidate, status=MessageStatus.SCHEDULED).exists()
    event = Event.objects.get(kind=EventKind.REPLY_RECEIVED)
    assert event.candidate == candidate and event.data["note"].startswith("Ravie")
    assert len(event.data["paused"]) == len(scheduled)


def test_do_not_contact_cancels_everything_pending_once(make):
    decline = make.decline()
    candidate = decline.candidate
    pending = Message.objects.filter(candidate=candidate).count()
    cancelled = contact_stop(candidate=candidate, source="unsubscribe")
    assert len(cancelled) == pending
    assert set(Message.objects.filter(candidate=candidate).values_list("status", flat=True)) == {"cancelled"}
    candidate.refresh_from_db()
    assert candidate.do_not_contact
    assert contact_stop(candidate=candidate) == []
    assert Event.objects.filter(kind=EventKind.UNSUBSCRIBED).count() == 1


def test_editing_the_text_replaces_the_html_part(make):
    message = make.declined().messages[0]
    assert "Bonjour" in message.body_html
    message_update(message=message, by=make.by, body_text="Nouveau texte <b>ici</b>")
    message.refresh_from_db()
    assert "Nouveau texte &lt;b&gt;ici&lt;/b&gt;" in message.body_html and "Bonjour" not in message.body_html


def test_every_seeded_template_is_valid_in_both_languages():
    templates = list(MessageTemplate.objects.all())
    assert len(templates) == 14
    assert {(t.kind, t.language) for t in templates} >= {("thank_you", "fr"), ("survey", "en")}
    for t in templates:
        assert check(t.subject, "subject") == [] and check(t.body_text, "body_text") == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Bonjour {{ candidate.first_name }},\n\n{{ candidat.prenom }}",
            "Ligne 3\u00a0: champ de fusion inconnu «\u202fcandidat.prenom\u202f».",
        ),
        ("Bonjour\n{% if candidate.first_name %}\nsans fin", "Ligne 2\u00a0:"),
        (
            "Bonjour\n{{ candidate.first_name|safe }}",
            "Ligne 2\u00a0: le filtre «\u202fsafe\u202f» n’est pas autorisé.",
        ),
        (
            "a\nb\n{% include 'x.html' %}",
            "Ligne 3\u00a0: la balise «\u202finclude\u202f» n’est pas autorisée",
        ),
        ("{% load static %}", "Ligne 1\u00a0: la balise «\u202fload\u202f» n’est pas autorisée"),
        ("{% debug %}", "Ligne 1\u00a0: la balise «\u202fdebug\u202f» n’est pas autorisée"),
    ],
)
def test_a_template_with_an_unknown_field_or_broken_syntax_is_refused_with_the_line(admin, body, expected):
    template = MessageTemplate.objects.get(kind="check_in", language="fr")
    with pytest.raises(ValidationError) as exc:
        template_update(template=template, by=admin, subject="Des nouvelles ?", body_text=body)
    assert exc.value.message_dict["body_text"][0].startswith(expected)
    assert not Event.objects.filter(kind=EventKind.TEMPLATE_UPDATED).exists()


def test_a_good_template_is_saved_with_an_event_and_escapes_html(admin):
    template = MessageTemplate.objects.get(kind="survey", language="en")
    template_update(
        template=template,
        by=admin,
        subject="Hi {{ candidate.first_name }}",
        body_text="Hello {{ candidate.first_name }}",
        body_html="<p>Hello {{ candidate.first_name }}</p>",
    )
    assert Event.objects.get(kind=EventKind.TEMPLATE_UPDATED).data["fields"] == [
        "body_html",
        "body_text",
        "subject",
    ]
    rendered = template_preview(
        subject="{{ candidate.first_name }}", body_text="x", body_html="<p>{{ job.title }}</p>", language="fr"
    )
    assert rendered.body_html == "<p>Développeur / Développeuse web</p>"
    from vivier.outreach.templating import render

    out = render(
        subject="s",
        body_text="{{ candidate.first_name }}",
        body_html="<p>{{ candidate.first_name }}</p>",
        values={"candidate.first_name": "<script>x</script>"},
    )
    assert out.body_text.strip() == "<script>x</script>"  # plain text is not escaped
    assert out.body_html == "<p>&lt;script&gt;x&lt;/script&gt;</p>"


def test_a_subject_is_one_line_and_keeps_french_no_break_spaces():
    from vivier.outreach.templating import render

    out = render(
        subject="Un poste à {{ job.salary }}\u00a0?\n  Bonjour\t{{ candidate.first_name }}\r\n",
        body_text="x",
        values={"job.salary": "55\u202f000\u00a0€", "candidate.first_name": "Léa"},
    )
    assert out.subject == "Un poste à 55\u202f000\u00a0€\u00a0? Bonjour Léa"


@pytest.mark.parametrize(
    ("text", "criteria"),
    [
        ("Elle est un peu trop ÂGÉE pour l'équipe", ["age"]),
        ("Avec trois enfants, la mobilité serait difficile", ["family"]),
        ("Son état de santé et sa grossesse", ["pregnancy", "health"]),
        ("Il est syndiqué", ["union"]),
        ("He seemed too old and his religion", ["age", "religion"]),
        ("Le profil manquait d'expérience en gestion de projet", []),
        ("La politique de télétravail et l'adresse e-mail", []),  # everyday words, no warning
        ("Un manager passionné", []),  # word boundaries: "man" is not in "manager"
    ],
)
def test_feedback_wording_warnings(text, criteria):
    assert [w.criterion for w in sensitive_wording(text)] == criteria


def test_the_feedback_composer_renders_warns_and_sends_now(make):
    decline = make.decline()
    candidate = decline.candidate
    draft = feedback_compose(
        candidate=candidate,
        by=make.by,
        strengths=["technical_skills", "communication"],
        factors=["sector_knowledge"],
        note="Vous étiez peut-être un peu jeune, trop âgé ?",
    )
    assert "vos compétences techniques et la clarté de vos échanges" in draft.rendered.body_text
    assert "la connaissance du secteur" in draft.rendered.body_text
    assert [w.criterion for w in draft.warnings] == ["age"]
    with pytest.raises(ValidationError):
        feedback_compose(candidate=candidate, by=make.by, strengths=["nope"], factors=[])
    message = feedback_send(candidate=candidate, by=make.by, strengths=["experience"], factors=[], note="")
    assert message.kind == "feedback" and message.status == MessageStatus.SCHEDULED
    assert message.due_at <= timezone.now()


def test_linkedin_status_changes_are_events_with_dates(make):
    candidate = make.candidate(first_name="Inès")
    contact = linkedin_set(candidate=candidate, status=LinkedInStatus.REQUEST_SENT, by=make.by)
    assert contact.requested_at is not None
    linkedin_set(candidate=candidate, status=LinkedInStatus.REQUEST_SENT, by=make.by)  # no change, no event
    linkedin_set(candidate=candidate, status=LinkedInStatus.CONNECTED, by=make.by)
    events = list(Event.objects.filter(kind=EventKind.LINKEDIN_CHANGED).order_by("id"))
    assert [(e.data["from"], e.data["to"]) for e in events] == [
        ("not_connected", "request_sent"),
        ("request_sent", "connected"),
    ]
    with pytest.raises(ValidationError):
        linkedin_set(candidate=candidate, status="best_friends", by=make.by)
    with pytest.raises(ValidationError):
        linkedin_set(
            candidate=candidate, status="engaged", by=make.by, when=timezone.now() + dt.timedelta(days=3)
        )
    note = linkedin_message(candidate=candidate, by=make.by)
    assert note.startswith("Bonjour Inès") and len(note) <= 300


def test_a_message_claimed_by_the_worker_cannot_be_edited(make, worker_factory):
    decline = make.decline()
    message = (
        Message.objects.filter(candidate=decline.candidate, status="scheduled").order_by("due_at").first()
    )
    Message.objects.filter(pk=message.pk).update(due_at=timezone.now() - dt.timedelta(seconds=1))
    worker = worker_factory()
    claimed = worker.claim()
    assert claimed.pk == message.pk and claimed.status == MessageStatus.SENDING
    with pytest.raises(Conflict) as exc:
        message_update(message=message, by=make.by, body_text="Texte corrigé")
    assert exc.value.code == "message_sending"
    assert Message.objects.get(pk=message.pk).body_text == claimed.body_text
