"""The outbox: every planned and sent message, the review queue, and the actions on one message."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from vivier.errors import ServiceError
from vivier.front.access import get_message_for_user
from vivier.front.forms_outreach import MessageEditForm, RescheduleForm
from vivier.front.views.common import (
    apply_service_error,
    apply_validation_error,
    done,
    page_of,
    render_form,
    safe_next,
    write_required,
)
from vivier.outreach import selectors, services
from vivier.outreach.models import MessageKind, MessageStatus


def outbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in MessageStatus.values else ""
    kind = request.GET.get("kind", "")
    kind = kind if kind in MessageKind.values else ""
    qs = selectors.message_list(status=status or None, kind=kind or None)
    if status in (MessageStatus.REVIEW, MessageStatus.SCHEDULED):
        qs = qs.order_by("due_at", "id")  # what goes next first
    counts = selectors.outbox_counts()
    return render(
        request,
        "front/outbox/list.html",
        {
            "page": page_of(request, qs),
            "status": status,
            "kind": kind,
            "tabs": [(v, label, counts[v]) for v, label in MessageStatus.choices],
            "kind_choices": MessageKind.choices,
        },
    )


def _back(request: HttpRequest, message) -> str:
    return safe_next(request, reverse("front:candidate_detail", args=[message.candidate.public_id]))


@write_required
def message_edit(request: HttpRequest, public_id) -> HttpResponse:
    message = get_message_for_user(request.user, public_id)
    back = _back(request, message)
    initial = {
        "due_at": timezone.localtime(message.due_at),
        "subject": message.subject,
        "body_text": message.body_text,
    }
    form = MessageEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_update(message=message, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The message was saved."))
            return done(request, back)
    return render_form(
        request,
        "front/outbox/_edit_form.html",
        {"form": form, "message": message, "next": back},
        title=_("Edit the message to %(name)s") % {"name": message.candidate.full_name},
    )


_ACTIONS = {
    "send_now": (services.message_send_now, gettext_lazy("The message goes out within a minute.")),
    "cancel": (services.message_cancel, gettext_lazy("The message was cancelled.")),
    "approve": (services.message_approve, gettext_lazy("Approved: the message goes at its planned time.")),
}


@require_POST
@write_required
def message_action(request: HttpRequest, public_id, action: str) -> HttpResponse:
    message = get_message_for_user(request.user, public_id)
    service, success = _ACTIONS[action]
    try:
        service(message=message, by=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return done(request, _back(request, message))


@require_POST
@write_required
def message_resolve(request: HttpRequest, public_id) -> HttpResponse:
    """An uncertain message: mark it as sent, send it again (now or at a date), or leave it cancelled."""
    message = get_message_for_user(request.user, public_id)
    outcome = request.POST.get("outcome", "")
    form = RescheduleForm(request.POST)
    if not form.is_valid():
        # A date refused (out of range, or no date): said, not read as "again now".
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return done(request, _back(request, message))
    due_at = form.cleaned_data.get("due_at")
    try:
        services.message_resolve_uncertain(message=message, by=request.user, outcome=outcome, due_at=due_at)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Recorded. Thank you for checking."))
    return done(request, _back(request, message))


def message_send_now(request: HttpRequest, public_id) -> HttpResponse:
    return message_action(request, public_id, "send_now")


def message_cancel(request: HttpRequest, public_id) -> HttpResponse:
    return message_action(request, public_id, "cancel")


def message_approve(request: HttpRequest, public_id) -> HttpResponse:
    return message_action(request, public_id, "approve")
