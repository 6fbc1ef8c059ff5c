"""Follow-ups: plan one from the candidate page, tick it off from there or from the dashboard."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vivier.errors import ServiceError
from vivier.front.access import get_candidate_for_user, get_follow_up_for_user
from vivier.front.forms import FollowUpForm
from vivier.front.views.common import (
    apply_service_error,
    apply_validation_error,
    done,
    render_form,
    safe_next,
    write_required,
)
from vivier.talent import services


@write_required
def follow_up_create(request: HttpRequest, public_id) -> HttpResponse:
    candidate = get_candidate_for_user(request.user, public_id)
    initial = {"due_on": timezone.localdate() + dt.timedelta(days=1), "assignee": request.user.username}
    form = FollowUpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            follow_up = services.follow_up_create(by=request.user, candidate=candidate, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Follow-up planned for %(date)s.")
                % {"date": date_format(follow_up.due_on, "SHORT_DATE_FORMAT")},
            )
            return done(
                request, reverse("front:candidate_detail", args=[candidate.public_id]) + "#h-follow-ups"
            )
    return render_form(
        request,
        "front/candidates/_follow_up_form.html",
        {"form": form, "candidate": candidate},
        title=_("Plan a follow-up with %(name)s") % {"name": candidate.full_name},
    )


@require_POST
@write_required
def follow_up_done(request: HttpRequest, public_id) -> HttpResponse:
    follow_up = get_follow_up_for_user(request.user, public_id)
    try:
        services.follow_up_complete(follow_up=follow_up, by=request.user)
    except ServiceError as exc:
        messages.info(request, exc.message)
    else:
        messages.success(request, _("Done: %(title)s.") % {"title": follow_up.title})
    default = reverse("front:candidate_detail", args=[follow_up.candidate.public_id]) + "#h-follow-ups"
    return done(request, safe_next(request, default))
