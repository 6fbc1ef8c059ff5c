"""Each table's columns, in the order the generator builds rows, checked against the models."""

from __future__ import annotations

import json


def model_columns() -> dict[str, list[str]]:
    """Each table's columns in the order the generator builds rows, checked against the models' _meta."""
    from vivier.privacy.models import CandidatePrivacy, ConsentRecord
    from vivier.talent.models import Application, Candidate, Client, Decline, Event, Job, Offer

    cols = {
        "talent_client": ["id", "public_id", "name", "sector", "city", "notes", "created_at"],
        "talent_job": [
            "id",
            "public_id",
            "title",
            "rome_code",
            "description",
            "city",
            "country",
            "remote_policy",
            "remote_days_per_week",
            "contract_type",
            "salary_min",
            "salary_max",
            "currency",
            "skills",
            "status",
            "created_at",
            "updated_at",
            "opened_at",
            "client_id",
            "owner_id",
        ],
        "talent_candidate": [
            "id",
            "public_id",
            "first_name",
            "last_name",
            "email",
            "phone",
            "city",
            "country",
            "headline",
            "summary",
            "skills",
            "languages",
            "linkedin_url",
            "salary_expectation",
            "currency",
            "remote_preference",
            "language",
            "source",
            "do_not_contact",
            "created_at",
            "updated_at",
            "created_by_id",
        ],
        "talent_application": [
            "id",
            "public_id",
            "status",
            "created_at",
            "created_by_id",
            "candidate_id",
            "job_id",
        ],
        "talent_offer": [
            "id",
            "public_id",
            "salary",
            "currency",
            "remote_days_per_week",
            "start_date",
            "contract_type",
            "notes",
            "status",
            "created_at",
            "decided_at",
            "application_id",
            "created_by_id",
        ],
        "talent_decline": [
            "id",
            "public_id",
            "kind",
            "detail",
            "competing_employer",
            "competing_salary",
            "competing_remote_days",
            "counter_offer",
            "open_to_future",
            "recontact_after",
            "offered_salary",
            "offered_currency",
            "offered_remote_days",
            "offered_contract_type",
            "offered_start_date",
            "expected_salary",
            "expected_remote",
            "created_at",
            "candidate_id",
            "recorded_by_id",
            "primary_reason_id",
            "offer_id",
            "job_id",
            "client_id",
        ],
        "talent_event": [
            "id",
            "public_id",
            "kind",
            "created_at",
            "data",
            "actor_id",
            "candidate_id",
            "client_id",
            "job_id",
        ],
        "talent_decline_reasons": ["id", "decline_id", "declinereason_id"],
        "privacy_candidateprivacy": [
            "id",
            "candidate_id",
            "token_version",
            "wanted_jobs",
            "wanted_places",
            "remote_preference",
            "contract_types",
            "salary_expectation",
            "alert_frequency",
            "news_role",
            "news_skills",
            "open_again_at",
            "notice_sent_at",
            "updated_at",
        ],
        "privacy_consentrecord": [
            "id",
            "public_id",
            "candidate_id",
            "purpose",
            "action",
            "at",
            "wording_version",
            "wording_text",
            "wording_hash",
            "language",
            "channel",
            "note",
            "ip",
            "user_agent",
            "token_id",
            "recorded_by_id",
            "expires_at",
        ],
    }
    models = {
        "talent_client": Client,
        "talent_job": Job,
        "talent_candidate": Candidate,
        "talent_application": Application,
        "talent_offer": Offer,
        "talent_decline": Decline,
        "talent_event": Event,
        "privacy_candidateprivacy": CandidatePrivacy,
        "privacy_consentrecord": ConsentRecord,
    }
    for table, model in models.items():
        assert model._meta.db_table == table
        expected = {f.column for f in model._meta.concrete_fields}
        unknown = set(cols[table]) - expected
        if unknown:
            raise RuntimeError(
                f"{table}: no column {sorted(unknown)} any more; update vivier/bench/generate/"
            )
    through = Decline.reasons.through._meta
    assert through.db_table == "talent_decline_reasons"
    assert {f.column for f in through.concrete_fields} == set(cols["talent_decline_reasons"])
    return cols


def default_columns(connection, cols: dict[str, list[str]]) -> dict[str, tuple[list[str], tuple]]:
    """Columns added to the models after the generator was written: filled with the field's default (or NULL),
    so that a new field does not break the benchmark; a new required field without a default does."""
    from django.apps import apps

    out: dict[str, tuple[list[str], tuple]] = {}
    for model in [*apps.get_app_config("talent").get_models(), *apps.get_app_config("privacy").get_models()]:
        table = model._meta.db_table
        if table not in cols:
            continue
        names, values = [], []
        for f in model._meta.concrete_fields:
            if f.column in cols[table]:
                continue
            if f.has_default() and f.get_internal_type() == "JSONField":
                value = json.dumps(f.get_default())
            elif f.has_default():
                value = f.get_db_prep_save(f.get_default(), connection)
            elif f.null:
                value = None
            else:
                raise RuntimeError(
                    f"{table}.{f.column} is required and has no default: teach "
                    "vivier/bench/generate/ to fill it"
                )
            names.append(f.column)
            values.append(value)
        if names:
            out[table] = (names, tuple(values))
    return out


def datetime_columns() -> dict[str, set[str]]:
    from django.apps import apps
    from django.db import models

    out: dict[str, set[str]] = {}
    for model in [*apps.get_app_config("talent").get_models(), *apps.get_app_config("privacy").get_models()]:
        out[model._meta.db_table] = {
            f.column for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)
        }
    return out
