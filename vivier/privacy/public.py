"""The candidate's own pages, without an account: the signed link in each message is the key.

- /t/<token>/  stay in touch: one separate, unticked opt-in per purpose, with the exact wording; single use.
- /p/<token>/  preference centre: preferences, "open again", news, CV, consents, unsubscribe from everything.
- /d/<token>/  the candidate's own decline answer; single use.

Every page answers the same "this link does not work" for a tampered, expired, revoked or unknown link (it
tells nothing about who is in the pool) and changes nothing; a used single-use link gets its own page.
Forms are plain HTML posts with Django's CSRF token (no JavaScript), and each address is rate-limited.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_http_methods

from vivier.accounts.audit import client_ip
from vivier.privacy import forms, rules, services, tokens
from vivier.privacy.models import ConsentChannel, Purpose
from vivier.privacy.wording import wording
from vivier.talent.models import Decline, DeclineReason


def _headers(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    # The token is in the URL: never send it to another site. "same-origin" rather than "no-referrer", which
    # makes browsers send `Origin: null` with the page's own form posts, and the CSRF check refuses those.
    response["Referrer-Policy"] = "same-origin"
    return response


def rate_limited(view: Callable) -> Callable:
    """At most PRIVACY_PUBLIC_RATE_PER_MINUTE requests per address per minute on the public pages."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        key = f"privacy-rate:{client_ip(request) or 'unknown'}"
        if cache.add(key, 1, timeout=60):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=60)
                count = 1
        if count > settings.PRIVACY_PUBLIC_RATE_PER_MINUTE:
            response = render(request, "privacy/public/message.html", {"state": "slow_down"}, status=429)
            response["Retry-After"] = "60"
            return _headers(response)
        return view(request, *args, **kwargs)

    return wrapper


def _public(view: Callable) -> Callable:
    return login_not_required(require_http_methods(["GET", "HEAD", "POST"])(rate_limited(view)))


def _language(checked: tokens.Checked) -> str:
    if checked.candidate is not None:
        return checked.candidate.language
    return (translation.get_language() or "fr")[:2]


def _refuse(request: HttpRequest, checked: tokens.Checked) -> HttpResponse:
    with translation.override(_language(checked)):
        state = "used" if checked.state == tokens.USED else "invalid"
        status = 409 if state == "used" else 404
        return _headers(render(request, "privacy/public/message.html", {"state": state}, status=status))


def _opt_ins(candidate, language: str) -> list[dict]:
    states = rules.consent_states(candidate)
    return [
        {"purpose": p, "label": Purpose(p).label, "wording": wording(p, language), "state": states[p]}
        for p in Purpose.values
    ]


@_public
def stay_in_touch(request: HttpRequest, token: str) -> HttpResponse:
    checked = tokens.check(token, tokens.STAY_IN_TOUCH)
    if not checked.ok:
        return _refuse(request, checked)
    candidate = checked.candidate
    with translation.override(candidate.language):
        if request.method == "POST":
            chosen = [p for p in request.POST.getlist("purpose") if p in Purpose.values]
            with transaction.atomic():
                if not tokens.mark_used(checked.token_id):
                    return _refuse(request, tokens.Checked(tokens.USED, candidate))
                for purpose in chosen:
                    services.consent_give(
                        candidate=candidate,
                        purpose=purpose,
                        channel=ConsentChannel.EMAIL_LINK,
                        request=request,
                        token_id=checked.token_id,
                    )
            url = reverse("privacy:preferences", args=[tokens.make(candidate, tokens.PREFERENCES)])
            return _headers(HttpResponseRedirect(f"{url}?done={'opt_in' if chosen else 'none'}"))
        context = {"candidate": candidate, "opt_ins": _opt_ins(candidate, candidate.language)}
        return _headers(render(request, "privacy/public/stay_in_touch.html", context))


PREFERENCE_ACTIONS = ("preferences", "news", "open_again", "cv", "give", "withdraw", "stop")


@_public
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    checked = tokens.check(token, tokens.PREFERENCES)
    if not checked.ok:
        return _refuse(request, checked)
    candidate = checked.candidate
    state = services.privacy_state(candidate)
    with translation.override(candidate.language):
        pref_form = forms.PreferencesForm(initial=forms.PreferencesForm.initial_for(state, candidate))
        news_form = forms.NewsForm(initial={"news_role": state.news_role, "news_skills": state.news_skills})
        cv_form = forms.CvForm()
        if request.method == "POST":
            action = request.POST.get("action", "")
            done = ""
            try:
                if action == "preferences":
                    pref_form = forms.PreferencesForm(request.POST)
                    if pref_form.is_valid():
                        data = dict(pref_form.cleaned_data)
                        language = data.pop("language")
                        services.preferences_update(candidate=candidate, language=language, **data)
                        done = action
                elif action == "news":
                    news_form = forms.NewsForm(request.POST)
                    if news_form.is_valid():
                        services.preferences_update(candidate=candidate, **news_form.cleaned_data)
                        done = action
                elif action == "open_again":
                    services.open_again(candidate=candidate)
                    done = action
                elif action == "cv":
                    cv_form = forms.CvForm(request.POST, request.FILES)
                    if cv_form.is_valid():
                        upload = cv_form.cleaned_data["cv"]
                        services.cv_upload(candidate=candidate, name=upload.name, data=upload.read())
                        done = action
                elif action in ("give", "withdraw") and request.POST.get("purpose") in Purpose.values:
                    fn = services.consent_give if action == "give" else services.consent_withdraw
                    fn(
                        candidate=candidate,
                        purpose=request.POST["purpose"],
                        channel=ConsentChannel.WEB_FORM,
                        request=request,
                        token_id=checked.token_id,
                    )
                    done = action
                elif action == "stop":
                    services.stop_everything(candidate=candidate, request=request, token_id=checked.token_id)
                    done = action
            except ValidationError as exc:
                target = cv_form if action == "cv" else pref_form
                forms.apply_errors(target, exc)
            if done:
                return _headers(HttpResponseRedirect(f"{request.path}?done={done}"))
        candidate.refresh_from_db(fields=["language", "do_not_contact"])
        context = {
            "candidate": candidate,
            "opt_ins": _opt_ins(candidate, candidate.language),
            "pref_form": pref_form,
            "news_form": news_form,
            "cv_form": cv_form,
            "state": state,
            "done": request.GET.get("done", "") if request.method == "GET" else "",
            "unsubscribe_url": reverse("outreach:unsubscribe", args=[_unsubscribe_token(candidate)]),
        }
        status = 400 if request.method == "POST" else 200
        return _headers(render(request, "privacy/public/preferences.html", context, status=status))


def _unsubscribe_token(candidate) -> str:
    from vivier.outreach.links import UNSUBSCRIBE, candidate_token

    return candidate_token(candidate, UNSUBSCRIBE)


@_public
def decline_answer(request: HttpRequest, token: str) -> HttpResponse:
    checked = tokens.check(token, tokens.DECLINE)
    if not checked.ok:
        return _refuse(request, checked)
    candidate = checked.candidate
    decline = None
    if checked.extra and checked.extra.get("d"):
        decline = Decline.objects.filter(public_id=checked.extra["d"], candidate=candidate).first()
    decline = decline or Decline.objects.filter(candidate=candidate).order_by("-created_at").first()
    reasons = list(DeclineReason.objects.filter(active=True))
    with translation.override(candidate.language):
        form = forms.DeclineAnswerForm(reasons=reasons)
        if request.method == "POST":
            form = forms.DeclineAnswerForm(request.POST, reasons=reasons)
            if form.is_valid():
                try:
                    services.decline_answer_record(
                        candidate=candidate,
                        decline=decline,
                        reasons=form.cleaned_data["reasons"],
                        primary=form.cleaned_data["primary"],
                        in_their_words=form.cleaned_data["in_their_words"],
                        competing_offer=form.cleaned_data["competing_offer"],
                        token_id=checked.token_id,
                    )
                except ValidationError as exc:
                    if "token" in getattr(exc, "message_dict", {}):
                        return _refuse(request, tokens.Checked(tokens.USED, candidate))
                    forms.apply_errors(form, exc)
                else:
                    return _headers(render(request, "privacy/public/message.html", {"state": "thanks"}))
        context = {"candidate": candidate, "form": form, "decline": decline}
        status = 400 if request.method == "POST" else 200
        return _headers(render(request, "privacy/public/decline.html", context, status=status))
