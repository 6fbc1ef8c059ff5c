from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vivier.errors import ServiceError
from vivier.front.access import get_application_for_user, get_offer_for_user
from vivier.front.forms import DeclineForm, OfferForm
from vivier.front.views.common import (
    apply_service_error,
    apply_validation_error,
    done,
    render_form,
    safe_next,
    write_required,
)
from vivier.talent import services

DECLINE_FIELDS = (
    "kind",
    "detail",
    "competing_employer",
    "competing_salary",
    "competing_remote_days",
    "counter_offer",
    "open_to_future",
    "recontact_after",
)


def _candidate_url(candidate) -> str:
    return reverse("front:candidate_detail", args=[candidate.public_id])


@write_required
def offer_create(request: HttpRequest, public_id) -> HttpResponse:
    application = get_application_for_user(request.user, public_id)
    job = application.job
    form = OfferForm(
        request.POST or None,
        initial={
            "contract_type": job.contract_type,
            "currency": job.currency,
            "remote_days_per_week": job.remote_days_per_week,
        },
    )
    back = safe_next(request, _candidate_url(application.candidate))
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_create(by=request.user, application=application, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request, _("The offer to %(name)s was recorded.") % {"name": application.candidate.full_name}
            )
            return done(request, back)
    return render_form(
        request,
        "front/offers/_offer_form.html",
        {"form": form, "application": application, "next": back},
        title=_("Record an offer"),
    )


@require_POST
@write_required
def offer_accept(request: HttpRequest, public_id) -> HttpResponse:
    offer = get_offer_for_user(request.user, public_id)
    candidate = offer.application.candidate
    try:
        services.offer_accept(by=request.user, offer=offer)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Accepted: congratulations to %(name)s!") % {"name": candidate.full_name})
    return done(request, safe_next(request, _candidate_url(candidate)))


@write_required
def offer_decline(request: HttpRequest, public_id) -> HttpResponse:
    """The decline form: in the page's dialog with htmx, or as a plain page; one transaction on success."""
    offer = get_offer_for_user(request.user, public_id)
    candidate = offer.application.candidate
    back = safe_next(request, _candidate_url(candidate))
    if request.method == "GET" and not offer.is_open:
        messages.info(
            request, _("This offer is already closed (%(status)s).") % {"status": offer.get_status_display()}
        )
        return done(request, back)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.offer_decline(
                by=request.user,
                offer=offer,
                reasons=list(data["reasons"]),
                primary=data["primary_reason"],
                **{name: data[name] for name in DECLINE_FIELDS},
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            text = _("The decline was recorded. %(name)s stays in the pool.") % {"name": candidate.full_name}
            planned = len(result.messages)
            if planned:
                text += " " + ngettext(
                    "%(count)s follow-up message planned: see Messages.",
                    "%(count)s follow-up messages planned: see Messages.",
                    planned,
                ) % {"count": planned}
            messages.success(request, text)
            return done(request, back)
    return render_form(
        request,
        "front/offers/_decline_form.html",
        {"form": form, "offer": offer, "candidate": candidate, "next": back},
        title=_("Record a decline"),
    )
