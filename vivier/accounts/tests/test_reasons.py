from __future__ import annotations

import pytest
from django.urls import reverse

from vivier.talent.models import DeclineReason, Event, EventKind

REASONS = "/accounts/reasons/"


@pytest.fixture(autouse=True)
def _taxonomy(db):
    """The seeded reasons, again: a transactional test elsewhere may have flushed the migration's rows."""
    DeclineReason.objects.get_or_create(
        code="salary",
        defaults={"category": "compensation", "label_fr": "Salaire", "label_en": "Salary", "position": 10},
    )
    DeclineReason.objects.get_or_create(
        code="remote_policy",
        defaults={
            "category": "flexibility",
            "label_fr": "Télétravail",
            "label_en": "Remote work",
            "position": 20,
        },
    )


def _new(**changes):
    data = {
        "code": "commute_time",
        "category": "location",
        "label_fr": "Temps de trajet",
        "label_en": "Commute time",
        "position": "55",
        "active": "on",
    }
    data.update(changes)
    return data


def _edit_data(reason, **changes):
    data = {
        "category": reason.category,
        "label_fr": reason.label_fr,
        "label_en": reason.label_en,
        "position": str(reason.position),
        "active": "on" if reason.active else "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("persona", ["recruiter_client", "viewer_client"])
def test_it_forbids_the_reason_pages_to_non_admins(request, persona):
    client = request.getfixturevalue(persona)
    assert client.get(REASONS).status_code == 403
    assert client.post(REASONS, _new()).status_code == 403
    salary = DeclineReason.objects.get(code="salary")
    url = reverse("accounts:reason_edit", args=["salary"])
    assert client.get(url).status_code == 403
    assert client.post(url, _edit_data(salary, label_en="Hacked")).status_code == 403
    assert not DeclineReason.objects.filter(code="commute_time").exists()
    assert DeclineReason.objects.get(code="salary").label_en == salary.label_en


def test_it_lists_the_reasons_in_a_fixed_number_of_queries(admin_client_, django_assert_num_queries):
    # session, signed-in user, the list
    with django_assert_num_queries(3):
        response = admin_client_.get(REASONS)
    assert response.status_code == 200
    assert DeclineReason.objects.exists()
    for reason in DeclineReason.objects.all():
        assert f"<code>{reason.code}</code>" in response.text


def test_it_adds_a_reason(admin_client_, admin):
    response = admin_client_.post(REASONS, _new())
    assert response.status_code == 302
    reason = DeclineReason.objects.get(code="commute_time")
    assert (reason.category, reason.label_fr, reason.position, reason.active) == (
        "location",
        "Temps de trajet",
        55,
        True,
    )
    assert Event.objects.filter(kind=EventKind.REASON_CREATED, actor=admin).exists()


def test_it_lowercases_the_code(admin_client_):
    admin_client_.post(REASONS, _new(code=" Commute_Time "))
    assert DeclineReason.objects.filter(code="commute_time").exists()


@pytest.mark.parametrize("code", ["temps de trajet", "trajet!", "é_trajet", "_x", ""])
def test_it_refuses_a_code_that_is_not_a_slug(admin_client_, code):
    response = admin_client_.post(REASONS, _new(code=code))
    assert response.status_code == 200
    assert "code" in response.context["form"].errors


def test_it_refuses_a_duplicate_code(admin_client_):
    before = DeclineReason.objects.count()
    response = admin_client_.post(REASONS, _new(code="salary"))
    assert response.context["form"].errors["code"] == ["Un motif avec ce code existe déjà."]
    assert DeclineReason.objects.count() == before


def test_it_edits_labels_but_never_the_code(admin_client_):
    salary = DeclineReason.objects.get(code="salary")
    url = reverse("accounts:reason_edit", args=["salary"])
    page = admin_client_.get(url)
    assert 'value="salary" readonly' in page.text
    assert "Un code ne change jamais" in page.text
    response = admin_client_.post(
        url, _edit_data(salary, code="pay", label_en="Pay", position="3", active="")
    )
    assert response.status_code == 302
    salary.refresh_from_db()
    assert (salary.code, salary.label_en, salary.position, salary.active) == ("salary", "Pay", 3, False)
    assert not DeclineReason.objects.filter(code="pay").exists()


def test_it_shows_field_errors_when_editing(admin_client_):
    salary = DeclineReason.objects.get(code="salary")
    url = reverse("accounts:reason_edit", args=["salary"])
    response = admin_client_.post(url, _edit_data(salary, label_fr="", category="nope", position="-1"))
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"label_fr", "category", "position"}
    salary.refresh_from_db()
    assert salary.label_fr
