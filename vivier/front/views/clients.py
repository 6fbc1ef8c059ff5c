from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from vivier.errors import ServiceError
from vivier.front.access import get_client_for_user
from vivier.front.forms import ClientForm
from vivier.front.views.common import (
    apply_service_error,
    apply_validation_error,
    done,
    page_of,
    write_required,
)
from vivier.talent import selectors, services


def client_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:200]
    return render(
        request, "front/clients/list.html", {"page": page_of(request, selectors.client_list(q=q)), "q": q}
    )


def client_detail(request: HttpRequest, public_id) -> HttpResponse:
    client = get_client_for_user(request.user, public_id)
    jobs = list(selectors.job_list(client=client))
    exclusions = list(selectors.exclusion_list(client=client))
    return render(
        request, "front/clients/detail.html", {"client": client, "jobs": jobs, "exclusions": exclusions}
    )


def _save_client(request: HttpRequest, form: ClientForm, client=None):
    try:
        if client is None:
            return services.client_create(by=request.user, **form.cleaned_data)
        return services.client_update(client=client, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        apply_validation_error(form, exc)
    except ServiceError as exc:
        if exc.code == "duplicate_client":
            form.add_error("name", exc.message)
        else:
            apply_service_error(form, exc)
    return None


@write_required
def client_create(request: HttpRequest) -> HttpResponse:
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (client := _save_client(request, form)):
        messages.success(request, _("The client %(name)s was added.") % {"name": client.name})
        return done(request, reverse("front:client_detail", args=[client.public_id]))
    return render(request, "front/clients/form.html", {"form": form})


@write_required
def client_edit(request: HttpRequest, public_id) -> HttpResponse:
    client = get_client_for_user(request.user, public_id)
    initial = {k: getattr(client, k) for k in ("name", "sector", "city", "notes")}
    form = ClientForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _save_client(request, form, client):
        messages.success(request, _("The client was saved."))
        return done(request, reverse("front:client_detail", args=[client.public_id]))
    return render(request, "front/clients/form.html", {"form": form, "client": client})
