"""The candidate's relationship after a decline: replies, do-not-contact, feedback, LinkedIn."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vivier.errors import ServiceError
from vivier.front.access import get_candidate_for_user
from vivier.front.forms_outreach import FeedbackForm, LinkedInForm, ReplyForm
from vivier.front.views.common import (
    apply_service_error,
    apply_validation_error,
    done,
    render_form,
    write_required,
)
from vivier.outreach import services


def _candidate_url(candidate) -> str:
    return reverse("front:candidate_detail", args=[candidate.public_id])


@write_required
def candidate_replied(request: HttpRequest, public_id) -> HttpResponse:
    candidate = get_candidate_for_user(request.user, public_id)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        paused = services.candidate_replied(
            candidate=candidate, by=request.user, note=form.cleaned_data["note"]
        )
        text = _("The reply was logged.")
        if paused:
            text += " " + ngettext(
                "%(count)s planned message now waits for your approval.",
                "%(count)s planned messages now wait for your approval.",
                len(paused),
            ) % {"count": len(paused)}
        messages.success(request, text)
        return done(request, _candidate_url(candidate))
    return render_form(
        request,
        "front/outreach/_reply_form.html",
        {"form": form, "candidate": candidate},
        title=_("%(name)s replied") % {"name": candidate.full_name},
    )


@require_POST
@write_required
def candidate_stop(request: HttpRequest, public_id) -> HttpResponse:
    """The candidate asked (by phone, by mail) not to be contacted any more."""
    candidate = get_candidate_for_user(request.user, public_id)
    cancelled = services.contact_stop(candidate=candidate, by=request.user, source="recruiter")
    messages.success(
        request,
        ngettext(
            "%(name)s will not be contacted any more; %(count)s planned message cancelled.",
            "%(name)s will not be contacted any more; %(count)s planned messages cancelled.",
            len(cancelled),
        )
        % {"name": candidate.full_name, "count": len(cancelled)},
    )
    return done(request, _candidate_url(candidate))


@write_required
def feedback_compose(request: HttpRequest, public_id) -> HttpResponse:
    """Pick strengths and deciding factors, add a sentence; Preview shows the message and any warning about
    wording; Send schedules it now. Works as a plain page (the preview is a second button of the form)."""
    candidate = get_candidate_for_user(request.user, public_id)
    form = FeedbackForm(request.POST or None, language=candidate.language)
    draft = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {"strengths": data["strengths"], "factors": data["factors"], "note": data["note"]}
        try:
            if request.POST.get("action") == "send":
                services.feedback_send(candidate=candidate, by=request.user, **fields)
                messages.success(request, _("The feedback goes out within a minute."))
                return done(request, _candidate_url(candidate))
            draft = services.feedback_compose(candidate=candidate, by=request.user, **fields)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except ServiceError as exc:
            apply_service_error(form, exc)
    window = services.feedback_window(candidate)
    return render(
        request,
        "front/outreach/feedback.html",
        {"form": form, "candidate": candidate, "draft": draft, "window": window},
    )


@require_POST
@write_required
def linkedin_update(request: HttpRequest, public_id) -> HttpResponse:
    candidate = get_candidate_for_user(request.user, public_id)
    form = LinkedInForm(request.POST)
    if form.is_valid():
        try:
            services.linkedin_set(candidate=candidate, status=form.cleaned_data["status"], by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The LinkedIn status was saved."))
    else:
        messages.error(request, _("Choose a LinkedIn status."))
    return done(request, _candidate_url(candidate) + "#h-linkedin")
