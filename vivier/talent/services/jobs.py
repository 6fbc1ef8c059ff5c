from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.matching.rome import suggest_rome_code
from vivier.talent import normalise
from vivier.talent.models import EventKind, Job, JobStatus, RemotePolicy
from vivier.talent.services.events import event_record

WRITABLE_FIELDS = (
    "client",
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
    "owner",
)


def _validate(job: Job) -> None:
    errors: dict[str, list[str]] = {}
    if job.salary_min is not None and job.salary_max is not None and job.salary_min > job.salary_max:
        errors["salary_max"] = [_("The top of the range must be at least its bottom.")]
    if job.remote_days_per_week > 5:
        errors["remote_days_per_week"] = [_("Between 0 and 5 days a week.")]
    elif job.remote_policy == RemotePolicy.ONSITE and job.remote_days_per_week:
        errors["remote_days_per_week"] = [_("An on-site job has no remote days; choose hybrid.")]
    try:
        job.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    fields = dict(fields)
    if "skills" in fields:
        try:
            fields["skills"] = normalise.tags(fields["skills"])
        except ValidationError as exc:
            raise ValidationError({"skills": exc.messages}) from exc
    for name in ("title", "city"):
        if isinstance(fields.get(name), str):
            fields[name] = " ".join(fields[name].split())
    for name in ("country", "currency", "rome_code"):
        if isinstance(fields.get(name), str):
            fields[name] = fields[name].strip().upper()
    if fields.get("remote_policy") == RemotePolicy.REMOTE and not fields.get("remote_days_per_week"):
        fields["remote_days_per_week"] = 5
    return fields


def job_create(*, by, **fields: Any) -> Job:
    unknown = set(fields) - set(WRITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown job fields: {sorted(unknown)}")
    fields = _clean(fields)
    if not fields.get("rome_code"):
        fields["rome_code"] = suggest_rome_code(fields.get("title", "")) or ""
    fields.setdefault("owner", by if getattr(by, "pk", None) else None)
    job = Job(**fields)
    _validate(job)
    with transaction.atomic():
        job.save()
        event_record(
            kind=EventKind.JOB_CREATED,
            actor=by,
            job=job,
            client=job.client,
            data={"title": job.title, "rome_code": job.rome_code},
        )
    return job


def job_update(*, job: Job, by, **fields: Any) -> Job:
    unknown = set(fields) - set(WRITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown job fields: {sorted(unknown)}")
    fields = _clean(fields)
    changed = [k for k, v in fields.items() if getattr(job, k) != v]
    if not changed:
        return job
    old_status = job.status
    for k in changed:
        setattr(job, k, fields[k])
    job.updated_at = timezone.now()
    if "status" in changed and job.status == JobStatus.OPEN:
        job.opened_at = job.updated_at
        changed.append("opened_at")
    _validate(job)
    with transaction.atomic():
        job.save(update_fields=[*changed, "updated_at"])
        if other := [f for f in changed if f not in ("status", "opened_at")]:
            event_record(
                kind=EventKind.JOB_UPDATED, actor=by, job=job, client=job.client, data={"fields": other}
            )
        if "status" in changed:
            event_record(
                kind=EventKind.JOB_STATUS_CHANGED,
                actor=by,
                job=job,
                client=job.client,
                data={"from": old_status, "to": job.status},
            )
    return job
