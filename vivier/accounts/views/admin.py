"""Administration: users (roles, access, lost second factors), decline reasons, and the audit log (read only)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vivier.accounts import sessions, twofactor
from vivier.accounts.audit import AuditAction, AuditEntry, audit_record
from vivier.accounts.forms import (
    AuditFilterForm,
    ReasonCreateForm,
    ReasonForm,
    UserCreateForm,
    UserEditForm,
    add_service_errors,
)
from vivier.accounts.models import User
from vivier.accounts.services import user_create, user_set_password, user_update
from vivier.accounts.views.common import admin_required
from vivier.pagination import clamp, paginate
from vivier.talent.models import DeclineReason
from vivier.talent.services import reason_create, reason_update

# --- users ----------------------------------------------------------------------------------------------


@admin_required
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def users_view(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = user_create(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            audit_record(
                action=AuditAction.USER_CREATED,
                request=request,
                target_type="user",
                target_id=user.public_id,
                data={"username": user.username, "role": user.role},
            )
            messages.success(request, _("The user %(username)s is created.") % {"username": user.username})
            return redirect("accounts:users")
    users = User.objects.order_by("username").only(
        "pk",
        "public_id",
        "username",
        "first_name",
        "last_name",
        "email",
        "role",
        "is_active",
        "last_login",
    )
    return render(request, "accounts/users.html", {"users": users, "form": form})


@admin_required
@sensitive_post_parameters("new_password")
@require_http_methods(["GET", "POST"])
def user_edit_view(request: HttpRequest, public_id) -> HttpResponse:
    user = get_object_or_404(User, public_id=public_id)
    before = {"role": user.role, "is_active": user.is_active}
    form = UserEditForm(
        request.POST or None,
        user=user,
        initial={
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "role": user.role,
            "is_active": user.is_active,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        new_password = data.pop("new_password")
        try:
            with transaction.atomic():
                user_update(user=user, **data)
                if new_password:
                    user_set_password(user=user, password=new_password)
        except ValidationError as exc:
            user.refresh_from_db()
            add_service_errors(form, exc)
        else:
            after = {"role": user.role, "is_active": user.is_active}
            if after != before:
                audit_record(
                    action=AuditAction.ROLE_CHANGED,
                    request=request,
                    target_type="user",
                    target_id=user.public_id,
                    data={"username": user.username, "from": before, "to": after},
                )
                if not user.is_active:
                    sessions.sessions_revoke_all(user=user)
            if new_password:
                audit_record(
                    action=AuditAction.PASSWORD_CHANGED,
                    request=request,
                    target_type="user",
                    target_id=user.public_id,
                    data={"username": user.username, "by_admin": True},
                )
                if user.pk == request.user.pk:
                    update_session_auth_hash(request, user)
            messages.success(request, _("The user %(username)s is saved.") % {"username": user.username})
            return redirect("accounts:users")
    return render(
        request,
        "accounts/user_edit.html",
        {
            "edited": user,
            "form": form,
            "edited_two_factor": twofactor.is_enabled(user),
        },
    )


@admin_required
@require_POST
def user_two_factor_reset_view(request: HttpRequest, public_id) -> HttpResponse:
    """For someone who lost both their phone and their recovery codes: they enrol again at next sign-in."""
    user = get_object_or_404(User, public_id=public_id)
    twofactor.disable(user=user)
    sessions.sessions_revoke_all(user=user)
    audit_record(
        action=AuditAction.TWO_FACTOR_CHANGED,
        request=request,
        target_type="user",
        target_id=user.public_id,
        data={"username": user.username, "enabled": False, "by_admin": True},
    )
    messages.success(
        request, _("Two-factor authentication of %(username)s is turned off.") % {"username": user.username}
    )
    return redirect("accounts:user_edit", public_id=user.public_id)


# --- decline reasons ------------------------------------------------------------------------------------


@admin_required
@require_http_methods(["GET", "POST"])
def reasons_view(request: HttpRequest) -> HttpResponse:
    form = ReasonCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reason = reason_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The reason “%(code)s” is added.") % {"code": reason.code})
            return redirect("accounts:reasons")
    return render(request, "accounts/reasons.html", {"reasons": DeclineReason.objects.all(), "form": form})


@admin_required
@require_http_methods(["GET", "POST"])
def reason_edit_view(request: HttpRequest, code: str) -> HttpResponse:
    reason = get_object_or_404(DeclineReason, code=code)
    form = ReasonForm(
        request.POST or None,
        initial={
            "category": reason.category,
            "label_fr": reason.label_fr,
            "label_en": reason.label_en,
            "position": reason.position,
            "active": reason.active,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            reason_update(by=request.user, reason=reason, **form.cleaned_data)
        except ValidationError as exc:
            reason.refresh_from_db()
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The reason “%(code)s” is saved.") % {"code": reason.code})
            return redirect("accounts:reasons")
    return render(request, "accounts/reason_edit.html", {"reason": reason, "form": form})


# --- the audit log --------------------------------------------------------------------------------------


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@admin_required
@require_GET
def audit_view(request: HttpRequest) -> HttpResponse:
    """Read only: there is no view that changes an entry, and the database refuses UPDATE anyway."""
    form = AuditFilterForm(request.GET or None)
    qs = AuditEntry.objects.all()
    if form.is_valid():
        f = form.cleaned_data
        if f["action"]:
            qs = qs.filter(action=f["action"])
        if f["actor"]:
            qs = qs.filter(actor_label__iexact=f["actor"].strip())
        if f["target"]:
            target = f["target"].strip()
            qs = qs.filter(Q(target_id=target) | Q(target_type=target))
        if f["date_from"]:
            qs = qs.filter(created_at__gte=_day_start(f["date_from"]))
        if f["date_to"]:
            qs = qs.filter(created_at__lt=_day_start(f["date_to"] + dt.timedelta(days=1)))
    number, size = clamp(request.GET.get("page"), 50)
    page = paginate(qs, page=number, page_size=size)
    return render(request, "accounts/audit.html", {"form": form, "page": page})
