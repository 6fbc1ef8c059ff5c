"""Talent pools: the list, a pool's page, create / edit / archive, and adding people (one from their page or
from the rediscovery panel, a selection or every result of a search from the candidate list)."""

from __future__ import annotations

import uuid

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
from vivier.front.views.candidates import list_criteria, list_filters
from vivier.front.views.common import (
    apply_service_error,
    apply_validation_error,
    done,
    page_of,
    render_form,
    safe_next,
    write_required,
)
from vivier.pools import selectors, services
from vivier.pools.forms import AddToPoolForm, PoolForm
from vivier.pools.models import AudienceKind, Campaign
from vivier.pools.templatetags.pools import candidate_panel_context
from vivier.pools.views.common import PANEL, ROW, action_context, get_pool_for_user
from vivier.talent import selectors as talent
from vivier.talent.models import Candidate


def pool_list(request: HttpRequest) -> HttpResponse:
    archived = request.GET.get("archived") == "1"
    return render(
        request, "pools/list.html", {"pools": selectors.pool_list(archived=archived), "archived": archived}
    )


def pool_detail(request: HttpRequest, public_id) -> HttpResponse:
    pool = get_pool_for_user(request.user, public_id)
    q = request.GET.get("q", "")[:200]
    page = page_of(request, selectors.pool_members(pool, q=q))
    selectors.mark_contactable(page.items)
    campaigns = Campaign.objects.filter(audience_kind=AudienceKind.POOL, audience_id=pool.public_id)[:10]
    return render(
        request, "pools/detail.html", {"pool": pool, "page": page, "q": q, "campaigns": list(campaigns)}
    )


def _save_pool(request: HttpRequest, form: PoolForm, pool=None):
    try:
        if pool is None:
            return services.pool_create(by=request.user, **form.cleaned_data)
        return services.pool_update(pool=pool, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        apply_validation_error(form, exc)
    return None


@write_required
def pool_create(request: HttpRequest) -> HttpResponse:
    form = PoolForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (pool := _save_pool(request, form)):
        messages.success(request, _("The pool “%(name)s” was created.") % {"name": pool.name})
        return done(request, reverse("pools:detail", args=[pool.public_id]))
    return render_form(request, "pools/_pool_form.html", {"form": form}, title=_("New talent pool"))


@write_required
def pool_edit(request: HttpRequest, public_id) -> HttpResponse:
    pool = get_pool_for_user(request.user, public_id)
    form = PoolForm(request.POST or None, initial={"name": pool.name, "description": pool.description})
    if request.method == "POST" and form.is_valid() and _save_pool(request, form, pool):
        messages.success(request, _("The pool was saved."))
        return done(request, reverse("pools:detail", args=[pool.public_id]))
    return render_form(
        request, "pools/_pool_form.html", {"form": form, "pool": pool}, title=_("Edit the pool")
    )


@require_POST
@write_required
def pool_archive(request: HttpRequest, public_id) -> HttpResponse:
    pool = get_pool_for_user(request.user, public_id)
    try:
        services.pool_archive(pool=pool, by=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The pool “%(name)s” was archived.") % {"name": pool.name})
    return done(request, reverse("pools:list"))


@require_POST
@write_required
def pool_member_remove(request: HttpRequest, public_id, candidate_id) -> HttpResponse:
    pool = get_pool_for_user(request.user, public_id)
    candidate = get_candidate_for_user(request.user, candidate_id)
    removed = services.pool_remove(pool=pool, candidate=candidate, by=request.user)
    text = (
        _("%(name)s left the pool “%(pool)s”.") % {"name": candidate.full_name, "pool": pool.name}
        if removed
        else _("%(name)s was not in this pool.") % {"name": candidate.full_name}
    )
    where = action_context(request)
    if where == PANEL:
        return render(
            request, "pools/_candidate_panel.html", candidate_panel_context(request, candidate, note=text)
        )
    if where == ROW:
        return HttpResponse("")  # the member's row goes away
    messages.success(request, text)
    return done(request, safe_next(request, reverse("pools:detail", args=[pool.public_id])))


def _add(request: HttpRequest, form: AddToPoolForm, candidates) -> tuple[object, int] | None:
    """The chosen pool (or the new one) and how many people were added; None with the form's errors."""
    pool = form.cleaned_data["pool"]
    try:
        if pool is None:
            pool = services.pool_create(name=form.cleaned_data["new_name"], by=request.user)
        return pool, services.pool_add(pool=pool, candidates=candidates, by=request.user)
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "name" in exc.error_dict:
            exc = ValidationError({"new_name": exc.error_dict["name"]})
        apply_validation_error(form, exc)
    except ServiceError as exc:
        apply_service_error(form, exc)
    return None


@write_required
def candidate_add(request: HttpRequest, public_id) -> HttpResponse:
    """Add one person to a pool: the candidate page's card, a row of the rediscovery panel, or a plain page."""
    candidate = get_candidate_for_user(request.user, public_id)
    where = action_context(request)
    inside = set(candidate.pool_memberships.values_list("pool_id", flat=True))
    auto_id = f"pool-add-{candidate.public_id.hex[:8]}-%s" if where == ROW else "pool-add-%s"
    form = AddToPoolForm(request.POST or None, exclude=inside, auto_id=auto_id)
    next_url = safe_next(request, reverse("front:candidate_detail", args=[candidate.public_id]))
    if request.method == "POST" and form.is_valid() and (result := _add(request, form, [candidate])):
        pool, added = result
        text = (
            _("%(name)s was added to the pool “%(pool)s”.")
            if added
            else _("%(name)s is in the pool “%(pool)s” already.")
        ) % {"name": candidate.full_name, "pool": pool.name}
        if where == PANEL:
            return render(
                request, "pools/_candidate_panel.html", candidate_panel_context(request, candidate, note=text)
            )
        if where == ROW:
            return render(request, "pools/_added.html", {"pool": pool, "text": text})
        messages.success(request, text)
        return done(request, next_url)
    if where == PANEL:
        return render(
            request, "pools/_candidate_panel.html", candidate_panel_context(request, candidate, form=form)
        )
    context = {"form": form, "candidate": candidate, "next": next_url}
    if where == ROW:
        return render(request, "pools/_add_inline.html", context)
    return render_form(
        request,
        "pools/_add_form.html",
        context,
        title=_("Add %(name)s to a talent pool") % {"name": candidate.full_name},
    )


def _uuids(values: list[str]) -> list[uuid.UUID]:
    out = []
    for value in values[:5000]:
        try:
            out.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return out


@require_POST
@write_required
def candidates_add(request: HttpRequest) -> HttpResponse:
    """From the candidate list: the ticked rows, or every result of the search the page shows."""
    back = safe_next(request, reverse("front:candidate_list"))
    form = AddToPoolForm(request.POST)
    if request.POST.get("scope") == "all":
        candidates = talent.candidate_list(**list_criteria(*list_filters(request.POST)))
    else:
        candidates = Candidate.objects.filter(public_id__in=_uuids(request.POST.getlist("candidate")))
        if not candidates.exists():
            messages.error(request, _("Tick the people to add first, or add every result of the search."))
            return done(request, back)
    result = _add(request, form, candidates) if form.is_valid() else None
    if result is None:  # the bar is a plain form on the list: its problems come back as a message
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return done(request, back)
    pool, added = result
    messages.success(
        request,
        ngettext(
            "%(n)s person was added to the pool “%(pool)s”.",
            "%(n)s people were added to the pool “%(pool)s”.",
            added,
        )
        % {"n": added, "pool": pool.name},
    )
    return done(request, back)
