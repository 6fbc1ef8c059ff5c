import datetime as dt

import pytest
from django.urls import reverse

from vivier.talent.models import Decline, Event, EventKind, Offer, OfferStatus
from vivier.talent.services import offer_accept

pytestmark = pytest.mark.django_db

FUTURE = (dt.date.today() + dt.timedelta(days=90)).isoformat()


def decline_data(**kw):
    data = {
        "kind": "declined_by_candidate",
        "reasons": ["salary", "remote_policy"],
        "primary_reason": "salary",
        "detail": "",
        "competing_employer": "Concurrent SA",
        "competing_salary": "52000",
        "competing_remote_days": "3",
        "counter_offer": "no",
        "open_to_future": "yes",
        "recontact_after": FUTURE,
    }
    return {**data, **kw}


def decline_url(offer):
    return reverse("front:offer_decline", args=[offer.public_id])


# --- recording an offer ------------------------------------------------------------------------------


def test_it_records_an_offer_with_the_jobs_contract_by_default(recruiter_client, make):
    application = make.application(job=make.job(contract_type="cdd"))
    url = reverse("front:offer_create", args=[application.public_id])
    page = recruiter_client.get(url).content.decode()
    assert '<option value="cdd" selected>' in page
    response = recruiter_client.post(
        url,
        {
            "salary": "48000",
            "currency": "EUR",
            "remote_days_per_week": "2",
            "start_date": FUTURE,
            "contract_type": "cdd",
            "notes": "",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("front:candidate_detail", args=[application.candidate.public_id])
    offer = Offer.objects.get()
    assert offer.salary == 48000 and offer.contract_type == "cdd"


def test_it_returns_to_the_job_page_when_asked(recruiter_client, make):
    application = make.application()
    job_url = reverse("front:job_detail", args=[application.job.public_id])
    response = recruiter_client.post(
        reverse("front:offer_create", args=[application.public_id]),
        {
            "salary": "48000",
            "currency": "EUR",
            "remote_days_per_week": "0",
            "contract_type": "cdi",
            "next": job_url,
        },
    )
    assert response.url == job_url
    response = recruiter_client.post(
        reverse("front:offer_create", args=[application.public_id]),
        {
            "salary": "48000",
            "currency": "EUR",
            "remote_days_per_week": "0",
            "contract_type": "cdi",
            "next": "https://evil.example/",
        },
    )
    assert response.status_code == 200  # an offer is already open; the foreign URL is never used
    assert response.context["form"].non_field_errors()


def test_it_refuses_a_bad_offer(recruiter_client, make):
    application = make.application()
    response = recruiter_client.post(
        reverse("front:offer_create", args=[application.public_id]),
        {"salary": "-5", "currency": "EUR", "remote_days_per_week": "9", "contract_type": "cdi"},
    )
    assert response.status_code == 200
    assert {"salary", "remote_days_per_week"} <= set(response.context["form"].errors)
    assert not Offer.objects.exists()


# --- accepting ---------------------------------------------------------------------------------------


def test_it_accepts_an_offer(recruiter_client, make):
    offer = make.offer()
    response = recruiter_client.post(reverse("front:offer_accept", args=[offer.public_id]), follow=True)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    assert "félicitations" in response.content.decode()


def test_it_does_not_accept_twice(recruiter_client, make):
    offer = make.offer()
    offer_accept(by=make.by, offer=offer)
    response = recruiter_client.post(reverse("front:offer_accept", args=[offer.public_id]), follow=True)
    assert response.status_code == 200
    assert "déjà close" in response.content.decode()
    assert Event.objects.filter(kind=EventKind.OFFER_ACCEPTED).count() == 1


def test_it_refuses_a_get_on_accept(recruiter_client, make):
    assert (
        recruiter_client.get(reverse("front:offer_accept", args=[make.offer().public_id])).status_code == 405
    )


# --- the decline form ----------------------------------------------------------------------------------


def test_it_shows_the_decline_form_as_a_page_with_the_sensitive_data_warning(recruiter_client, make):
    offer = make.offer()
    response = recruiter_client.get(decline_url(offer))
    page = response.content.decode()
    assert response.status_code == 200 and "<html" in page
    assert "santé" in page and "appartenance syndicale" in page and "religion" in page
    assert "Salaire" in page and "Télétravail" in page  # the active reasons, in French
    assert 'name="primary_reason"' in page and 'name="reasons"' in page


def test_it_shows_the_reasons_in_english_for_an_english_user(recruiter_client, make):
    recruiter_client.cookies["django_language"] = "en"
    page = recruiter_client.get(decline_url(make.offer())).content.decode()
    assert "Remote work policy" in page and "Do not write health" in page


def test_it_records_a_decline_from_the_plain_page(recruiter_client, make):
    offer = make.offer()
    candidate = offer.application.candidate
    response = recruiter_client.post(decline_url(offer), decline_data(), follow=True)
    decline = Decline.objects.get()
    assert response.redirect_chain[-1][0] == reverse("front:candidate_detail", args=[candidate.public_id])
    assert decline.primary_reason.code == "salary"
    assert sorted(r.code for r in decline.reasons.all()) == ["remote_policy", "salary"]
    assert decline.competing_salary == 52000 and decline.open_to_future == "yes"
    assert "reste dans le vivier" in response.content.decode()


def test_it_makes_the_only_reason_the_main_one_without_javascript(recruiter_client, make):
    offer = make.offer()
    recruiter_client.post(decline_url(offer), decline_data(reasons=["timing"], primary_reason=""))
    assert Decline.objects.get().primary_reason.code == "timing"


def test_it_asks_for_the_main_reason_among_several(recruiter_client, make):
    offer = make.offer()
    response = recruiter_client.post(decline_url(offer), decline_data(primary_reason=""))
    assert "primary_reason" in response.context["form"].errors
    assert not Decline.objects.exists()


def test_it_refuses_a_main_reason_that_is_not_ticked(recruiter_client, make):
    offer = make.offer()
    response = recruiter_client.post(
        decline_url(offer), decline_data(reasons=["salary"], primary_reason="timing")
    )
    assert response.status_code == 200
    assert "primary_reason" in response.context["form"].errors
    page = response.content.decode()
    assert "Le motif principal doit faire partie des motifs choisis" in page
    assert 'id="reason-salary" checked' in page  # what was ticked stays ticked
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN and not Decline.objects.exists()


def test_it_redisplays_field_errors(recruiter_client, make):
    offer = make.offer()
    response = recruiter_client.post(
        decline_url(offer),
        decline_data(
            reasons=[],
            kind="astrology",
            competing_remote_days="9",
            recontact_after="2001-01-01",
            competing_salary="abc",
        ),
    )
    errors = response.context["form"].errors
    assert {"reasons", "kind", "competing_remote_days", "competing_salary"} <= set(errors)
    assert not Decline.objects.exists()
    response = recruiter_client.post(decline_url(offer), decline_data(recontact_after="2001-01-01"))
    assert "recontact_after" in response.context["form"].errors  # the service's rule, on the field
    assert not Decline.objects.exists()


def test_it_refuses_to_decline_a_closed_offer(recruiter_client, make):
    offer = make.offer()
    offer_accept(by=make.by, offer=offer)
    response = recruiter_client.post(decline_url(offer), decline_data())
    assert response.status_code == 200
    assert "déjà close" in response.content.decode()
    assert not Decline.objects.exists()
    response = recruiter_client.get(decline_url(offer))
    assert response.status_code == 302  # no form for a closed offer: back to the candidate with a message


def test_it_serves_the_decline_form_as_a_dialog_to_htmx(recruiter_client, make):
    offer = make.offer()
    page = recruiter_client.get(decline_url(offer), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in page and "modal-header" in page and 'hx-post="' in page


def test_it_redisplays_htmx_errors_in_the_dialog(recruiter_client, make):
    offer = make.offer()
    response = recruiter_client.post(decline_url(offer), decline_data(reasons=[]), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page and "modal-body" in page
    assert "Choisissez au moins un motif" in page


def test_it_redirects_htmx_to_the_candidate_page_after_a_decline(recruiter_client, make):
    offer = make.offer()
    response = recruiter_client.post(decline_url(offer), decline_data(), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse(
        "front:candidate_detail", args=[offer.application.candidate.public_id]
    )
    assert Decline.objects.count() == 1


def test_it_renders_the_decline_detail_inert(recruiter_client, make):
    offer = make.offer()
    recruiter_client.post(
        decline_url(offer), decline_data(detail="<script>alert(1)</script>", competing_employer="<b>Evil</b>")
    )
    page = recruiter_client.get(
        reverse("front:candidate_detail", args=[offer.application.candidate.public_id])
    ).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<b>Evil</b>" not in page


def test_it_refuses_offers_and_declines_to_a_viewer(viewer_client, make):
    offer = make.offer()
    application = make.application()
    assert viewer_client.get(decline_url(offer)).status_code == 403
    assert viewer_client.post(decline_url(offer), decline_data()).status_code == 403
    assert viewer_client.post(reverse("front:offer_accept", args=[offer.public_id])).status_code == 403
    assert (
        viewer_client.post(
            reverse("front:offer_create", args=[application.public_id]),
            {"salary": "1", "currency": "EUR", "remote_days_per_week": "0", "contract_type": "cdi"},
        ).status_code
        == 403
    )
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN and Offer.objects.count() == 1


def test_it_sends_an_outsider_to_the_login_page(outsider, make):
    offer = make.offer()
    response = outsider.post(decline_url(offer), decline_data())
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert not Decline.objects.exists()


def test_it_never_fails_on_garbage_input(recruiter_client, make):
    offer = make.offer()
    application, candidate, job = offer.application, offer.application.candidate, offer.application.job
    garbage = {
        name: ["\x00<x>", "9" * 30]
        for name in (
            "kind",
            "reasons",
            "primary_reason",
            "detail",
            "competing_employer",
            "competing_salary",
            "competing_remote_days",
            "counter_offer",
            "open_to_future",
            "recontact_after",
            "salary",
            "currency",
            "remote_days_per_week",
            "start_date",
            "contract_type",
            "notes",
            "client",
            "title",
            "rome_code",
            "status",
            "salary_min",
            "salary_max",
            "job",
            "candidate",
            "reason",
            "expires_on",
            "first_name",
            "email",
            "phone",
            "linkedin_url",
            "skills",
            "country",
            "salary_expectation",
            "remote_preference",
            "language",
            "name",
        )
    }
    urls = [
        reverse("front:offer_decline", args=[offer.public_id]),
        reverse("front:offer_create", args=[application.public_id]),
        reverse("front:job_create"),
        reverse("front:job_edit", args=[job.public_id]),
        reverse("front:job_add_candidate", args=[job.public_id]),
        reverse("front:candidate_create"),
        reverse("front:candidate_edit", args=[candidate.public_id]),
        reverse("front:candidate_apply", args=[candidate.public_id]),
        reverse("front:exclusion_create", args=[candidate.public_id]),
        reverse("front:client_create"),
        reverse("front:client_edit", args=[job.client.public_id]),
    ]
    for url in urls:
        assert recruiter_client.post(url, garbage).status_code in (200, 302), url
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN
