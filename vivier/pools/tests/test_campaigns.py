from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vivier.front.tests.conftest import count_queries  # noqa: F401  (fixture)
from vivier.outreach.models import Message, MessageKind, MessageStatus
from vivier.pools.audience import Audience
from vivier.pools.models import Campaign, CampaignStatus
from vivier.pools.selectors import audience_count
from vivier.pools.services import campaign_create, campaign_expand_next, pool_add, pool_create, segment_create
from vivier.pools.services import campaigns as campaigns_service

NB, NN = "\u00a0", "\u202f"
BODY = "Bonjour {{ candidate.first_name }},\n\nDes nouvelles ?\n\n{{ recruiter.name }}"


@pytest.fixture
def mixed_pool(recruiter, people):
    """Seven people: three may be written to; two without consent, one do-not-contact, one without e-mail."""
    members = [
        people.contactable(first_name="Léa"),
        people.contactable(first_name="Zoé"),
        people.contactable(first_name="Inès", language="en"),
        people.without_consent(),
        people.without_consent(),
        people.do_not_contact(),
        people.without_email(),
    ]
    pool = pool_create(name="Data Lyon", by=recruiter)
    pool_add(pool=pool, candidates=members, by=recruiter)
    return pool


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(campaigns_service, "BATCH", 2)


def _run_expansion() -> int:
    calls = 0
    while campaign_expand_next():
        calls += 1
        assert calls < 50
    return calls


def test_it_counts_who_may_be_written_to_and_why_not(mixed_pool):
    counts = audience_count(Audience.of_pool(mixed_pool))
    assert (counts.total, counts.allowed, counts.not_allowed) == (7, 3, 4)
    assert counts.refused == {"no_consent": 2, "do_not_contact": 1, "no_email": 1}
    english = audience_count(Audience.of_pool(mixed_pool), language="en", only_language=True)
    assert (english.total, english.allowed, english.other_language) == (1, 1, 6)


def test_it_shows_the_count_before_sending_and_queues_only_on_confirmation(recruiter_client, mixed_pool):
    url = reverse("pools:write", args=[mixed_pool.public_id])
    first = recruiter_client.get(url).content.decode()
    assert "7 personnes dans ce public." in first
    form = {"subject": "Des nouvelles", "body_text": BODY, "language": "fr"}
    review = recruiter_client.post(url, {**form, "action": "review"}).content.decode()
    assert (
        f"7 personnes{NB}: 3 peuvent recevoir le message, 4 ne le peuvent pas "
        f"(sans consentement{NB}: 2, ne pas contacter{NB}: 1, sans e-mail{NB}: 1)."
    ) in review
    assert f"Confirmer{NB}: envoyer à 3 personnes" in review
    assert "Bonjour Léa," in review or "Bonjour Zoé," in review or "Bonjour Inès," in review  # the preview
    assert not Campaign.objects.exists()

    back = recruiter_client.post(url, {**form, "action": "edit"}).content.decode()
    assert 'name="body_text"' in back and "Compter et relire" in back

    sent = recruiter_client.post(url, {**form, "action": "send"})
    campaign = Campaign.objects.get()
    assert sent.status_code == 302 and sent["Location"] == reverse(
        "pools:campaign_detail", args=[campaign.public_id]
    )
    assert (campaign.status, campaign.audience_count, campaign.allowed_count) == (CampaignStatus.QUEUED, 7, 3)
    assert (campaign.audience_kind, campaign.audience_name) == ("pool", "Data Lyon")


def test_it_refuses_a_bad_message_and_an_audience_nobody_may_be_written_to(
    recruiter_client, recruiter, people
):
    pool = pool_create(name="Personne", by=recruiter)
    pool_add(pool=pool, candidates=[people.without_consent()], by=recruiter)
    url = reverse("pools:write", args=[pool.public_id])
    bad = recruiter_client.post(
        url, {"action": "review", "subject": "", "body_text": "{{ reason.label }}", "language": "fr"}
    )
    body = bad.content.decode()
    assert "Saisissez un objet." in body and "n’a pas de valeur dans ce message" in body
    nobody = recruiter_client.post(
        url, {"action": "send", "subject": "S", "body_text": "T", "language": "fr"}
    )
    assert "Personne dans ce public ne peut recevoir de message" in nobody.content.decode()
    assert not Campaign.objects.exists()


def test_the_worker_plans_a_campaign_in_batches(recruiter, mixed_pool, small_batches):
    campaign = campaign_create(
        audience=Audience.of_pool(mixed_pool),
        subject="Des nouvelles",
        body_text=BODY,
        language="fr",
        by=recruiter,
    )
    assert campaign_expand_next() is True
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.EXPANDING and campaign.started_at is not None
    assert campaign.scheduled + campaign.skipped == 2
    assert _run_expansion() == 3  # 7 people, 2 a batch: 4 batches in all
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DONE and campaign.finished_at is not None
    assert (campaign.scheduled, campaign.skipped, campaign.already, campaign.progress) == (3, 4, 0, 100)
    assert campaign.skipped_reasons == {"no_consent": 2, "do_not_contact": 1, "no_email": 1}
    messages = Message.objects.filter(cadence_key=campaign.cadence_key)
    assert sorted(m.body_text.split(",")[0] for m in messages) == [
        "Bonjour Inès",
        "Bonjour Léa",
        "Bonjour Zoé",
    ]
    assert {(m.kind, m.status, m.created_by_id) for m in messages} == {
        (MessageKind.PERSONAL, MessageStatus.SCHEDULED, recruiter.pk)
    }
    assert campaign_expand_next() is False


def test_a_crash_between_batches_plans_nobody_twice_and_everybody_once(
    recruiter, people, small_batches, monkeypatch
):
    everyone = [people.contactable() for _ in range(5)]
    pool = pool_create(name="Cinq", by=recruiter)
    pool_add(pool=pool, candidates=everyone, by=recruiter)
    campaign = campaign_create(
        audience=Audience.of_pool(pool), subject="S", body_text=BODY, language="fr", by=recruiter
    )
    assert campaign_expand_next()  # batch 1: two messages, committed with the cursor

    real = campaigns_service.message_schedule
    calls = {"n": 0}

    def dies_on_the_second(**kw):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker killed")
        return real(**kw)

    monkeypatch.setattr(campaigns_service, "message_schedule", dies_on_the_second)
    with pytest.raises(RuntimeError):
        campaign_expand_next()  # batch 2 dies half-way: its transaction goes back, cursor included
    assert Message.objects.filter(cadence_key=campaign.cadence_key).count() == 2
    monkeypatch.setattr(campaigns_service, "message_schedule", real)

    # A worst case on top: the cursor itself is lost, so the batches already done run again.
    Campaign.objects.filter(pk=campaign.pk).update(cursor=0)
    _run_expansion()
    campaign.refresh_from_db()
    recipients = list(
        Message.objects.filter(cadence_key=campaign.cadence_key).values_list("candidate_id", flat=True)
    )
    assert sorted(recipients) == sorted(c.pk for c in everyone)
    assert (campaign.status, campaign.scheduled, campaign.already) == (CampaignStatus.DONE, 5, 2)


def test_a_campaign_reaches_the_people_of_the_audience_when_confirmed_not_later_ones(recruiter, people, make):
    lyon = people.contactable(city="Lyon")
    segment = segment_create(name="Lyon", filters={"city": "Lyon"}, by=recruiter)
    pool = pool_create(name="P", by=recruiter)
    pool_add(pool=pool, candidates=[lyon], by=recruiter)
    by_segment = campaign_create(
        audience=Audience.of_segment(segment), subject="S", body_text="T", language="fr", by=recruiter
    )
    by_pool = campaign_create(
        audience=Audience.of_pool(pool), subject="S", body_text="T", language="fr", by=recruiter
    )
    segment_create  # noqa: B018
    later = people.contactable(city="Lyon")
    pool_add(pool=pool, candidates=[later], by=recruiter)
    _run_expansion()
    for campaign in (by_segment, by_pool):
        assert list(
            Message.objects.filter(cadence_key=campaign.cadence_key).values_list("candidate", flat=True)
        ) == [lyon.pk]


def test_campaign_messages_are_delivered_by_the_worker_over_smtp(
    recruiter, recruiter_client, people, smtp, worker_factory
):
    members = [people.contactable(first_name=name) for name in ("Léa", "Zoé", "Inès")]
    pool = pool_create(name="Trois", by=recruiter)
    pool_add(pool=pool, candidates=[*members, people.without_consent()], by=recruiter)
    campaign = campaign_create(
        audience=Audience.of_pool(pool),
        subject="Des nouvelles, {{ candidate.first_name }}",
        body_text=BODY,
        language="fr",
        by=recruiter,
    )
    assert worker_factory().run(once=True) == 3
    assert sorted(m["Subject"] for m in smtp.messages) == [
        "Des nouvelles, Inès",
        "Des nouvelles, Léa",
        "Des nouvelles, Zoé",
    ]
    assert all(m["List-Unsubscribe"] for m in smtp.messages)
    assert set(Message.objects.filter(cadence_key=campaign.cadence_key).values_list("status", flat=True)) == {
        "sent"
    }
    page = recruiter_client.get(reverse("pools:campaign_detail", args=[campaign.public_id])).content.decode()
    assert "Préparation" not in page and "Léa" in page and "Envoyé" in page
    assert worker_factory().run(once=True) == 0  # nothing twice


def test_the_campaign_page_follows_the_progress(recruiter_client, recruiter, mixed_pool):
    campaign = campaign_create(
        audience=Audience.of_pool(mixed_pool), subject="S", body_text=BODY, language="fr", by=recruiter
    )
    url = reverse("pools:campaign_progress", args=[campaign.public_id])
    waiting = recruiter_client.get(url, HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in waiting.content.decode() and "HX-Refresh" not in waiting
    _run_expansion()
    done = recruiter_client.get(url, HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"
    page = recruiter_client.get(reverse("pools:campaign_detail", args=[campaign.public_id])).content.decode()
    assert f"sans consentement{NB}: 2" in page and "Planifié" in page


def test_it_lists_campaigns_and_their_messages_in_a_fixed_number_of_queries(
    viewer_client,
    recruiter,
    people,
    django_assert_num_queries,
    count_queries,  # noqa: F811
):
    pool = pool_create(name="P", by=recruiter)
    pool_add(pool=pool, candidates=[people.contactable()], by=recruiter)
    first = campaign_create(
        audience=Audience.of_pool(pool), subject="S1", body_text="T", language="fr", by=recruiter
    )
    _run_expansion()
    list_url, page_url = (
        reverse("pools:campaign_list"),
        reverse("pools:campaign_detail", args=[first.public_id]),
    )
    expected_list, expected_page = (
        count_queries(viewer_client, list_url),
        count_queries(viewer_client, page_url),
    )
    pool_add(pool=pool, candidates=[people.contactable() for _ in range(4)], by=recruiter)
    for n in range(3):
        campaign_create(
            audience=Audience.of_pool(pool), subject=f"S{n + 2}", body_text="T", language="fr", by=recruiter
        )
    _run_expansion()
    with django_assert_num_queries(expected_list):
        viewer_client.get(list_url)
    last = Campaign.objects.order_by("-id").first()
    with django_assert_num_queries(expected_page):
        viewer_client.get(reverse("pools:campaign_detail", args=[last.public_id]))


def test_a_viewer_follows_campaigns_but_cannot_start_one(viewer_client, recruiter, mixed_pool):
    assert viewer_client.get(reverse("pools:write", args=[mixed_pool.public_id])).status_code == 403
    assert (
        viewer_client.post(
            reverse("pools:write", args=[mixed_pool.public_id]), {"action": "send"}
        ).status_code
        == 403
    )
    assert viewer_client.get(reverse("pools:campaign_list")).status_code == 200


def test_campaign_create_checks_the_language(recruiter, mixed_pool):
    with pytest.raises(ValidationError) as exc:
        campaign_create(
            audience=Audience.of_pool(mixed_pool), subject="S", body_text="T", language="de", by=recruiter
        )
    assert "language" in exc.value.message_dict
