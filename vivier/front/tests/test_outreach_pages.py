"""The outreach pages: outbox, one message's actions, candidate page sections, templates editor, feedback
composer, LinkedIn, the dashboard's follow-ups, the local mailbox; each persona."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from vivier.outreach.models import LinkedInContact, LinkedInStatus, Message, MessageStatus, MessageTemplate
from vivier.outreach.services import linkedin_set
from vivier.talent.models import Event, EventKind

pytestmark = pytest.mark.django_db


def _planned(make, **kw):
    result = make.declined(**kw)
    return result.decline.candidate, result.messages


def test_the_outbox_lists_filters_and_highlights_for_every_persona(
    recruiter_client, viewer_client, admin_client_, outsider, make
):
    candidate, messages = _planned(make)
    Message.objects.filter(pk=messages[-1].pk).update(status=MessageStatus.UNCERTAIN, message_id="<x@vivier>")
    url = reverse("front:outbox")
    for http in (recruiter_client, viewer_client, admin_client_):
        assert http.get(url).status_code == 200
    assert outsider.get(url).status_code == 302
    page = recruiter_client.get(url + "?status=review").content.decode()
    assert (
        candidate.full_name in page and reverse("front:message_approve", args=[messages[0].public_id]) in page
    )
    assert "check_in" not in page or "Check-in" not in page.split("<tbody>")[1]
    uncertain = recruiter_client.get(url + "?status=uncertain").content.decode()
    assert (
        "message-uncertain" in uncertain and 'value="sent"' in uncertain and "&lt;x@vivier&gt;" in uncertain
    )
    viewer_page = viewer_client.get(url).content.decode()
    assert reverse("front:message_cancel", args=[messages[0].public_id]) not in viewer_page
    assert recruiter_client.get(url + "?status=bogus&kind=bogus&page=x").status_code == 200


def test_the_outbox_takes_a_fixed_number_of_queries(recruiter_client, make, count_queries):
    _planned(make)
    few = count_queries(recruiter_client, reverse("front:outbox"))
    for _ in range(3):
        _planned(make)
    assert count_queries(recruiter_client, reverse("front:outbox")) == few


def test_a_message_is_approved_sent_now_cancelled_from_the_candidate_page(recruiter_client, make):
    candidate, messages = _planned(make)
    here = reverse("front:candidate_detail", args=[candidate.public_id])
    page = recruiter_client.get(here).content.decode()
    assert 'id="h-messages"' in page and messages[0].subject in page
    thanks, invitation, check_in = messages[0], messages[1], messages[2]
    assert (
        recruiter_client.post(reverse("front:message_approve", args=[thanks.public_id]), {"next": here}).url
        == here
    )
    assert Message.objects.get(pk=thanks.pk).status == MessageStatus.SCHEDULED
    recruiter_client.post(reverse("front:message_send_now", args=[invitation.public_id]))
    assert Message.objects.get(pk=invitation.pk).due_at <= timezone.now()
    recruiter_client.post(reverse("front:message_cancel", args=[check_in.public_id]))
    assert Message.objects.get(pk=check_in.pk).status == MessageStatus.CANCELLED
    # cancelled twice: a message, not an error page
    response = recruiter_client.post(reverse("front:message_cancel", args=[check_in.public_id]), follow=True)
    assert response.status_code == 200 and "alert-danger" in response.content.decode()


def test_a_message_is_edited_and_moved_in_the_dialog_or_the_page(recruiter_client, make):
    _candidate, messages = _planned(make)
    message = messages[2]
    url = reverse("front:message_edit", args=[message.public_id])
    assert "modal-body" in recruiter_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<form" in recruiter_client.get(url).content.decode()
    bad = recruiter_client.post(url, {"due_at": "demain", "subject": "", "body_text": "x"})
    assert bad.status_code == 200 and "is-invalid" in bad.content.decode()
    when = (timezone.localtime() + dt.timedelta(days=40)).replace(second=0, microsecond=0)
    response = recruiter_client.post(
        url,
        {"due_at": when.strftime("%Y-%m-%dT%H:%M"), "subject": "Un petit bonjour", "body_text": "Texte revu"},
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.subject, message.body_text, message.due_at) == ("Un petit bonjour", "Texte revu", when)


def test_an_uncertain_message_is_marked_sent_or_rescheduled(recruiter_client, make):
    candidate, messages = _planned(make)
    make.consent(candidate, "talent_pool")  # check-ins: sent again now, they need it
    a, b = messages[2], messages[3]
    Message.objects.filter(pk__in=[a.pk, b.pk]).update(status=MessageStatus.UNCERTAIN)
    recruiter_client.post(reverse("front:message_resolve", args=[a.public_id]), {"outcome": "sent"})
    recruiter_client.post(reverse("front:message_resolve", args=[b.public_id]), {"outcome": "reschedule"})
    assert Message.objects.get(pk=a.pk).status == MessageStatus.SENT
    assert Message.objects.get(pk=b.pk).status == MessageStatus.SCHEDULED


def test_send_now_says_why_a_message_cannot_go_instead_of_promising_it(recruiter_client, make):
    candidate, messages = _planned(make)  # no talent-pool consent yet: the check-ins wait for it
    check_in = next(m for m in messages if m.kind == "check_in")
    url = reverse("front:message_send_now", args=[check_in.public_id])
    page = recruiter_client.post(url, follow=True).content.decode()
    assert "Ce message ne peut pas partir" in page and "n’a pas accepté de rester dans le vivier" in page
    assert "part dans la minute" not in page
    assert Message.objects.get(pk=check_in.pk).due_at == check_in.due_at  # left as it was
    make.consent(candidate, "talent_pool")
    page = recruiter_client.post(url, follow=True).content.decode()
    assert "part dans la minute" in page


def test_a_viewer_gets_403_on_every_write(viewer_client, make):
    candidate, messages = _planned(make)
    m = messages[0]
    for name in ("message_approve", "message_send_now", "message_cancel", "message_resolve", "message_edit"):
        assert viewer_client.post(reverse(f"front:{name}", args=[m.public_id])).status_code == 403
    for name in ("candidate_replied", "candidate_stop", "feedback_compose", "linkedin_update"):
        assert viewer_client.post(reverse(f"front:{name}", args=[candidate.public_id])).status_code == 403
    template = MessageTemplate.objects.first()
    assert viewer_client.get(reverse("front:template_edit", args=[template.public_id])).status_code == 403
    assert viewer_client.post(reverse("front:template_preview", args=[template.public_id])).status_code == 403
    assert viewer_client.get(reverse("front:template_list")).status_code == 200
    assert Message.objects.get(pk=m.pk).status == MessageStatus.REVIEW


def test_a_reply_is_logged_and_pauses_the_cadence(recruiter_client, make):
    candidate, _messages = _planned(make)
    url = reverse("front:candidate_replied", args=[candidate.public_id])
    assert "modal-body" in recruiter_client.get(url, headers={"HX-Request": "true"}).content.decode()
    response = recruiter_client.post(url, {"note": "Intéressée pour plus tard"}, follow=True)
    assert "messages prévus attendent désormais votre validation" in response.content.decode()
    assert not Message.objects.filter(candidate=candidate, status=MessageStatus.SCHEDULED).exists()
    page = recruiter_client.get(
        reverse("front:candidate_detail", args=[candidate.public_id])
    ).content.decode()
    assert str(EventKind.REPLY_RECEIVED.label) in page


def test_do_not_contact_from_the_candidate_page(recruiter_client, make):
    candidate, _messages = _planned(make)
    recruiter_client.post(reverse("front:candidate_stop", args=[candidate.public_id]))
    candidate.refresh_from_db()
    assert candidate.do_not_contact
    assert not Message.objects.filter(candidate=candidate, status__in=["review", "scheduled"]).exists()


def test_the_template_editor_saves_refuses_with_the_line_and_previews(recruiter_client, make):
    template = MessageTemplate.objects.get(kind="thank_you", language="fr")
    url = reverse("front:template_edit", args=[template.public_id])
    page = recruiter_client.get(url).content.decode()
    assert "candidate.first_name" in page and "sandbox" in page and 'hx-trigger="input changed' in page
    bad = recruiter_client.post(url, {"subject": "Merci", "body_text": "Bonjour\n\n{{ candidate.age }}"})
    assert bad.status_code == 200 and "Ligne 3\u00a0: champ de fusion inconnu" in bad.content.decode()
    preview_url = reverse("front:template_preview", args=[template.public_id])
    preview = recruiter_client.post(
        preview_url, {"subject": "Merci {{ candidate.first_name }}", "body_text": "<b>{{ job.title }}</b>"}
    ).content.decode()
    assert "Merci Camille" in preview and "&lt;b&gt;Développeur" in preview and "<b>Dév" not in preview
    broken = recruiter_client.post(preview_url, {"subject": "x", "body_text": "{% if %}"}).content.decode()
    assert "Ligne 1" in broken and "alert-danger" in broken
    nojs = recruiter_client.post(
        url, {"subject": "Merci", "body_text": "Salut {{ candidate.first_name }}", "preview": "1"}
    )
    assert "Salut Camille" in nojs.content.decode()
    assert MessageTemplate.objects.get(pk=template.pk).body_text != "Salut {{ candidate.first_name }}"
    saved = recruiter_client.post(
        url, {"subject": "Merci {{ candidate.first_name }}", "body_text": "Merci !"}
    )
    assert saved.status_code == 302 and MessageTemplate.objects.get(pk=template.pk).body_text == "Merci !"


def test_the_template_preview_keeps_the_html_part_inside_its_sandboxed_frame(recruiter_client):
    """The HTML part goes in the iframe's srcdoc attribute: escaped, or its first quote ends the attribute and
    the rest of the message lands in the page itself, outside the sandbox."""
    template = MessageTemplate.objects.get(kind="thank_you", language="fr")
    preview = recruiter_client.post(
        reverse("front:template_preview", args=[template.public_id]),
        {"subject": "Merci", "body_text": "Bonjour {{ candidate.first_name }}"},
    ).content.decode()
    frame = re.search(r'<iframe[^>]*\ssrcdoc="([^"]*)"[^>]*>', preview)
    assert frame, preview
    document = html.unescape(frame.group(1))
    assert document.startswith("<!doctype html>") and "Bonjour Camille" in document and "</html>" in document
    assert "<meta charset=" not in preview.replace(frame.group(0), "")


def test_the_feedback_composer_previews_warns_shows_the_window_and_sends(recruiter_client, make):
    candidate, _messages = _planned(make)
    url = reverse("front:feedback_compose", args=[candidate.public_id])
    page = recruiter_client.get(url).content.decode()
    assert "jours (jusqu’au" in page and "vos compétences techniques" in page
    preview = recruiter_client.post(
        url,
        {
            "strengths": ["technical_skills"],
            "factors": ["closer_match"],
            "note": "Elle est enceinte",
            "action": "preview",
        },
    ).content.decode()
    assert (
        "L1132-1" in preview
        and "La grossesse (enceinte)" in preview
        and "un profil plus proche du besoin exact" in preview
    )
    assert not Message.objects.filter(kind="feedback").exists()
    sent = recruiter_client.post(url, {"strengths": ["technical_skills"], "note": "", "action": "send"})
    assert sent.status_code == 302
    assert Message.objects.get(kind="feedback").status == MessageStatus.SCHEDULED


def test_linkedin_status_and_the_dashboard_reminder(recruiter_client, make, settings):
    settings.LINKEDIN_PENDING_DAYS = 14
    old = make.candidate(first_name="Solène")
    recent = make.candidate(first_name="Romain")
    linkedin_set(
        candidate=old,
        status=LinkedInStatus.REQUEST_SENT,
        by=make.by,
        when=timezone.now() - dt.timedelta(days=20),
    )
    response = recruiter_client.post(
        reverse("front:linkedin_update", args=[recent.public_id]), {"status": "request_sent"}
    )
    assert response.status_code == 302
    assert LinkedInContact.objects.get(candidate=recent).status == LinkedInStatus.REQUEST_SENT
    assert Event.objects.filter(kind=EventKind.LINKEDIN_CHANGED, candidate=recent).exists()
    page = recruiter_client.get(reverse("front:dashboard")).content.decode()
    pending = page.split('class="list-unstyled small mb-0 linkedin-pending"')[1].split("</ul>")[0]
    assert "Solène" in pending and "Romain" not in pending
    detail = recruiter_client.get(reverse("front:candidate_detail", args=[old.public_id])).content.decode()
    assert 'id="linkedin-note"' in detail and "Bonjour Solène" in detail and "copy-button" in detail


def test_the_dashboard_lists_reviews_and_this_weeks_check_ins(recruiter_client, make):
    candidate, messages = _planned(make, recontact_after=timezone.localdate() + dt.timedelta(days=3))
    page = recruiter_client.get(reverse("front:dashboard")).content.decode()
    follow_ups = page.split('id="h-today"')[1].split('id="h-offers"')[0]
    assert (
        follow_ups.count(candidate.full_name) >= 2
    )  # a thank-you to approve, a recontact check-in this week


def test_the_local_mailbox_lists_and_shows_a_message_safely(
    recruiter_client, viewer_client, outsider, make, settings, tmp_path
):
    from vivier.outreach.worker import Worker, WorkerConfig

    settings.MAILBOX_DIR = tmp_path
    settings.EMAIL_BACKEND = "vivier.outreach.mailbox.LocalMailboxBackend"
    candidate, messages = _planned(make)
    Message.objects.filter(pk=messages[0].pk).update(
        status=MessageStatus.SCHEDULED,
        due_at=timezone.now() - dt.timedelta(seconds=1),
        body_html="<p>Bonjour</p><script>alert(1)</script>",
    )
    assert Worker(WorkerConfig(worker_id="mailbox-test", poll=0.01)).run(once=True) == 1
    listing = viewer_client.get(reverse("front:mailbox")).content.decode()
    name = f"{messages[0].public_id}.eml"
    assert reverse("front:mailbox_detail", args=[name]) in listing
    assert outsider.get(reverse("front:mailbox")).status_code == 302
    detail = recruiter_client.get(reverse("front:mailbox_detail", args=[name])).content.decode()
    assert "<iframe" in detail and "sandbox" in detail and "<script>alert" not in detail
    html = recruiter_client.get(reverse("front:mailbox_html", args=[name]))
    assert (
        html["Content-Security-Policy"].startswith("default-src 'none'")
        and "sandbox" in html["Content-Security-Policy"]
    )
    assert html["X-Frame-Options"] == "SAMEORIGIN"
    assert recruiter_client.get(reverse("front:mailbox_detail", args=["..secret_key.eml"])).status_code == 404
    assert recruiter_client.get("/mailbox/%2E%2E%2Fsecret_key/").status_code == 404
    assert recruiter_client.get(reverse("front:mailbox_detail", args=["nope.eml"])).status_code == 404
