"""Saved segments: save the candidate list's search under a name, see its live results, rename, delete."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from vivier.front.views.common import apply_validation_error, done, page_of, render_form, write_required
from vivier.pools import selectors, services
from vivier.pools.audience import clean_filters, segment_criteria, segment_problems
from vivier.pools.forms import SegmentForm
from vivier.pools.models import AudienceKind, Campaign
from vivier.pools.views.common import get_segment_for_user
from vivier.talent import selectors as talent
from vivier.talent.models import RemotePreference
from vivier.talent.models.candidate import Language


def segment_list(request: HttpRequest) -> HttpResponse:
    segments = list(selectors.segment_list())
    for segment in segments:
        segment.labelled = _labelled(segment.filters)
    return render(request, "pools/segments/list.html", {"segments": segments})


def _search_url(filters: dict, segment=None) -> str:
    query = dict(filters)
    if segment is not None:
        query["segment"] = str(segment.public_id)
    return reverse("front:candidate_list") + ("?" + urlencode(query) if query else "")


def segment_detail(request: HttpRequest, public_id) -> HttpResponse:
    """The segment's live results: the candidate list's own reading of the filters and its own selector."""
    segment = get_segment_for_user(request.user, public_id)
    problems = segment_problems(segment.filters)
    page = None
    if not problems:
        criteria = segment_criteria(segment.filters)
        page = page_of(
            request, talent.candidate_list(**criteria), count=talent.candidate_list_count(**criteria)
        )
    campaigns = Campaign.objects.filter(audience_kind=AudienceKind.SEGMENT, audience_id=segment.public_id)[
        :10
    ]
    return render(
        request,
        "pools/segments/detail.html",
        {
            "segment": segment,
            "problems": problems,
            "page": page,
            "search_url": _search_url(segment.filters, segment),
            "filters": _labelled(segment.filters),
            "campaigns": list(campaigns),
        },
    )


def _labelled(filters: dict) -> list[tuple[str, str]]:
    """Each filter as the candidate list's form says it ("A refusé : oui"), not as its GET parameter."""
    if not isinstance(filters, dict):
        return []
    labels = {
        "q": _("Search"),
        "city": _("City"),
        "remote_preference": _("Remote preference"),
        "language": _("Language"),
        "declined": pgettext("candidate filter", "Declined"),
    }
    # The codes as the list's own choices say them ("yes" → "Oui", "full_remote" → "Télétravail complet").
    values = {
        "remote_preference": dict(RemotePreference.choices),
        "language": dict(Language.choices),
        "declined": {"yes": _("Yes"), "no": _("No")},
    }
    if not isinstance(filters, dict):
        return []
    return [(str(labels.get(k, k)), str(values.get(k, {}).get(v, v))) for k, v in filters.items()]


@write_required
def segment_create(request: HttpRequest) -> HttpResponse:
    """Save the search of the candidate list (its filters come along as GET or hidden POST fields)."""
    source = request.POST if request.method == "POST" else request.GET
    filters = clean_filters(source)
    form = SegmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            segment = services.segment_create(
                name=form.cleaned_data["name"], filters=filters, by=request.user
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The segment “%(name)s” was saved.") % {"name": segment.name})
            return done(request, reverse("pools:segment_detail", args=[segment.public_id]))
    return render_form(
        request,
        "pools/segments/_form.html",
        {
            "form": form,
            "filters": filters,
            "labelled": _labelled(filters),
            "search_url": _search_url(filters),
        },
        title=_("Save this search as a segment"),
    )


@write_required
def segment_edit(request: HttpRequest, public_id) -> HttpResponse:
    """Rename; with filters in the POST (the candidate list's "update the segment"), take the new search."""
    segment = get_segment_for_user(request.user, public_id)
    form = SegmentForm(request.POST or None, initial={"name": segment.name})
    update_search = request.POST.get("update_search") == "1"
    if update_search:
        form = SegmentForm({"name": segment.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.segment_update(
                segment=segment,
                by=request.user,
                name=form.cleaned_data["name"],
                filters=clean_filters(request.POST) if update_search else None,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The segment was saved."))
            return done(request, reverse("pools:segment_detail", args=[segment.public_id]))
    return render_form(
        request,
        "pools/segments/_form.html",
        {"form": form, "segment": segment, "labelled": _labelled(segment.filters)},
        title=_("Rename the segment"),
    )


@require_POST
@write_required
def segment_delete(request: HttpRequest, public_id) -> HttpResponse:
    segment = get_segment_for_user(request.user, public_id)
    services.segment_delete(segment=segment, by=request.user)
    messages.success(request, _("The segment “%(name)s” was deleted.") % {"name": segment.name})
    return done(request, reverse("pools:segment_list"))
