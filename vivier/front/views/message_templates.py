"""Message templates: the list, the editor and its live preview (admins and recruiters edit; viewers read)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vivier.front.forms_outreach import TemplateForm
from vivier.front.views.common import apply_validation_error, done, write_required
from vivier.outreach import selectors, services, templating
from vivier.outreach.models import MessageTemplate
from vivier.talent.selectors import _uuid


def _template(public_id) -> MessageTemplate:
    try:
        return MessageTemplate.objects.get(public_id=_uuid(public_id))
    except MessageTemplate.DoesNotExist as exc:
        raise Http404("no such template") from exc


def template_list(request: HttpRequest) -> HttpResponse:
    return render(request, "front/templates/list.html", {"templates": selectors.template_list()})


def _preview(template: MessageTemplate, form: TemplateForm):
    """(rendered, errors) for the form's current content."""
    data = form.cleaned_data
    try:
        rendered = services.template_preview(
            subject=data["subject"],
            body_text=data["body_text"],
            body_html=data.get("body_html", ""),
            language=template.language,
        )
    except ValidationError as exc:
        apply_validation_error(form, exc)
        return None
    return rendered


@write_required
def template_edit(request: HttpRequest, public_id) -> HttpResponse:
    template = _template(public_id)
    initial = {"subject": template.subject, "body_text": template.body_text, "body_html": template.body_html}
    form = TemplateForm(request.POST or None, initial=initial)
    rendered = None
    if request.method == "POST" and request.POST.get("preview") and form.is_valid():
        rendered = _preview(template, form)  # the preview without JavaScript: the same page, not saved
    elif request.method == "POST" and form.is_valid():
        try:
            services.template_update(template=template, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The template was saved. Messages planned from now on use it."))
            return done(request, reverse("front:template_list"))
    elif request.method == "GET":
        form = TemplateForm(initial)
        if form.is_valid():
            rendered = _preview(template, form)
        form = TemplateForm(initial=initial)
    return render(
        request,
        "front/templates/edit.html",
        {"template": template, "form": form, "rendered": rendered, "fields": sorted(templating.FIELDS)},
    )


@require_POST
@write_required
def template_preview(request: HttpRequest, public_id) -> HttpResponse:
    """The live preview (htmx posts the form here as it is typed): subject, text and HTML, or the errors."""
    template = _template(public_id)
    form = TemplateForm(request.POST)
    rendered = _preview(template, form) if form.is_valid() else None
    return render(
        request, "front/templates/_preview.html", {"form": form, "rendered": rendered, "template": template}
    )
