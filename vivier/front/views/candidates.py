from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vivier.accounts.audit import AuditAction, audit_record
from vivier.errors import DuplicateCandidate, ErasedCandidate, ServiceError
from vivier.front.access import get_candidate_for_user, get_exclusion_for_user
from vivier.front.forms import ApplyForm, CandidateForm, ExclusionForm
from vivier.front.views.common import (
    apply_service_error,
    apply_validation_error,
    done,
    page_of,
    render_form,
    safe_next,
    write_required,
)
from vivier.outreach import selectors as outreach_selectors
from vivier.outreach import services as outreach_services
from vivier.outreach.models import LinkedInStatus
from vivier.talent import selectors, services
from vivier.talent.models import RemotePreference
from vivier.talent.models.candidate import Language
from vivier.talent.notices import candidate_notices

DECLINED_FILTER = {"yes": True, "no": False}


def list_filters(g) -> tuple[dict[str, str], str]:
    """The list's filters from a query string (its exports read them here too, so they hold the same rows):
    the text filters, and "yes", "no" or "" for "has declined"."""
    filters = {
        "q": g.get("q", "")[:200],
        "city": g.get("city", "")[:100],
        "remote_preference": g.get("remote_preference", "")
        if g.get("remote_preference") in RemotePreference.values
        else "",
        "language": g.get("language", "") if g.get("language") in Language.values else "",
    }
    declined = g.get("declined", "")
    return filters, declined if declined in DECLINED_FILTER else ""


def list_criteria(filters: dict[str, str], declined: str) -> dict:
    """The arguments of selectors.candidate_list for these filters."""
    return {**filters, "declined": DECLINED_FILTER.get(declined)}


def candidate_list(request: HttpRequest) -> HttpResponse:
    filters, declined = list_filters(request.GET)
    criteria = list_criteria(filters, declined)
    page = page_of(
        request, selectors.candidate_list(**criteria), count=selectors.candidate_list_count(**criteria)
    )
    return render(
        request,
        "front/candidates/list.html",
        {
            "page": page,
            "filters": filters,
            "declined": declined,
            "remote_choices": RemotePreference.choices,
            "language_choices": settings.LANGUAGES,
            "filtered": any(filters.values()) or bool(declined),
            # The exports take the filters, not the page: they hold every row the filters select.
            "export_query": urlencode({k: v for k, v in {**filters, "declined": declined}.items() if v}),
        },
    )


def candidate_detail(request: HttpRequest, public_id) -> HttpResponse:
    candidate = get_candidate_for_user(request.user, public_id)
    profile = selectors.candidate_profile(candidate)
    # Who looked at whose full profile is what a data-protection audit asks first.
    audit_record(
        action=AuditAction.PROFILE_VIEWED,
        request=request,
        target_type="candidate",
        target_id=candidate.public_id,
    )
    planned, done_messages = outreach_selectors.candidate_messages(candidate)
    linkedin = outreach_services.linkedin_get(candidate)
    follow_ups_open, follow_ups_done = selectors.follow_ups_of(candidate)
    return render(
        request,
        "front/candidates/detail.html",
        {
            "candidate": candidate,
            "profile": profile,
            "planned_messages": planned,
            "past_messages": done_messages[:20],
            "linkedin": linkedin,
            "linkedin_statuses": LinkedInStatus.choices,
            "linkedin_note": outreach_services.linkedin_message(candidate=candidate, by=request.user),
            "candidate_files": candidate.privacy_files.all()[:20],
            "follow_ups_open": follow_ups_open,
            "follow_ups_done": follow_ups_done,
            "today_date": timezone.localdate(),
        },
    )


def notify_notices(request: HttpRequest, candidate) -> None:
    """What to check about the profile just saved (a phone kept as written, a shared phone), as warnings
    beside the confirmation: the same notices as the API's `warnings` and an import's report."""
    for notice in candidate_notices(candidate):
        if notice.other is None:
            messages.warning(request, notice.message)
        else:
            url = reverse("front:candidate_detail", args=[notice.other.public_id])
            messages.warning(
                request, format_html('{} <a href="{}">{}</a>', notice.message, url, _("Open their profile"))
            )


def _save_candidate(request: HttpRequest, form: CandidateForm, candidate=None):
    """Create or update; a duplicate is a field error (e-mail) or a warning to confirm (LinkedIn profile, an
    erased person's e-mail)."""
    allow = form.cleaned_data.get("allow_possible_duplicate", False)
    try:
        if candidate is None:
            return services.candidate_create(
                by=request.user,
                allow_possible_duplicate=allow,
                allow_erased=form.cleaned_data.get("allow_erased", False),
                **form.service_fields(),
            ), None
        return services.candidate_update(
            candidate=candidate, by=request.user, allow_possible_duplicate=allow, **form.service_fields()
        ), None
    except DuplicateCandidate as exc:
        if exc.field == "email":
            form.add_error("email", exc.message)
        else:
            form.add_error(None, exc.message)
        return None, exc
    except ErasedCandidate as exc:
        # Shown with its confirmation box, as the API answers 409 unless confirmed.
        return None, exc
    except ValidationError as exc:
        apply_validation_error(form, exc)
    except ServiceError as exc:
        apply_service_error(form, exc)
    return None, None


@write_required
def candidate_create(request: HttpRequest) -> HttpResponse:
    form = CandidateForm(request.POST or None)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        candidate, duplicate = _save_candidate(request, form)
        if candidate:
            messages.success(request, _("%(name)s was added to the pool.") % {"name": candidate.full_name})
            notify_notices(request, candidate)
            return done(request, reverse("front:candidate_detail", args=[candidate.public_id]))
    return render(request, "front/candidates/form.html", {"form": form, "duplicate": duplicate})


@write_required
def candidate_edit(request: HttpRequest, public_id) -> HttpResponse:
    candidate = get_candidate_for_user(request.user, public_id)
    form = CandidateForm(request.POST or None, initial=CandidateForm.initial_from(candidate))
    duplicate = None
    if request.method == "POST" and form.is_valid():
        saved, duplicate = _save_candidate(request, form, candidate)
        if saved:
            messages.success(request, _("The profile was saved."))
            notify_notices(request, saved)
            return done(request, reverse("front:candidate_detail", args=[candidate.public_id]))
    return render(
        request, "front/candidates/form.html", {"form": form, "duplicate": duplicate, "candidate": candidate}
    )


@write_required
def candidate_apply(request: HttpRequest, public_id) -> HttpResponse:
    candidate = get_candidate_for_user(request.user, public_id)
    form = ApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_create(by=request.user, candidate=candidate, job=form.cleaned_data["job"])
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is now on the job %(job)s.")
                % {"name": candidate.full_name, "job": form.cleaned_data["job"].title},
            )
            return done(request, reverse("front:candidate_detail", args=[candidate.public_id]))
    return render_form(
        request,
        "front/candidates/_apply_form.html",
        {"form": form, "candidate": candidate},
        title=_("Put %(name)s on a job") % {"name": candidate.full_name},
    )


@write_required
def exclusion_create(request: HttpRequest, public_id) -> HttpResponse:
    candidate = get_candidate_for_user(request.user, public_id)
    form = ExclusionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            exclusion = services.exclusion_create(by=request.user, candidate=candidate, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s will not be presented to %(client)s until %(date)s.")
                % {
                    "name": candidate.full_name,
                    "client": exclusion.client.name,
                    "date": date_format(exclusion.expires_on, "SHORT_DATE_FORMAT"),
                },
            )
            return done(request, reverse("front:candidate_detail", args=[candidate.public_id]))
    return render_form(
        request,
        "front/candidates/_exclusion_form.html",
        {"form": form, "candidate": candidate},
        title=_("Add a client exclusion"),
    )


@require_POST
@write_required
def exclusion_lift(request: HttpRequest, public_id) -> HttpResponse:
    exclusion = get_exclusion_for_user(request.user, public_id)
    services.exclusion_lift(by=request.user, exclusion=exclusion)
    messages.success(
        request, _("The exclusion for %(client)s was lifted.") % {"client": exclusion.client.name}
    )
    return done(
        request, safe_next(request, reverse("front:candidate_detail", args=[exclusion.candidate.public_id]))
    )
