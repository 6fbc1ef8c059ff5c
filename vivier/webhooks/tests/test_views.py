import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vivier.accounts.audit import AuditEntry
from vivier.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from vivier.webhooks.services import webhook_deliver_next
from vivier.webhooks.services.endpoints import AUDIT_CHANGED, AUDIT_SECRET_VIEWED

pytestmark = pytest.mark.django_db

ALL_EVENTS = [
    "decline.recorded",
    "consent.given",
    "consent.withdrawn",
    "candidate.open_to_opportunities",
    "message.sent",
]


def _html(response) -> str:
    return response.content.decode()


def _assert_no_integer_ids(html: str) -> None:
    assert not re.search(r"/webhooks/(deliveries/)?\d+/", html)


def test_the_list_says_what_to_do_when_there_is_no_endpoint(admin_client_):
    response = admin_client_.get(reverse("webhooks:list"))
    assert response.status_code == 200
    html = _html(response)
    assert "Aucun point de réception pour l’instant" in html
    assert reverse("webhooks:create") in html


def test_the_menu_shows_webhooks_to_administrators_only(admin_client_, recruiter_client):
    assert reverse("webhooks:list") in _html(admin_client_.get(reverse("front:dashboard")))
    assert reverse("webhooks:list") not in _html(recruiter_client.get(reverse("front:dashboard")))


def test_recruiters_and_viewers_are_refused(recruiter_client, viewer_client, receiver, endpoint_for):
    endpoint = endpoint_for(receiver.url)
    for client in (recruiter_client, viewer_client):
        assert client.get(reverse("webhooks:list")).status_code == 403
        assert (
            client.post(reverse("webhooks:create"), {"url": receiver.url, "events": ALL_EVENTS}).status_code
            == 403
        )
        assert client.post(reverse("webhooks:secret", args=[endpoint.public_id])).status_code == 403
        assert client.post(reverse("webhooks:delete", args=[endpoint.public_id])).status_code == 403
    assert WebhookEndpoint.objects.count() == 1
    assert not AuditEntry.objects.filter(action=AUDIT_SECRET_VIEWED).exists()


def test_an_admin_adds_an_endpoint_and_sees_its_secret_once(admin_client_, admin, receiver):
    response = admin_client_.post(
        reverse("webhooks:create"),
        {
            "url": receiver.url,
            "description": "Notre ATS",
            "events": ["decline.recorded", "message.sent"],
            "active": "on",
        },
    )
    assert response.status_code == 201
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.url == receiver.url and endpoint.description == "Notre ATS" and endpoint.active
    assert endpoint.events == ["decline.recorded", "message.sent"] and endpoint.created_by == admin
    html = _html(response)
    assert endpoint.secret in html
    assert "Copiez son secret maintenant" in html
    assert response["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action=AUDIT_CHANGED)
    assert entry.actor == admin and entry.target_id == str(endpoint.public_id)
    assert entry.data["change"] == "created" and entry.data["events"] == ["decline.recorded", "message.sent"]
    assert endpoint.secret not in str(entry.data)
    # Later visits do not show it.
    assert endpoint.secret not in _html(
        admin_client_.get(reverse("webhooks:edit", args=[endpoint.public_id]))
    )


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("", "Saisissez l’adresse qui reçoit les événements."),
        ("pas une adresse", "Saisissez une adresse web complète"),
        ("ftp://ats.example.com/hooks", "Saisissez une adresse web complète"),
        ("http://ats.example.com/hooks", "Utilisez https://"),
        ("https://jean:motdepasse@ats.example.com/hooks", "Ne mettez ni nom d’utilisateur ni mot de passe"),
    ],
)
def test_a_bad_url_is_a_field_error(admin_client_, url, error):
    response = admin_client_.post(reverse("webhooks:create"), {"url": url, "events": ["decline.recorded"]})
    assert response.status_code == 400
    html = _html(response)
    assert error in html
    assert 'id="id_url_error"' in html
    assert not WebhookEndpoint.objects.exists()


def test_events_are_required_and_only_the_listed_ones(admin_client_, receiver):
    response = admin_client_.post(reverse("webhooks:create"), {"url": receiver.url})
    assert response.status_code == 400 and "Choisissez au moins un événement." in _html(response)
    response = admin_client_.post(reverse("webhooks:create"), {"url": receiver.url, "events": ["ping"]})
    assert response.status_code == 400
    assert not WebhookEndpoint.objects.exists()


def test_plain_http_is_accepted_for_any_host_in_debug_mode(admin_client_, settings):
    settings.DEBUG = True
    response = admin_client_.post(
        reverse("webhooks:create"), {"url": "http://ats.example.com/hooks", "events": ["consent.given"]}
    )
    assert response.status_code == 201


def test_an_admin_edits_an_endpoint_and_the_change_is_audited(admin_client_, receiver, endpoint_for):
    endpoint = endpoint_for(receiver.url, events=["decline.recorded"])
    url = reverse("webhooks:edit", args=[endpoint.public_id])
    response = admin_client_.post(
        url, {"url": receiver.url, "events": ["consent.given", "consent.withdrawn"]}
    )
    assert response.status_code == 302 and response["Location"] == url
    endpoint.refresh_from_db()
    assert endpoint.events == ["consent.given", "consent.withdrawn"] and not endpoint.active
    entry = AuditEntry.objects.filter(action=AUDIT_CHANGED, data__change="updated").get()
    assert entry.data["events"] == {
        "from": ["decline.recorded"],
        "to": ["consent.given", "consent.withdrawn"],
    }
    assert entry.data["active"] == {"from": True, "to": False}
    assert "Le point de réception est enregistré." in _html(admin_client_.get(url))

    response = admin_client_.post(url, {"url": "http://ats.example.com/x", "events": ["consent.given"]})
    assert response.status_code == 400 and "Utilisez https://" in _html(response)


def test_showing_and_rotating_the_secret_are_audited(admin_client_, admin, receiver, endpoint_for):
    endpoint = endpoint_for(receiver.url)
    old = endpoint.secret
    response = admin_client_.post(reverse("webhooks:secret", args=[endpoint.public_id]))
    assert response.status_code == 200 and old in _html(response) and response["Cache-Control"] == "no-store"
    assert AuditEntry.objects.get(action=AUDIT_SECRET_VIEWED).actor == admin

    response = admin_client_.post(reverse("webhooks:rotate", args=[endpoint.public_id]))
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.previous_secret == old
    html = _html(response)
    assert endpoint.secret in html and old not in html
    assert "Un nouveau secret signe les événements" in html
    assert AuditEntry.objects.filter(action=AUDIT_CHANGED, data__change="secret_rotated").count() == 1


def test_an_admin_deletes_an_endpoint_with_its_log(admin_client_, make, receiver, endpoint_for):
    endpoint = endpoint_for(receiver.url, events=["decline.recorded"])
    make.decline()
    url = reverse("webhooks:delete", args=[endpoint.public_id])
    assert "Supprimer le point de réception" in _html(admin_client_.get(url))
    response = admin_client_.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("webhooks:list")
    assert not WebhookEndpoint.objects.exists() and not WebhookDelivery.objects.exists()
    entry = AuditEntry.objects.get(action=AUDIT_CHANGED, data__change="deleted")
    assert entry.data["url"] == receiver.url and entry.target_id == str(endpoint.public_id)


def test_a_test_ping_from_the_page(admin_client_, receiver, endpoint_for):
    endpoint = endpoint_for(receiver.url)
    receiver.reply(204)
    response = admin_client_.post(reverse("webhooks:ping", args=[endpoint.public_id]), follow=True)
    delivery = WebhookDelivery.objects.get(event_type="ping")
    assert response.redirect_chain[-1][0] == reverse("webhooks:delivery", args=[delivery.public_id])
    html = _html(response)
    assert "Le point de réception a répondu 204" in html
    assert "HTTP 204" in html and str(delivery.event_id) in html
    assert receiver.received[0].headers["Vivier-Event"] == "ping"


def test_a_failed_ping_says_why(admin_client_, closed_port_url, endpoint_for):
    endpoint = endpoint_for(closed_port_url)
    response = admin_client_.post(reverse("webhooks:ping", args=[endpoint.public_id]), follow=True)
    assert "Le ping de test a échoué\u00a0: connection refused." in _html(response)


def test_the_list_shows_each_endpoints_health_in_constant_queries(
    admin_client_, make, receiver, endpoint_for
):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert admin_client_.get(reverse("webhooks:list")).status_code == 200
        return len(ctx.captured_queries)

    first = endpoint_for(receiver.url, events=["decline.recorded"])
    one = count()
    endpoint_for(receiver.url + "/b", events=["consent.given"])
    endpoint_for(receiver.url + "/c", events=["message.sent"], active=False)
    make.decline()
    make.decline()
    receiver.reply(500)
    assert webhook_deliver_next() and webhook_deliver_next()
    assert count() == one
    html = _html(admin_client_.get(reverse("webhooks:list")))
    assert "1 livrée" in html and "1 en attente" in html and "Désactivé" in html
    _assert_no_integer_ids(html)
    assert reverse("webhooks:deliveries", args=[first.public_id]) in html


def test_the_delivery_log_filters_and_pages(
    admin_client_, make, receiver, endpoint_for, django_assert_num_queries
):
    endpoint = endpoint_for(receiver.url, events=["decline.recorded", "consent.given"])
    candidate = make.candidate()
    make.consent(candidate, "talent_pool")
    make.decline()
    assert webhook_deliver_next()  # the consent goes first (due first)
    url = reverse("webhooks:deliveries", args=[endpoint.public_id])

    html = _html(admin_client_.get(url))
    assert "decline.recorded</code>" in html and "consent.given</code>" in html
    _assert_no_integer_ids(html)
    html = _html(admin_client_.get(url, {"status": "delivered"}))
    assert "consent.given</code>" in html and "decline.recorded</code>" not in html
    html = _html(admin_client_.get(url, {"event": "decline.recorded"}))
    assert "decline.recorded</code>" in html and "consent.given</code>" not in html
    html = _html(admin_client_.get(url, {"status": "failed"}))
    assert "Aucune livraison ne correspond à ces filtres." in html
    # Nonsense filters are ignored rather than an error.
    assert admin_client_.get(url, {"status": "nonsense", "page": "x"}).status_code == 200

    # A long log: 50 a page, the same queries whatever its length.
    with django_assert_num_queries(5):  # session, user, endpoint, count, page
        admin_client_.get(url)
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(endpoint=endpoint, event_type="message.sent", event_id=uuid.uuid4(), payload={})
        for _ in range(60)
    )
    with django_assert_num_queries(5):
        html = _html(admin_client_.get(url))
    assert html.count("message.sent</code>") == 50 and "Page 1 sur 2" in html
    html = _html(admin_client_.get(url, {"page": 2}))
    assert html.count("message.sent</code>") == 10 and "decline.recorded</code>" in html


def test_a_delivery_page_shows_payload_attempts_and_redelivers(admin_client_, make, receiver, endpoint_for):
    endpoint_for(receiver.url, events=["decline.recorded"])
    decline = make.decline()
    receiver.reply(500, b"<h1>Erreur interne</h1>")
    assert webhook_deliver_next()
    delivery = WebhookDelivery.objects.get()
    url = reverse("webhooks:delivery", args=[delivery.public_id])

    html = _html(admin_client_.get(url))
    assert str(decline.public_id) in html  # the payload
    assert "HTTP 500" in html and "&lt;h1&gt;Erreur interne&lt;/h1&gt;" in html  # the answer, escaped
    assert "Relivrer" not in html  # still waiting for its retry
    _assert_no_integer_ids(html)

    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED)
    assert "Relivrer" in _html(admin_client_.get(url))
    response = admin_client_.post(reverse("webhooks:redeliver", args=[delivery.public_id]), follow=True)
    assert "La livraison est de nouveau en file" in _html(response)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 0

    response = admin_client_.post(reverse("webhooks:redeliver", args=[delivery.public_id]), follow=True)
    assert "Cette livraison attend déjà d’être envoyée." in _html(response)


def test_unknown_ids_answer_404(admin_client_):
    missing = "00000000-0000-0000-0000-000000000001"
    assert admin_client_.get(reverse("webhooks:edit", args=[missing])).status_code == 404
    assert admin_client_.get(reverse("webhooks:delivery", args=[missing])).status_code == 404
    assert admin_client_.post(reverse("webhooks:redeliver", args=[missing])).status_code == 404


def test_the_pages_read_in_english_too(admin_client_, receiver, endpoint_for):
    endpoint = endpoint_for(receiver.url)
    admin_client_.cookies["django_language"] = "en"
    html = _html(admin_client_.get(reverse("webhooks:edit", args=[endpoint.public_id])))
    assert "Send a test ping" in html and "Signing secret" in html
