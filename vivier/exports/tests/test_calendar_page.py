import re

import pytest
from django.urls import reverse

from vivier.accounts.models import AuditAction, AuditEntry
from vivier.exports.models import CalendarFeed

pytestmark = pytest.mark.django_db

PAGE = reverse("exports:calendar")
CREATE = reverse("exports:calendar_create")
REVOKE = reverse("exports:calendar_revoke")
FEED_URL = re.compile(r'value="(http://127\.0\.0\.1:8000/calendar/(cal_[\w-]+)\.ics)"')


def _created_url(response) -> tuple[str, str]:
    match = FEED_URL.search(response.content.decode())
    assert match, "the new address is shown"
    return match.group(1), match.group(2)


def test_it_is_linked_from_the_profile(recruiter_client):
    html = recruiter_client.get(reverse("accounts:profile")).content.decode()
    assert PAGE in html and "S’abonner dans Outlook / Google Agenda" in html


def test_it_says_what_to_do_when_there_is_no_link(recruiter_client):
    html = recruiter_client.get(PAGE).content.decode()
    assert "Vous n’avez pas de lien d’agenda" in html and "Créer mon lien d’agenda" in html
    assert not FEED_URL.search(html)


def test_it_shows_the_new_link_once(recruiter_client, outsider, recruiter):
    response = recruiter_client.post(CREATE)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    url, raw = _created_url(response)
    assert f'href="webcal://127.0.0.1:8000/calendar/{raw}.ics"' in response.content.decode()
    assert outsider.get(url.removeprefix("http://127.0.0.1:8000")).status_code == 200
    feed = CalendarFeed.objects.get(user=recruiter)
    assert feed.digest == CalendarFeed.hash(raw)
    again = recruiter_client.get(PAGE).content.decode()
    assert raw not in again and "Réinitialiser le lien" in again and "Dernière lecture par un agenda" in again


def test_it_resets_the_link_and_the_old_one_stops(recruiter_client, outsider):
    old_url, _old = _created_url(recruiter_client.post(CREATE))
    new_url, _new = _created_url(recruiter_client.post(CREATE))
    assert old_url != new_url
    assert outsider.get(old_url.removeprefix("http://127.0.0.1:8000")).status_code == 404
    assert outsider.get(new_url.removeprefix("http://127.0.0.1:8000")).status_code == 200
    assert CalendarFeed.objects.filter(revoked_at__isnull=True).count() == 1


def test_it_says_when_no_calendar_read_it_yet(recruiter_client):
    recruiter_client.post(CREATE)
    assert "Aucun agenda ne l’a encore lu" in recruiter_client.get(PAGE).content.decode()


def test_it_turns_the_link_off(recruiter_client, outsider):
    url, _raw = _created_url(recruiter_client.post(CREATE))
    response = recruiter_client.post(REVOKE, follow=True)
    assert "Votre lien d’agenda est désactivé" in response.content.decode()
    assert outsider.get(url.removeprefix("http://127.0.0.1:8000")).status_code == 404
    assert not CalendarFeed.objects.filter(revoked_at__isnull=True).exists()


def test_it_lets_a_viewer_have_their_own_link(viewer_client):
    assert viewer_client.post(CREATE).status_code == 200


def test_it_touches_only_the_users_own_link(recruiter_client, viewer_client, outsider):
    url, _raw = _created_url(recruiter_client.post(CREATE))
    viewer_client.post(REVOKE)
    assert outsider.get(url.removeprefix("http://127.0.0.1:8000")).status_code == 200


def test_it_records_creation_reset_and_revocation(recruiter_client, recruiter):
    recruiter_client.post(CREATE)
    recruiter_client.post(CREATE)
    recruiter_client.post(REVOKE)
    recruiter_client.post(REVOKE)  # nothing left to revoke: nothing recorded
    entries = list(AuditEntry.objects.filter(target_type="calendar_feed").order_by("id"))
    assert [(e.action, e.actor, e.data) for e in entries] == [
        (AuditAction.TOKEN_CREATED, recruiter, {"replaced": False}),
        (AuditAction.TOKEN_CREATED, recruiter, {"replaced": True}),
        (AuditAction.TOKEN_REVOKED, recruiter, {}),
    ]
    feeds = CalendarFeed.objects.order_by("id")
    assert entries[0].target_id == str(feeds[0].public_id)


def test_it_refuses_a_get_on_the_actions(recruiter_client):
    assert recruiter_client.get(CREATE).status_code == 405
    assert recruiter_client.get(REVOKE).status_code == 405
