import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(make):
    return make.job(title="Développeur web", skills=["Python"], description="Développeur web Python.")


def _people(make, n):
    for _ in range(n):
        make.candidate(headline="Développeuse web Python", skills=["Python", "Django"], city="Lyon")


def test_it_shows_the_ranked_pool_to_a_recruiter(make, job, recruiter_client, declined):
    c = make.candidate(headline="Développeuse web", skills=["Python"], city="Lyon")
    declined(c, codes=("salary",), offer_kw={"salary": 30000})
    url = reverse("matching:job_panel", args=[job.public_id])
    response = recruiter_client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="vivier-panel"' in body and "<html" not in body
    assert c.full_name in body and "<meter" in body
    assert reverse("front:job_add_candidate", args=[job.public_id]) in body
    assert "style=" not in body and "<script" not in body


def test_it_is_a_whole_page_without_htmx(job, viewer_client, make):
    _people(make, 1)
    response = viewer_client.get(reverse("matching:job_panel", args=[job.public_id]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" in body and 'id="vivier-panel"' in body
    # viewers read but do not act
    assert reverse("front:job_add_candidate", args=[job.public_id]) not in body


def test_it_sends_outsiders_to_the_login_page(job, outsider):
    response = outsider.get(reverse("matching:job_panel", args=[job.public_id]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_it_answers_404_for_an_unknown_job(recruiter_client):
    url = reverse("matching:job_panel", args=["00000000-0000-4000-8000-000000000000"])
    assert recruiter_client.get(url).status_code == 404


def test_it_explains_an_empty_panel(job, recruiter_client):
    body = recruiter_client.get(reverse("matching:job_panel", args=[job.public_id])).content.decode()
    assert "Aucun résultat, car le vivier est vide." in body


@pytest.mark.parametrize("bad", ["abc", "-5", "100000"])
def test_it_bounds_a_bad_limit(job, recruiter_client, bad):
    url = reverse("matching:job_panel", args=[job.public_id])
    assert recruiter_client.get(url, {"limit": bad}).status_code == 200


def test_it_runs_a_fixed_number_of_queries(make, job, recruiter_client, declined, django_assert_num_queries):
    url = reverse("matching:job_panel", args=[job.public_id])
    _people(make, 2)
    declined(make.candidate(headline="Développeur web", skills=["Python"]), codes=("salary", "remote_policy"))
    recruiter_client.get(url)  # warm the corpus statistics (one more query, then cached)
    # session, user, job, full-text search, candidates, their declines, the declines' reasons, recent events;
    # then the consent rules' facts of the batch (vivier.privacy.rules.prime: 7 queries, whatever its size;
    # a batch is the panel's limit plus 10 people, so this list has one)
    expected = 8 + 7
    with django_assert_num_queries(expected):
        recruiter_client.get(url)
    _people(make, 8)
    for _ in range(3):
        declined(make.candidate(headline="Développeur web", skills=["Python"]), codes=("company_culture",))
    from vivier.matching import retrieval

    retrieval.clear_stats()
    recruiter_client.get(url)
    with django_assert_num_queries(expected):
        recruiter_client.get(url)
