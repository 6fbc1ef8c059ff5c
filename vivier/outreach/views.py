"""The candidate's own pages (no login): unsubscribe, per RFC 8058.

GET shows a confirmation page with a button and changes nothing (link scanners and mail previews follow
GETs). POST unsubscribes: the button of that page, or the one-click POST a mail client sends with the body
`List-Unsubscribe=One-Click`. The signed token in the URL authenticates the person, so the view is exempt
from CSRF (a mail client has no cookie or CSRF token); nothing else is.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from vivier.outreach.links import UNSUBSCRIBE, UNSUBSCRIBE_MAX_AGE, candidate_token_read
from vivier.outreach.services import contact_stop
from vivier.talent.models import Candidate


def _candidate(token: str) -> Candidate | None:
    try:
        public_id = candidate_token_read(token, UNSUBSCRIBE, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.BadSignature:
        return None
    return Candidate.objects.filter(public_id=public_id).first()


@login_not_required
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    candidate = _candidate(token)
    language = candidate.language if candidate else (translation.get_language() or "fr")[:2]
    with translation.override(language):
        if candidate is None:
            response = render(request, "outreach/unsubscribe.html", {"state": "invalid"}, status=404)
        elif request.method == "POST":
            contact_stop(candidate=candidate, source="unsubscribe")
            response = render(request, "outreach/unsubscribe.html", {"state": "done", "candidate": candidate})
        else:
            state = "already" if candidate.do_not_contact else "confirm"
            response = render(request, "outreach/unsubscribe.html", {"state": state, "candidate": candidate})
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"  # the token is in the URL: never leak it to a linked site
    return response
