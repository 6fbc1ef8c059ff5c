"""The candidate's survey page, without an account: /s/<token>/, the signed link of the survey e-mail.

The link is vivier.privacy's (one person, the survey purpose, 90 days, revoked with the person's other
links) and names its survey; only the link of that survey's e-mail opens it. Every failure looks the same
("this link does not work") and changes nothing. The form is a plain HTML post with Django's CSRF token,
rate-limited per address like the other candidate pages.

A link "?score=7" (as a score button in an HTML e-mail could carry) only pre-selects the score: a GET never
records anything, since mail scanners open every link of a message.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from vivier.errors import Conflict
from vivier.front.views.common import apply_validation_error
from vivier.outreach.models import MessageStatus
from vivier.outreach.services.templates import agency_name
from vivier.privacy import tokens
from vivier.privacy.public import rate_limited
from vivier.surveys.forms import AnswerForm
from vivier.surveys.models import SurveyResponse
from vivier.surveys.services import survey_answer

# A survey whose e-mail never left (cancelled, failed, still planned) cannot be answered.
UNSENT = (MessageStatus.REVIEW, MessageStatus.SCHEDULED, MessageStatus.CANCELLED, MessageStatus.FAILED)


def _headers(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    # The token is in the URL: never send it to another site (and keep the page's own posts same-origin).
    response["Referrer-Policy"] = "same-origin"
    return response


def _survey(checked: tokens.Checked) -> SurveyResponse | None:
    if not checked.ok or not checked.extra or not checked.token_id:
        return None
    response = (
        SurveyResponse.objects.select_related("message", "decline__job")
        .filter(public_id=str(checked.extra.get("s", "")), candidate=checked.candidate)
        .first()
        if len(str(checked.extra.get("s", ""))) == 32
        else None
    )
    if response is None or response.token_id != checked.token_id:
        return None
    if response.message is not None and response.message.status in UNSENT:
        return None
    return response


def _refuse(request: HttpRequest, checked: tokens.Checked) -> HttpResponse:
    language = checked.candidate.language if checked.candidate else (translation.get_language() or "fr")[:2]
    with translation.override(language):
        return _headers(render(request, "privacy/public/message.html", {"state": "invalid"}, status=404))


def _score_param(request: HttpRequest) -> int | None:
    raw = request.GET.get("score", "")
    return int(raw) if raw.isdigit() and 0 <= int(raw) <= 10 else None


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limited
def answer(request: HttpRequest, token: str) -> HttpResponse:
    checked = tokens.check(token, tokens.SURVEY)
    response = _survey(checked)
    if response is None:
        return _refuse(request, checked)
    candidate = checked.candidate
    with translation.override(candidate.language):
        status = 200
        state = "thanks" if request.method == "GET" and request.GET.get("done") else "form"
        if response.is_locked():
            state = "locked"
        initial_score = response.score if response.score is not None else _score_param(request)
        form = AnswerForm(initial={"score": initial_score, "comment": response.comment})
        if request.method == "POST" and state != "locked":
            form = AnswerForm(request.POST)
            if form.is_valid():
                try:
                    survey_answer(
                        response=response,
                        score=form.cleaned_data["score"],
                        comment=form.cleaned_data["comment"],
                        token_id=checked.token_id,
                    )
                except Conflict:
                    state = "locked"
                    response.refresh_from_db()
                except ValidationError as exc:
                    apply_validation_error(form, exc)
                    status = 400
                else:
                    return _headers(HttpResponseRedirect(f"{request.path}?done=1"))
            else:
                status = 400
        context = {
            "candidate": candidate,
            "survey": response,
            "form": form,
            "state": state,
            "agency": agency_name(),
            "job": response.decline.job if response.decline else None,
            "scores": list(range(11)),
            "selected": str(form["score"].value() if form["score"].value() is not None else ""),
        }
        return _headers(render(request, "surveys/answer.html", context, status=status))
