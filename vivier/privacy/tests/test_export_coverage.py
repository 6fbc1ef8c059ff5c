"""The export covers every table that holds a person's data: a new model pointing to Candidate (directly or
through another such model) fails this test until vivier.privacy.services.export covers it."""

import json

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from vivier.accounts.models import AuditEntry
from vivier.privacy.services.export import covered_labels
from vivier.talent.models import Candidate

# Tables that point to a person-holding table without holding data about the person. None today.
NOT_PERSONAL: set[str] = set()


def _label(model) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def models_holding_a_person() -> set[str]:
    holding = {Candidate}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models(include_auto_created=True):
            if model in holding:
                continue
            for field in model._meta.concrete_fields:
                if isinstance(field, models.ForeignKey) and field.related_model in holding:
                    holding.add(model)
                    changed = True
                    break
    return {_label(m) for m in holding}


def test_every_model_with_personal_data_is_in_the_export():
    missing = models_holding_a_person() - covered_labels() - NOT_PERSONAL
    assert not missing, f"add these to vivier/privacy/services/export.py: {sorted(missing)}"


def test_the_walk_finds_the_indirect_ones():
    found = models_holding_a_person()
    assert {"talent.Offer", "talent.Decline_reasons", "outreach.Message", "privacy.ConsentRecord"} <= found


@pytest.mark.django_db
def test_the_export_holds_each_table_and_is_audited(make, recruiter_client, viewer_client):
    decline = make.decline()
    candidate = decline.candidate
    make.consent(candidate, "talent_pool")
    url = reverse("privacy:export_json", args=[candidate.public_id])
    assert viewer_client.get(url).status_code == 403
    response = recruiter_client.get(url)
    data = json.loads(response.content)
    assert set(data["sections"]) == covered_labels()
    assert data["sections"]["talent.Candidate"][0]["email"] == candidate.email
    assert len(data["sections"]["talent.Decline"]) == 1 and data["sections"]["privacy.ConsentRecord"]
    assert "token_version" not in json.dumps(data)
    html = recruiter_client.get(reverse("privacy:export", args=[candidate.public_id])).content.decode()
    assert candidate.email in html and "talent.Offer" in html
    assert AuditEntry.objects.filter(action="export", target_id=str(candidate.public_id)).count() == 2
