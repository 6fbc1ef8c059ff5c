"""Candidates' CVs: recruiters upload them on the candidate page; every signed-in member may download them.

The files live under MEDIA_ROOT, which no URL maps to: this view is the only way out, after the role check, and
always as a download (never rendered by the browser, never executed by the server).
"""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from vivier.accounts.audit import AuditAction, audit_record
from vivier.front.access import get_candidate_file_for_user, get_candidate_for_user
from vivier.front.views.common import write_required

# A downloaded file must not be able to run anything, even if a browser ignored the attachment disposition.
DOWNLOAD_CSP = "default-src 'none'; sandbox"


class CandidateFileForm(forms.Form):
    cv = forms.FileField(label=gettext_lazy("CV (PDF, DOCX, ODT or text)"))


def _max_bytes() -> int:
    return min(settings.UPLOAD_MAX_MB * 1024 * 1024, getattr(settings, "PRIVACY_CV_MAX_BYTES", 1 << 62))


@require_POST
@write_required
def candidate_file_upload(request: HttpRequest, public_id) -> HttpResponse:
    from vivier.privacy.services.candidate_pages import cv_upload

    candidate = get_candidate_for_user(request.user, public_id)
    form = CandidateFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
        return redirect("front:candidate_detail", candidate.public_id)
    upload = form.cleaned_data["cv"]
    limit = _max_bytes()
    if upload.size > limit:
        messages.error(
            request, _("The file is too large (at most %(mb)s MB).") % {"mb": limit // (1024 * 1024)}
        )
        return redirect("front:candidate_detail", candidate.public_id)
    try:
        cv_upload(candidate=candidate, name=upload.name, data=upload.read(limit + 1), by_candidate=False)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The CV is attached."))
    return redirect("front:candidate_detail", candidate.public_id)


@require_GET
def candidate_file_download(request: HttpRequest, public_id) -> HttpResponse:
    row = get_candidate_file_for_user(request.user, public_id)
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / row.stored_path).resolve()
    # The stored path is ours, but a file outside MEDIA_ROOT is never served, whatever the row says.
    if not path.is_relative_to(root) or not path.is_file():
        raise Http404("file missing")
    audit_record(
        action=AuditAction.EXPORT,
        request=request,
        target_type="candidate_file",
        target_id=row.public_id,
        data={"candidate": str(row.candidate.public_id)},
    )
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=row.original_name,
        content_type=row.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    response["Cache-Control"] = "private, no-store"
    return response
