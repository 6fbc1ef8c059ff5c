import pytest
from django.core.exceptions import ValidationError

from vivier.errors import DuplicateCandidate, ErasedCandidate
from vivier.talent.models import Candidate, Event, EventKind
from vivier.talent.notices import candidate_notices
from vivier.talent.services import candidate_create, candidate_update

pytestmark = pytest.mark.django_db


def test_it_normalises_contact_details(recruiter):
    c = candidate_create(
        by=recruiter,
        first_name="  Inès ",
        last_name="Moreau",
        email=" Ines.Moreau@Exemple.FR ",
        phone="06 12 34 56 78",
        linkedin_url="fr.linkedin.com/in/Ines-Moreau/?trk=x",
        skills="Python, django ,python",
    )
    assert c.first_name == "Inès"
    assert c.email == "ines.moreau@exemple.fr"
    assert c.phone == "+33612345678"
    assert c.linkedin_url == "https://www.linkedin.com/in/ines-moreau"
    assert c.skills == ["Python", "django"]
    assert Event.objects.filter(kind=EventKind.CANDIDATE_CREATED, candidate=c).count() == 1


@pytest.mark.parametrize(
    "field,value", [("email", "not-an-email"), ("phone", "12"), ("linkedin_url", "http://x.com/a")]
)
def test_it_reports_bad_contact_details_as_field_errors(recruiter, field, value):
    data = {"first_name": "A", "last_name": "B", "email": "a.b@exemple.fr", field: value}
    with pytest.raises(ValidationError) as exc:
        candidate_create(by=recruiter, **data)
    assert field in exc.value.message_dict
    assert not Candidate.objects.exists()


def test_it_refuses_a_second_candidate_with_the_same_email_whatever_the_case(make):
    first = make.candidate(email="lea@exemple.fr")
    with pytest.raises(DuplicateCandidate) as exc:
        make.candidate(email="LEA@exemple.fr")
    assert exc.value.existing == first and exc.value.field == "email"
    assert Candidate.objects.count() == 1


def test_a_shared_phone_is_a_possible_duplicate_never_a_refusal(make, recruiter):
    # It used to refuse unless confirmed; the person is now saved and both are named for review.
    first = make.candidate(first_name="Marc", last_name="Blanc", phone="+33 6 12 34 56 78")
    second = make.candidate(phone="0612345678")
    assert second.phone == first.phone
    [notice] = candidate_notices(second)
    assert (notice.code, notice.other) == ("possible_duplicate", first)
    assert "Marc Blanc" in notice.message
    third = make.candidate()
    candidate_update(candidate=third, by=recruiter, phone="06 12 34 56 78")  # an edit too
    assert [n.other for n in candidate_notices(third)] == [first, second]


def test_a_phone_that_cannot_be_verified_is_kept_as_written_with_a_notice(make):
    c = make.candidate(phone=" 0691  12 34 56 ")
    assert (c.phone, c.phone_verified) == ("0691 12 34 56", False)
    assert [n.code for n in candidate_notices(c)] == ["phone_unverified"]
    assert make.candidate(phone="0692 12 34 56").phone == "+262692123456"


def test_it_says_cet_e_mail_in_french(make):
    make.candidate(first_name="Double", last_name="Clic", email="dc@exemple.fr")
    with pytest.raises(DuplicateCandidate) as exc:
        make.candidate(email="dc@exemple.fr")
    assert exc.value.message == "Double Clic a déjà cet e-mail."


def test_it_refuses_an_erased_persons_email_unless_confirmed(make):
    from vivier.privacy.services import candidate_erase

    candidate_erase(candidate=make.candidate(email="parti@exemple.fr"), by=make.by, reason="Demande")
    with pytest.raises(ErasedCandidate) as exc:
        make.candidate(email="Parti@exemple.fr")
    assert exc.value.code == "erased_candidate" and exc.value.extra == {"field": "email"}
    assert make.candidate(email="parti@exemple.fr", allow_erased=True).email == "parti@exemple.fr"


def test_it_warns_on_the_same_linkedin_profile(make):
    make.candidate(linkedin_url="https://www.linkedin.com/in/jdupont")
    with pytest.raises(DuplicateCandidate):
        make.candidate(linkedin_url="linkedin.com/in/JDupont/")
    assert make.candidate(linkedin_url="linkedin.com/in/JDupont/", allow_possible_duplicate=True)


def test_it_updates_only_changed_fields_and_records_them(make, recruiter):
    c = make.candidate(city="Lyon")
    candidate_update(candidate=c, by=recruiter, city="Nantes", first_name=c.first_name)
    event = Event.objects.get(kind=EventKind.CANDIDATE_UPDATED)
    assert event.data == {"fields": ["city"]}
    c.refresh_from_db()
    assert c.city == "Nantes"


def test_it_refuses_to_take_another_candidates_email_on_update(make, recruiter):
    make.candidate(email="pris@exemple.fr")
    c = make.candidate()
    with pytest.raises(DuplicateCandidate):
        candidate_update(candidate=c, by=recruiter, email="pris@exemple.fr")


def test_it_stores_html_as_plain_text(make):
    c = make.candidate(headline="<script>alert(1)</script>")
    c.refresh_from_db()
    assert c.headline == "<script>alert(1)</script>"


def test_it_refuses_overlong_input(recruiter):
    with pytest.raises(ValidationError) as exc:
        candidate_create(by=recruiter, first_name="x" * 1000, last_name="B", email="x@exemple.fr")
    assert "first_name" in exc.value.message_dict
