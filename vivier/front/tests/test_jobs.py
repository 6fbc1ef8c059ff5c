import pytest
from django.urls import reverse

from vivier.talent.models import Application, Job

pytestmark = pytest.mark.django_db


def job_data(client, **kw):
    data = {
        "client": client.public_id,
        "title": "Développeur Python",
        "rome_code": "",
        "description": "",
        "city": "Lyon",
        "remote_policy": "hybrid",
        "remote_days_per_week": "2",
        "contract_type": "cdi",
        "salary_min": "45000",
        "salary_max": "55000",
        "currency": "EUR",
        "skills": "Python, Django",
        "status": "open",
    }
    return {**data, **kw}


def test_it_lists_jobs_for_every_signed_in_persona(recruiter_client, viewer_client, admin_client_, make):
    make.job(title="Comptable senior", client=make.client(name="Dupont SA"))
    for http in (recruiter_client, viewer_client, admin_client_):
        page = http.get(reverse("front:job_list")).content.decode()
        assert "Comptable senior" in page and "Dupont SA" in page
        assert "40\u202f000\u00a0€ – 50\u202f000\u00a0€" in page


def test_it_sends_an_outsider_to_the_login_page(outsider, make):
    job = make.job()
    for url in (reverse("front:job_list"), reverse("front:job_detail", args=[job.public_id])):
        response = outsider.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_it_filters_jobs_by_search_status_and_client(recruiter_client, make):
    acme, other = make.client(name="Acme"), make.client(name="Other")
    make.job(title="Data analyst", client=acme)
    make.job(title="Chef de projet", client=other, status="on_hold")

    def page(**params):
        return recruiter_client.get(reverse("front:job_list"), params).content.decode()

    assert "Data analyst" in page(q="data") and "Chef de projet" not in page(q="data")
    assert "Chef de projet" in page(status="on_hold") and "Data analyst" not in page(status="on_hold")
    assert "Data analyst" in page(client=acme.public_id) and "Chef de projet" not in page(
        client=acme.public_id
    )
    assert (
        recruiter_client.get(
            reverse("front:job_list"), {"client": "nope", "status": "x", "page": "-3"}
        ).status_code
        == 200
    )


def test_it_lists_jobs_in_a_fixed_number_of_queries(
    recruiter_client, make, count_queries, django_assert_num_queries
):
    client = make.client()
    for _ in range(2):
        make.application(job=make.job(client=client))
    url = reverse("front:job_list")
    expected = count_queries(recruiter_client, url)
    for _ in range(8):
        make.application(job=make.job(client=make.client()))
    with django_assert_num_queries(expected):
        recruiter_client.get(url)


def test_it_creates_a_job_and_suggests_a_rome_code(recruiter_client, make):
    client = make.client()
    assert recruiter_client.get(reverse("front:job_create"), {"client": client.public_id}).status_code == 200
    response = recruiter_client.post(reverse("front:job_create"), job_data(client))
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("front:job_detail", args=[job.public_id])
    assert job.skills == ["Python", "Django"] and job.owner is not None


def test_it_refuses_a_salary_range_upside_down(recruiter_client, make):
    response = recruiter_client.post(
        reverse("front:job_create"), job_data(make.client(), salary_min="60000", salary_max="40000")
    )
    assert response.status_code == 200
    assert "salary_max" in response.context["form"].errors
    assert "au moins égal" in response.content.decode()
    assert not Job.objects.exists()


def test_it_refuses_remote_days_on_an_onsite_job(recruiter_client, make):
    response = recruiter_client.post(
        reverse("front:job_create"), job_data(make.client(), remote_policy="onsite", remote_days_per_week="2")
    )
    assert "remote_days_per_week" in response.context["form"].errors


def test_it_edits_a_job(recruiter_client, make):
    job = make.job()
    url = reverse("front:job_edit", args=[job.public_id])
    assert job.title in recruiter_client.get(url).content.decode()
    response = recruiter_client.post(url, job_data(job.client, title="Lead dev", status="on_hold"))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.title == "Lead dev" and job.status == "on_hold"


def test_it_shows_the_pipeline_with_offer_status(recruiter_client, viewer_client, make):
    job = make.job()
    offer = make.offer(make.application(candidate=make.candidate(first_name="Zoé"), job=job), salary=47000)
    for http in (recruiter_client, viewer_client):
        page = http.get(reverse("front:job_detail", args=[job.public_id])).content.decode()
        assert "Zoé" in page and "47\u202f000\u00a0€" in page and "En attente de réponse" in page
    recruiter_page = recruiter_client.get(reverse("front:job_detail", args=[job.public_id])).content.decode()
    viewer_page = viewer_client.get(reverse("front:job_detail", args=[job.public_id])).content.decode()
    assert reverse("front:offer_decline", args=[offer.public_id]) in recruiter_page
    assert reverse("front:offer_decline", args=[offer.public_id]) not in viewer_page


def test_it_shows_the_job_page_in_a_fixed_number_of_queries(recruiter_client, make, count_queries):
    job = make.job()
    for _ in range(2):
        make.decline(make.offer(make.application(job=job)))
    url = reverse("front:job_detail", args=[job.public_id])
    expected = count_queries(recruiter_client, url)
    for _ in range(8):
        make.offer(make.application(job=job))
    assert count_queries(recruiter_client, url) == expected


def test_it_finds_candidates_and_puts_one_on_the_job(recruiter_client, make):
    job = make.job()
    candidate = make.candidate(first_name="Maëlle", last_name="Perrin")
    page = recruiter_client.get(
        reverse("front:job_detail", args=[job.public_id]), {"q": "perrin"}
    ).content.decode()
    assert "Maëlle Perrin" in page
    partial = recruiter_client.get(
        reverse("front:job_candidate_search", args=[job.public_id]), {"q": "maël"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Maëlle Perrin" in partial and "<html" not in partial
    response = recruiter_client.post(
        reverse("front:job_add_candidate", args=[job.public_id]),
        {"candidate": candidate.public_id},
        follow=True,
    )
    assert Application.objects.filter(job=job, candidate=candidate).exists()
    assert "positionné·e sur ce poste" in response.content.decode()


def test_it_explains_when_a_candidate_cannot_be_added(recruiter_client, make):
    job = make.job()
    candidate = make.candidate()
    make.application(candidate=candidate, job=job)
    response = recruiter_client.post(
        reverse("front:job_add_candidate", args=[job.public_id]),
        {"candidate": candidate.public_id},
        follow=True,
    )
    assert "déjà positionnée" in response.content.decode()
    response = recruiter_client.post(
        reverse("front:job_add_candidate", args=[job.public_id]), {"candidate": "x"}
    )
    assert response.status_code == 302


def test_it_refuses_writes_to_a_viewer(viewer_client, make):
    job, candidate = make.job(), make.candidate()
    for url, data in (
        (reverse("front:job_create"), job_data(job.client)),
        (reverse("front:job_edit", args=[job.public_id]), job_data(job.client, title="x")),
        (reverse("front:job_add_candidate", args=[job.public_id]), {"candidate": candidate.public_id}),
    ):
        assert viewer_client.post(url, data).status_code == 403
    assert Job.objects.count() == 1 and not Application.objects.exists()
    job.refresh_from_db()
    assert job.title != "x"


def test_it_renders_html_in_a_job_inert(recruiter_client, make):
    job = make.job(title="<script>alert('t')</script>", description="<b>gras</b>")
    page = recruiter_client.get(reverse("front:job_detail", args=[job.public_id])).content.decode()
    assert "<script>alert(" not in page and "<b>gras</b>" not in page
