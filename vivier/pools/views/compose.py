"""Writing to people: a personal message to one person ("Écrire", from their page or the rediscovery panel,
with the job in context), and a campaign to a pool or a segment (write, count, confirm, queue).

Both work as plain forms (Preview and Send are buttons of the form); htmx adds the live preview.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vivier.errors import ServiceError
from vivier.front.access import get_candidate_for_user, get_job_for_user
from vivier.front.views.common import (
    apply_service_error,
    apply_validation_error,
    done,
    safe_next,
    write_required,
)
from vivier.outreach import services as outreach
from vivier.outreach.policy import may_contact
from vivier.pools import selectors, services
from vivier.pools.audience import Audience
from vivier.pools.forms import CampaignForm, ComposeForm
from vivier.pools.views.common import get_pool_for_user, get_segment_for_user


def _job_from(request: HttpRequest, user):
    value = request.POST.get("job") or request.GET.get("job") or ""
    if not value:
        return None
    try:
        return get_job_for_user(user, value)
    except Http404:  # a stale link: the message is written without the job
        return None


def _rediscovery_hint(job, candidate) -> list[str]:
    """Why the rediscovery ranked this person for the job: a hint for the recruiter, not part of the mail."""
    from vivier.matching.selectors import MAX_LIMIT, rediscovery

    for match in rediscovery(job, limit=MAX_LIMIT, include_uncontactable=True).matches:
        if match.candidate.pk == candidate.pk:
            return match.explanations
    return []


def _preview(form, *, candidate, job, user):
    """The message rendered for `candidate`; None with the form's errors."""
    try:
        return outreach.personal_preview(
            candidate=candidate,
            subject=form.cleaned_data["subject"],
            body_text=form.cleaned_data["body_text"],
            by=user,
            job=job,
        )
    except ValidationError as exc:
        apply_validation_error(form, exc)
    return None


@write_required
def compose_candidate(request: HttpRequest, public_id) -> HttpResponse:
    candidate = get_candidate_for_user(request.user, public_id)
    job = _job_from(request, request.user)
    back = safe_next(request, reverse("front:candidate_detail", args=[candidate.public_id]))
    allowed, why = may_contact(candidate, selectors.PERSONAL)
    subject, body = outreach.personal_draft(language=candidate.language, job=job)
    form = ComposeForm(request.POST or None, initial={"subject": subject, "body_text": body})
    rendered = None
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "send":
            try:
                outreach.personal_send(
                    candidate=candidate,
                    by=request.user,
                    subject=form.cleaned_data["subject"],
                    body_text=form.cleaned_data["body_text"],
                    job=job,
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Your message to %(name)s goes out within a minute.") % {"name": candidate.full_name},
                )
                return done(request, back)
        else:
            rendered = _preview(form, candidate=candidate, job=job, user=request.user)
    elif request.method == "GET":
        try:  # the draft as they will read it, before any typing
            rendered = outreach.personal_preview(
                candidate=candidate, subject=subject or "…", body_text=body, by=request.user, job=job
            )
        except ValidationError:
            rendered = None
    return render(
        request,
        "pools/compose_candidate.html",
        {
            "candidate": candidate,
            "job": job,
            "form": form,
            "rendered": rendered,
            "allowed": allowed,
            "why_not": "" if allowed else selectors.reason_label(why),
            "hint": _rediscovery_hint(job, candidate) if job is not None else [],
            "fields": outreach.personal_fields(with_job=job is not None),
            "next": back,
        },
    )


@require_POST
@write_required
def compose_preview(request: HttpRequest) -> HttpResponse:
    """The live preview (htmx posts the form here as it is typed), rendered for the recipient it names."""
    form = ComposeForm(request.POST)
    candidate = None
    if request.POST.get("recipient"):
        try:
            candidate = get_candidate_for_user(request.user, request.POST["recipient"])
        except Http404:
            candidate = None
    job = _job_from(request, request.user)
    rendered = None
    if candidate is not None and form.is_valid():
        rendered = _preview(form, candidate=candidate, job=job, user=request.user)
    return render(
        request, "pools/_preview.html", {"form": form, "rendered": rendered, "recipient": candidate}
    )


def _compose_audience(request: HttpRequest, audience: Audience, *, back: str) -> HttpResponse:
    """Write → Review (the count, the preview for the first person who may be written to) → Confirm."""
    _subject, body = outreach.personal_draft(language="fr")
    form = CampaignForm(request.POST or None, initial={"body_text": body, "language": "fr"})
    action = request.POST.get("action", "")
    step, counts, rendered, recipient = "write", None, None, None
    problems = audience.problems
    if request.method == "POST" and not problems and form.is_valid():
        data = form.cleaned_data
        scope = {"language": data["language"], "only_language": data["only_language"]}
        if action == "send":
            try:
                campaign = services.campaign_create(
                    audience=audience,
                    subject=data["subject"],
                    body_text=data["body_text"],
                    by=request.user,
                    **scope,
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    ngettext(
                        "The message is on its way: Vivier plans it for %(n)s person, then sends it.",
                        "The message is on its way: Vivier plans it for %(n)s people, then sends it.",
                        campaign.allowed_count,
                    )
                    % {"n": campaign.allowed_count},
                )
                return done(request, reverse("pools:campaign_detail", args=[campaign.public_id]))
        elif action == "review":
            try:
                outreach.personal_validate(subject=data["subject"], body_text=data["body_text"])
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                counts = selectors.audience_count(audience, **scope)
                recipient = selectors.first_recipient(audience, **scope)
                if recipient is not None:
                    rendered = outreach.personal_render(
                        candidate=recipient,
                        subject=data["subject"],
                        body_text=data["body_text"],
                        by=request.user,
                    )
                step = "confirm"
    if step == "write" and not problems:
        recipient = selectors.first_recipient(audience)
    return render(
        request,
        "pools/compose_audience.html",
        {
            "audience": audience,
            "form": form,
            "step": step,
            "counts": counts,
            "rendered": rendered,
            "recipient": recipient,
            "problems": problems,
            "size": audience.candidates().count() if not problems else 0,
            "fields": outreach.personal_fields(with_job=False),
            "back": back,
        },
    )


@write_required
def pool_write(request: HttpRequest, public_id) -> HttpResponse:
    pool = get_pool_for_user(request.user, public_id)
    return _compose_audience(
        request, Audience.of_pool(pool), back=reverse("pools:detail", args=[pool.public_id])
    )


@write_required
def segment_write(request: HttpRequest, public_id) -> HttpResponse:
    segment = get_segment_for_user(request.user, public_id)
    return _compose_audience(
        request, Audience.of_segment(segment), back=reverse("pools:segment_detail", args=[segment.public_id])
    )
