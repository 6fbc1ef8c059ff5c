from __future__ import annotations

import pytest
from django.urls import reverse

from vivier.accounts.models import Role, User
from vivier.accounts.services import user_create

USERS = "/accounts/users/"
GOOD_PASSWORD = "Un mot de passe solide 2026"


def _edit(client, user, **changes):
    data = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.role,
        "is_active": "on" if user.is_active else "",
        "new_password": "",
    }
    data.update(changes)
    return client.post(reverse("accounts:user_edit", args=[user.public_id]), data)


@pytest.mark.parametrize("persona", ["recruiter_client", "viewer_client"])
def test_it_forbids_the_user_pages_to_non_admins(request, persona, admin):
    client = request.getfixturevalue(persona)
    edit = reverse("accounts:user_edit", args=[admin.public_id])
    assert client.get(USERS).status_code == 403
    assert (
        client.post(USERS, {"username": "intruder", "role": "admin", "password": GOOD_PASSWORD}).status_code
        == 403
    )
    assert client.get(edit).status_code == 403
    assert _edit(client, admin, role="viewer").status_code == 403
    assert not User.objects.filter(username="intruder").exists()
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN


def test_it_sends_anonymous_visitors_to_sign_in(outsider):
    response = outsider.get(USERS)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_it_lists_users_in_a_fixed_number_of_queries(
    admin_client_, recruiter, viewer, django_assert_num_queries
):
    # session, signed-in user, the list
    with django_assert_num_queries(3):
        response = admin_client_.get(USERS)
    for i in range(5):
        user_create(username=f"extra{i}", password=None, role=Role.RECRUITER)
    with django_assert_num_queries(3):
        response = admin_client_.get(USERS)
    assert response.status_code == 200
    assert "extra4" in response.text and "Lecteur·rice (lecture seule)" in response.text


def test_it_creates_a_user(admin_client_):
    response = admin_client_.post(
        USERS,
        {
            "username": "lea",
            "first_name": "Léa",
            "last_name": "Roux",
            "email": "lea@agence.example",
            "role": "viewer",
            "language": "en",
            "password": GOOD_PASSWORD,
        },
    )
    assert response.status_code == 302
    lea = User.objects.get(username="lea")
    assert (lea.role, lea.language, lea.is_active) == (Role.VIEWER, "en", True)
    assert lea.check_password(GOOD_PASSWORD)
    assert "L’utilisateur lea est créé." in admin_client_.get(USERS).text


@pytest.mark.parametrize("password", ["short", "12345678901234", "password123", "lea.roux.2026"])
def test_it_validates_the_initial_password(admin_client_, password):
    response = admin_client_.post(
        USERS,
        {
            "username": "lea.roux.2026",
            "email": "lea@agence.example",
            "role": "recruiter",
            "language": "fr",
            "password": password,
        },
    )
    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert not User.objects.filter(username="lea.roux.2026").exists()


def test_it_refuses_a_taken_username(admin_client_, recruiter):
    response = admin_client_.post(
        USERS,
        {
            "username": "CAMILLE",
            "role": "recruiter",
            "language": "fr",
            "password": GOOD_PASSWORD,
        },
    )
    assert "username" in response.context["form"].errors
    assert User.objects.filter(username__iexact="camille").count() == 1


def test_it_edits_role_and_active_flag(admin_client_, recruiter):
    response = _edit(admin_client_, recruiter, role="viewer", is_active="")
    assert response.status_code == 302
    recruiter.refresh_from_db()
    assert (recruiter.role, recruiter.is_active) == (Role.VIEWER, False)


def test_it_sets_a_new_password_for_a_user(admin_client_, recruiter):
    _edit(admin_client_, recruiter, new_password=GOOD_PASSWORD)
    recruiter.refresh_from_db()
    assert recruiter.check_password(GOOD_PASSWORD)


def test_it_validates_a_new_password(admin_client_, recruiter):
    response = _edit(admin_client_, recruiter, new_password="camille", role="viewer")
    assert "new_password" in response.context["form"].errors
    recruiter.refresh_from_db()
    assert recruiter.role == Role.RECRUITER


@pytest.mark.parametrize("change", [{"role": "recruiter"}, {"is_active": ""}])
def test_it_keeps_the_last_active_admin(admin_client_, admin, change):
    response = _edit(admin_client_, admin, **change)
    assert response.status_code == 200
    assert "C’est le dernier compte administrateur actif" in response.text
    admin.refresh_from_db()
    assert (admin.role, admin.is_active) == (Role.ADMIN, True)


def test_it_lets_an_admin_step_down_when_another_admin_remains(admin_client_, admin):
    user_create(username="second", password=None, role=Role.ADMIN)
    response = _edit(admin_client_, admin, role="recruiter")
    assert response.status_code == 302
    admin.refresh_from_db()
    assert admin.role == Role.RECRUITER
    assert admin_client_.get(USERS).status_code == 403


def test_an_inactive_admin_does_not_count(admin_client_, admin):
    other = user_create(username="second", password=None, role=Role.ADMIN)
    other.is_active = False
    other.save(update_fields=["is_active"])
    response = _edit(admin_client_, admin, is_active="")
    assert response.status_code == 200
    admin.refresh_from_db()
    assert admin.is_active
