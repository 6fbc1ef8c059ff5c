"""The privacy back office (signed-in staff): export, erasure, consents by phone, requests, retention,
register.

Reading pages are open to every member; exports and every change need a role that writes (viewers get 403):
an export is personal data leaving the product.
"""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vivier.dates import shown
from vivier.front.access import get_candidate_for_user, require_write
from vivier.privacy import forms, rules, services
from vivier.privacy.models import Purpose, RightsRequest, RightsStatus
from vivier.privacy.register import register


def _candidate(request: HttpRequest, public_id):
    require_write(request.user)
    return get_candidate_for_user(request.user, public_id)


def _back(candidate) -> HttpResponse:
    return redirect("front:candidate_detail", candidate.public_id)


@require_http_methods(["GET"])
def export_html(request: HttpRequest, public_id) -> HttpResponse:
    candidate = _candidate(request, public_id)
    data = services.candidate_export(candidate=candidate, by=request.user, request=request)
    # The page shows dates and moments as the others do (the JSON keeps ISO 8601, in UTC).
    sections = [
        (
            label,
            [{k: shown(v) for k, v in row.items()} for row in rows],
            sorted({k for row in rows for k in row}),
        )
        for label, rows in data["sections"].items()
    ]
    response = render(
        request,
        "privacy/export.html",
        {
            "candidate": candidate,
            "data": {**data, "exported_at": shown(data["exported_at"])},
            "sections": sections,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET"])
def export_json(request: HttpRequest, public_id) -> HttpResponse:
    candidate = _candidate(request, public_id)
    data = services.candidate_export(candidate=candidate, by=request.user, request=request)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="vivier-export-{candidate.public_id}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, public_id) -> HttpResponse:
    candidate = _candidate(request, public_id)
    form = forms.EraseForm(request.POST or None, candidate=candidate)
    if request.method == "POST" and form.is_valid():
        try:
            services.candidate_erase(
                candidate=candidate, by=request.user, reason=form.cleaned_data["reason"], request=request
            )
        except ValidationError as exc:
            forms.apply_errors(form, exc)
        else:
            messages.success(request, _("The person was erased. Only a keyed hash of their e-mail remains."))
            return redirect("front:candidate_list")
    return render(
        request,
        "privacy/erase.html",
        {"candidate": candidate, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def consent_record(request: HttpRequest, public_id) -> HttpResponse:
    candidate = _candidate(request, public_id)
    form = forms.RecruiterConsentForm(request.POST, prefix="consent")
    if not form.is_valid():
        messages.error(
            request,
            _("Consent not recorded: %(errors)s")
            % {"errors": " ".join(e for errs in form.errors.values() for e in errs)},
        )
        return _back(candidate)
    data = form.cleaned_data
    fn = services.consent_give if data["action"] == "given" else services.consent_withdraw
    try:
        fn(
            candidate=candidate,
            purpose=data["purpose"],
            channel=data["channel"],
            by=request.user,
            request=request,
            note=data["note"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Consent recorded."))
    return _back(candidate)


@require_POST
def links_revoke(request: HttpRequest, public_id) -> HttpResponse:
    candidate = _candidate(request, public_id)
    services.links_revoke(candidate=candidate, by=request.user)
    messages.success(request, _("Every link sent to this person so far stopped working."))
    return _back(candidate)


@require_POST
def request_create(request: HttpRequest, public_id) -> HttpResponse:
    candidate = _candidate(request, public_id)
    form = forms.RightsRequestForm(request.POST, prefix="rights")
    if form.is_valid():
        received = timezone.make_aware(dt.datetime.combine(form.cleaned_data["received_on"], dt.time(12)))
        row = services.rights_request_create(
            candidate=candidate,
            kind=form.cleaned_data["kind"],
            by=request.user,
            received_at=received,
            note=form.cleaned_data["note"],
        )
        messages.success(
            request, _("Request logged: answer by %(date)s.") % {"date": row.deadline.strftime("%d/%m/%Y")}
        )
    else:
        messages.error(request, _("Give the kind of request and the day it was received."))
    return _back(candidate)


def request_list(request: HttpRequest) -> HttpResponse:
    rows = RightsRequest.objects.select_related("candidate", "handled_by").order_by(
        "status", "deadline", "id"
    )[:500]
    return render(request, "privacy/requests.html", {"rows": rows, "today": timezone.localdate()})


@require_POST
def request_close(request: HttpRequest, request_id) -> HttpResponse:
    require_write(request.user)
    row = get_object_or_404(RightsRequest, public_id=request_id)
    status = request.POST.get("status", RightsStatus.DONE)
    try:
        services.rights_request_close(request_row=row, by=request.user, status=status)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Request closed."))
    return redirect("privacy:requests")


def retention_page(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    due = services.retention_preview(now, days=30)
    context = {
        "due": due,
        "months_pool": rules.pool_months(),
        "months_keep": rules.keep_months(),
        "renewal_days": settings.PRIVACY_RENEWAL_NOTICE_DAYS,
    }
    return render(request, "privacy/retention.html", context)


def notices_page(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/notices.html", {"late": services.late_notices()})


def register_page(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/register.html", {"register": register(), "purposes": Purpose})
