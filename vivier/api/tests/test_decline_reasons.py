from __future__ import annotations

from vivier.api.tests.conftest import warm_up
from vivier.talent.models import DeclineReason
from vivier.talent.services import reason_create

STABLE_CODES = {
    "salary",
    "benefits",
    "remote_policy",
    "location_commute",
    "working_hours",
    "contract_type",
    "company_culture",
    "management",
    "company_reputation",
    "role_scope",
    "career_growth",
    "better_aligned_opportunity",
    "counter_offer",
    "recruitment_process",
    "personal_reasons",
    "timing",
    "other",
}


def test_it_lists_the_taxonomy(viewer_api):
    response = viewer_api.get("/decline-reasons")
    assert response.status_code == 200
    reasons = response.json()
    assert {r["code"] for r in reasons} >= STABLE_CODES
    salary = next(r for r in reasons if r["code"] == "salary")
    assert salary == {
        "code": "salary",
        "category": "compensation",
        "label_fr": "Salaire",
        "label_en": "Salary",
        "active": True,
    }


def test_it_filters_on_active(api):
    DeclineReason.objects.filter(code="timing").update(active=False)
    assert "timing" not in {r["code"] for r in api.get("/decline-reasons", {"active": "true"}).json()}
    assert [r["code"] for r in api.get("/decline-reasons", {"active": "false"}).json()] == ["timing"]
    assert "timing" in {r["code"] for r in api.get("/decline-reasons").json()}


def test_it_lists_reasons_in_constant_queries(api, recruiter, django_assert_num_queries):
    warm_up(api, "/decline-reasons")
    with django_assert_num_queries(2):
        count = len(api.get("/decline-reasons").json())
    for i in range(5):
        reason_create(
            by=recruiter, code=f"local_{i}", category="other", label_fr=f"Motif {i}", label_en=f"Reason {i}"
        )
    with django_assert_num_queries(2):
        assert len(api.get("/decline-reasons").json()) == count + 5
