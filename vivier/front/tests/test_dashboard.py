import datetime as dt

import pytest
from django.urls import reverse

from vivier.talent.services import exclusion_create

pytestmark = pytest.mark.django_db


def test_it_shows_empty_states_that_say_what_to_do(recruiter_client):
    page = recruiter_client.get(reverse("front:dashboard")).content.decode()
    assert "Aucune proposition en attente" in page
    assert "Personne à rappeler cette semaine" in page
    assert reverse("front:candidate_create") in page


def test_it_shows_what_needs_doing_today(recruiter_client, make):
    waiting = make.offer(make.application(candidate=make.candidate(first_name="Anouk")), salary=61000)
    declined = make.candidate(first_name="Basile")
    make.decline(
        make.offer(make.application(candidate=declined)),
        recontact_after=dt.date.today() + dt.timedelta(days=3),
        open_to_future="yes",
    )
    make.job(title="Poste orphelin")
    exclusion_create(
        by=make.by,
        candidate=make.candidate(first_name="Cyril"),
        client=make.client(),
        reason="Vexé",
        expires_on=dt.date.today() + dt.timedelta(days=5),
    )
    page = recruiter_client.get(reverse("front:dashboard")).content.decode()
    assert "Anouk" in page and "61\u202f000\u00a0€" in page
    assert reverse("front:candidate_detail", args=[waiting.application.candidate.public_id]) in page
    assert "Basile" in page and "Poste orphelin" in page and "Cyril" in page


def test_it_lets_each_persona_in_but_not_an_outsider(
    recruiter_client, viewer_client, admin_client_, outsider
):
    for http in (recruiter_client, viewer_client, admin_client_):
        assert http.get(reverse("front:dashboard")).status_code == 200
    response = outsider.get(reverse("front:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_it_hides_write_buttons_from_a_viewer(viewer_client):
    page = viewer_client.get(reverse("front:dashboard")).content.decode()
    assert reverse("front:candidate_create") not in page


def test_it_shows_admin_links_to_admins_only(admin_client_, recruiter_client):
    admin_page = admin_client_.get(reverse("front:dashboard")).content.decode()
    recruiter_page = recruiter_client.get(reverse("front:dashboard")).content.decode()
    assert reverse("accounts:reasons") in admin_page and reverse("accounts:users") in admin_page
    assert reverse("accounts:reasons") not in recruiter_page


def test_it_has_a_language_switch_and_a_logout_form(recruiter_client):
    page = recruiter_client.get(reverse("front:dashboard")).content.decode()
    # the account's own language view: it switches the page and saves the preference for the next sign-in
    assert f'action="{reverse("accounts:language")}"' in page
    assert f'action="{reverse("accounts:logout")}"' in page  # a POST form, not a link


def test_it_switches_to_english(recruiter_client):
    response = recruiter_client.post(
        reverse("accounts:language"), {"language": "en", "next": "/"}, follow=True
    )
    page = response.content.decode()
    assert '<html lang="en">' in page and "Dashboard" in page
    assert response.wsgi_request.user.language == "en"


def test_it_loads_no_script_inline_and_nothing_from_a_cdn(recruiter_client, make):
    candidate = make.candidate()
    for url in (reverse("front:dashboard"), reverse("front:candidate_detail", args=[candidate.public_id])):
        page = recruiter_client.get(url).content.decode()
        assert "<script>" not in page and " onclick=" not in page and "style=" not in page
        assert "https://" not in page.split("</head>")[0]


def test_it_shows_the_dashboard_in_a_fixed_number_of_queries(
    recruiter_client, make, count_queries, django_assert_num_queries
):
    def fill(n):
        for _ in range(n):
            make.offer()
            make.decline(recontact_after=dt.date.today() + dt.timedelta(days=2))
            make.job()

    fill(2)
    expected = count_queries(recruiter_client, reverse("front:dashboard"))
    fill(8)
    with django_assert_num_queries(expected):
        recruiter_client.get(reverse("front:dashboard"))
