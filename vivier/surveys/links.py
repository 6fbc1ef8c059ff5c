"""The survey link of an e-mail: vivier.privacy's signed links (one person, one purpose, an expiry, revocable
by bumping the person's link version), naming the survey it answers."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from vivier.privacy import tokens


def survey_token(response) -> tuple[str, str]:
    """(token, its random link id) for one survey."""
    token = tokens.make(response.candidate, tokens.SURVEY, s=response.public_id.hex)
    checked = tokens.check(token, tokens.SURVEY)
    return token, checked.token_id


def survey_url(token: str) -> str:
    return settings.BASE_URL + reverse("surveys:answer", args=[token])
