import pytest
from django.urls import reverse

from vivier.talent.models import Candidate, Event, EventKind, Exclusion

pytestmark = pytest.mark.django_db

VALID = {
    "first_name": "Léa",
    "last_name": "Durand",
    "email": "lea.durand@exemple.fr",
    "phone": "06 12 34 56 78",
    "linkedin_url": "",
    "headline": "Développeuse Python",
    "city": "Lyon",
    "country": "FR",
    "skills": "Python, Django, SQL",
    "languages": "Français, Anglais",
    "salary_expectation": "52000",
    "currency": "EUR",
    "remote_preference": "hybrid",
    "language": "fr",
    "source": "",
    "summary": "",
}


def detail_url(candidate):
    return reverse("front:candidate_detail", args=[candidate.public_id])


# --- list ---------------------------------------------------------------------------------------------


def test_it_lists_candidates_for_every_signed_in_persona(
    recruiter_client, viewer_client, admin_client_, make
):
    make.candidate(first_name="Inès", last_name="Roussel", skills=["Kotlin"], city="Nantes")
    for http in (recruiter_client, viewer_client, admin_client_):
        response = http.get(reverse("front:candidate_list"))
        assert response.status_code == 200
        assert "Inès Roussel" in response.content.decode()
        assert "Kotlin" in response.content.decode()


def test_it_sends_an_outsider_to_the_login_page(outsider, make):
    candidate = make.candidate()
    for url in (reverse("front:candidate_list"), detail_url(candidate), reverse("front:candidate_create")):
        response = outsider.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_it_hides_write_buttons_from_a_viewer(viewer_client, make):
    candidate = make.candidate()
    page = viewer_client.get(detail_url(candidate)).content.decode()
    assert reverse("front:candidate_edit", args=[candidate.public_id]) not in page
    assert reverse("front:candidate_apply", args=[candidate.public_id]) not in page
    assert (
        reverse("front:candidate_create")
        not in viewer_client.get(reverse("front:candidate_list")).content.decode()
    )


def test_it_searches_and_filters(recruiter_client, make):
    make.candidate(first_name="Alice", last_name="Python", city="Lyon", remote_preference="remote")
    make.candidate(first_name="Bruno", last_name="Java", city="Paris", remote_preference="onsite")
    declined = make.candidate(first_name="Chloé", last_name="Rust", city="Lyon")
    make.decline(make.offer(make.application(candidate=declined)))

    def names(**params):
        return recruiter_client.get(reverse("front:candidate_list"), params).content.decode()

    assert "Alice" in names(q="alice") and "Bruno" not in names(q="alice")
    assert "Bruno" in names(city="paris") and "Alice" not in names(city="paris")
    assert "Alice" in names(remote_preference="remote") and "Bruno" not in names(remote_preference="remote")
    assert "Chloé" in names(declined="yes") and "Alice" not in names(declined="yes")
    assert "Chloé" not in names(declined="no") and "Alice" in names(declined="no")


def test_it_ignores_nonsense_filters_and_pages(recruiter_client, make):
    make.candidate()
    response = recruiter_client.get(
        reverse("front:candidate_list"),
        {"page": "abc", "remote_preference": "moon", "declined": "maybe", "q": "'\")("},
    )
    assert response.status_code == 200


def test_it_shows_the_range_and_total_in_french(recruiter_client, make):
    for _ in range(3):
        make.candidate()
    page = recruiter_client.get(reverse("front:candidate_list")).content.decode()
    assert "1–3 sur 3" in page


def test_it_paginates_by_fifty(recruiter_client, make):
    from vivier.talent.services import candidate_create

    for n in range(51):
        candidate_create(by=None, first_name="P", last_name=f"N{n}", email=f"p{n}@exemple.fr")
    page = recruiter_client.get(reverse("front:candidate_list")).content.decode()
    assert "1–50 sur 51" in page
    page2 = recruiter_client.get(reverse("front:candidate_list"), {"page": 2}).content.decode()
    assert "51–51 sur 51" in page2


def test_it_lists_in_a_fixed_number_of_queries(recruiter_client, make, count_queries):
    for _ in range(2):
        make.candidate(skills=["Python", "SQL"])
    url = reverse("front:candidate_list")
    with_two = count_queries(recruiter_client, url)
    for _ in range(8):
        make.candidate(skills=["Python", "SQL"])
    assert count_queries(recruiter_client, url) == with_two


def test_it_lists_with_django_assert_num_queries(
    recruiter_client, make, django_assert_num_queries, count_queries
):
    make.candidate()
    url = reverse("front:candidate_list")
    expected = count_queries(recruiter_client, url)
    for _ in range(9):
        make.candidate()
    with django_assert_num_queries(expected):
        recruiter_client.get(url)


# --- page ----------------------------------------------------------------------------------------------


def test_it_shows_the_whole_story_on_the_candidate_page(recruiter_client, make):
    candidate = make.candidate(first_name="Jeanne", salary_expectation=52000)
    offer = make.offer(make.application(candidate=candidate), salary=45000)
    make.decline(
        offer,
        codes=("salary", "remote_policy"),
        primary="remote_policy",
        competing_employer="Acme",
        competing_salary=50000,
        counter_offer=True,
        open_to_future="yes",
        detail="Préfère le télétravail",
    )
    page = recruiter_client.get(detail_url(candidate)).content.decode()
    assert "Refusée par la candidate" in page or "Refus" in page
    assert "Télétravail" in page and "Salaire" in page
    assert "motif principal" in page  # the primary reason is marked for screen readers too
    assert "Acme" in page and "Préfère le télétravail" in page
    assert "45\u202f000\u00a0€" in page and "52\u202f000\u00a0€" in page
    assert "Refus enregistré" in page  # the timeline


def test_it_shows_the_candidate_page_in_a_fixed_number_of_queries(recruiter_client, make, count_queries):
    candidate = make.candidate()
    client = make.client()
    for _ in range(2):
        make.decline(make.offer(make.application(candidate=candidate, job=make.job(client=client))))
    url = detail_url(candidate)
    with_two = count_queries(recruiter_client, url)
    for _ in range(8):
        make.decline(make.offer(make.application(candidate=candidate, job=make.job(client=client))))
    make.offer(make.application(candidate=candidate, job=make.job(client=client)))
    assert count_queries(recruiter_client, url) == with_two


def test_it_answers_404_for_an_unknown_candidate(recruiter_client):
    response = recruiter_client.get("/candidates/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404


def test_it_renders_html_in_fields_inert(recruiter_client, make):
    candidate = make.candidate(
        first_name="<script>alert(1)</script>",
        headline="<img src=x onerror=alert(1)>",
        skills=["<b>bold</b>"],
    )
    for url in (detail_url(candidate), reverse("front:candidate_list")):
        page = recruiter_client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "<img src=x" not in page and "<b>bold</b>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- create and edit -----------------------------------------------------------------------------------


def test_it_creates_a_candidate(recruiter_client):
    response = recruiter_client.post(reverse("front:candidate_create"), VALID, follow=True)
    candidate = Candidate.objects.get(email="lea.durand@exemple.fr")
    assert response.redirect_chain[-1][0] == detail_url(candidate)
    assert candidate.skills == ["Python", "Django", "SQL"]
    assert candidate.phone == "+33612345678"
    assert "a été ajouté" in response.content.decode()


def test_it_refuses_an_invalid_email_and_phone(recruiter_client):
    response = recruiter_client.post(reverse("front:candidate_create"), {**VALID, "email": "pas-un-email"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    response = recruiter_client.post(reverse("front:candidate_create"), {**VALID, "phone": "12"})
    assert response.status_code == 200
    assert response.context["form"].errors["phone"]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Candidate.objects.exists()


def test_it_shows_a_link_to_the_candidate_with_the_same_email(recruiter_client, make):
    existing = make.candidate(email="lea.durand@exemple.fr")
    response = recruiter_client.post(
        reverse("front:candidate_create"), {**VALID, "email": "Lea.Durand@exemple.fr"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert detail_url(existing) in response.content.decode()
    assert Candidate.objects.count() == 1


def test_it_saves_a_person_sharing_a_phone_and_names_the_other_for_review(recruiter_client, make):
    # A shared phone (a switchboard) is a possible duplicate, not a refusal: it used to ask for a confirmation.
    existing = make.candidate(first_name="Marc", last_name="Blanc", phone="0612345678")
    response = recruiter_client.post(reverse("front:candidate_create"), VALID, follow=True)
    page = response.content.decode()
    assert Candidate.objects.filter(phone="+33612345678").count() == 2
    assert "Marc Blanc" in page and detail_url(existing) in page and "doublon possible" in page.lower()


def test_it_asks_before_adding_an_erased_person_again(recruiter_client, make):
    from vivier.privacy.services import candidate_erase

    gone = make.candidate(email="lea.durand@exemple.fr")
    candidate_erase(candidate=gone, by=make.by, reason="Demande de la personne")
    response = recruiter_client.post(reverse("front:candidate_create"), VALID)
    page = response.content.decode()
    assert response.status_code == 200 and 'name="allow_erased"' in page
    assert "effacée du vivier" in page
    assert not Candidate.objects.filter(email="lea.durand@exemple.fr").exists()
    response = recruiter_client.post(reverse("front:candidate_create"), {**VALID, "allow_erased": "on"})
    assert response.status_code == 302
    assert Candidate.objects.filter(email="lea.durand@exemple.fr").exists()


def test_it_keeps_a_phone_it_cannot_verify_and_says_so(recruiter_client):
    response = recruiter_client.post(
        reverse("front:candidate_create"), {**VALID, "phone": "0691 12 34 56"}, follow=True
    )
    assert Candidate.objects.get().phone == "0691 12 34 56"
    assert "Numéro de téléphone à vérifier" in response.content.decode()


def test_it_stores_a_reunion_mobile_with_its_own_country_code(recruiter_client):
    recruiter_client.post(reverse("front:candidate_create"), {**VALID, "phone": "0692 12 34 56"})
    assert Candidate.objects.get().phone == "+262692123456"


def test_it_edits_a_candidate(recruiter_client, make):
    candidate = make.candidate()
    page = recruiter_client.get(reverse("front:candidate_edit", args=[candidate.public_id])).content.decode()
    assert candidate.email in page
    response = recruiter_client.post(
        reverse("front:candidate_edit", args=[candidate.public_id]),
        {**VALID, "email": candidate.email, "city": "Lille"},
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.city == "Lille"


def test_it_refuses_writes_to_a_viewer(viewer_client, make):
    candidate = make.candidate()
    exclusion_client = make.client()
    job = make.job()
    posts = {
        reverse("front:candidate_create"): VALID,
        reverse("front:candidate_edit", args=[candidate.public_id]): VALID,
        reverse("front:candidate_apply", args=[candidate.public_id]): {"job": job.public_id},
        reverse("front:exclusion_create", args=[candidate.public_id]): {
            "client": exclusion_client.public_id,
            "reason": "x",
            "expires_on": "2099-01-01",
        },
    }
    for url, data in posts.items():
        assert viewer_client.post(url, data).status_code == 403
        assert viewer_client.get(url).status_code == 403
    assert Candidate.objects.count() == 1 and not Exclusion.objects.exists()


# --- put on a job, exclusions ----------------------------------------------------------------------------


def test_it_puts_a_candidate_on_a_job(recruiter_client, make):
    candidate, job = make.candidate(), make.job(title="Data engineer")
    url = reverse("front:candidate_apply", args=[candidate.public_id])
    assert "Data engineer" in recruiter_client.get(url).content.decode()
    response = recruiter_client.post(url, {"job": job.public_id})
    assert response.status_code == 302
    assert candidate.applications.filter(job=job).exists()


def test_it_explains_why_a_candidate_cannot_be_put_on_a_job(recruiter_client, make):
    candidate, job = make.candidate(), make.job()
    make.application(candidate=candidate, job=job)
    response = recruiter_client.post(
        reverse("front:candidate_apply", args=[candidate.public_id]), {"job": job.public_id}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_it_adds_and_lifts_a_client_exclusion(recruiter_client, make):
    import datetime as dt

    candidate, client = make.candidate(), make.client(name="Vexée SA")
    url = reverse("front:exclusion_create", args=[candidate.public_id])
    page = recruiter_client.get(url).content.decode()
    assert "liste noire" in page  # the help text: no agency-wide blacklist
    until = (dt.date.today() + dt.timedelta(days=90)).isoformat()
    response = recruiter_client.post(
        url, {"client": client.public_id, "reason": "Client vexé", "expires_on": until}
    )
    assert response.status_code == 302
    exclusion = Exclusion.objects.get()
    assert "Vexée SA" in recruiter_client.get(detail_url(candidate)).content.decode()
    response = recruiter_client.post(reverse("front:exclusion_lift", args=[exclusion.public_id]))
    assert response.status_code == 302
    exclusion.refresh_from_db()
    assert exclusion.lifted_at is not None
    assert Event.objects.filter(kind=EventKind.EXCLUSION_LIFTED).count() == 1


def test_it_maps_exclusion_errors_onto_fields(recruiter_client, make):
    candidate, client = make.candidate(), make.client()
    response = recruiter_client.post(
        reverse("front:exclusion_create", args=[candidate.public_id]),
        {"client": client.public_id, "reason": "Vexé", "expires_on": "2001-01-01"},
    )
    assert response.status_code == 200
    assert "expires_on" in response.context["form"].errors  # the service's error, on the field
    assert "doit être dans le futur" in response.content.decode()


def test_it_shows_the_exclusion_form_in_a_dialog_for_htmx(recruiter_client, make):
    candidate = make.candidate()
    response = recruiter_client.get(
        reverse("front:exclusion_create", args=[candidate.public_id]), HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "<html" not in page and "modal-header" in page


def test_it_answers_403_to_a_viewer_lifting_an_exclusion(viewer_client, make):
    import datetime as dt

    from vivier.talent.services import exclusion_create

    exclusion = exclusion_create(
        by=make.by,
        candidate=make.candidate(),
        client=make.client(),
        reason="r",
        expires_on=dt.date.today() + dt.timedelta(days=5),
    )
    assert viewer_client.post(reverse("front:exclusion_lift", args=[exclusion.public_id])).status_code == 403
    exclusion.refresh_from_db()
    assert exclusion.lifted_at is None
