"""The survey card on the candidate page: each survey's state, the score, the comment for those allowed to read it."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _page(client, candidate) -> str:
    response = client.get(reverse("front:candidate_detail", args=[candidate.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_no_survey_no_card(make, recruiter_client):
    assert 'id="h-surveys"' not in _page(recruiter_client, make.candidate())


def test_it_shows_the_answer_the_pending_and_the_planned_survey(make, surveys, recruiter_client):
    # at most one survey in six months: the three came a year apart
    candidate = make.candidate()
    with time_machine.travel(timezone.now() - dt.timedelta(days=730), tick=False):
        surveys.answered(
            4, candidate=candidate, client=make.client("Atelier Lumière"), comment="Aucun retour après l’entretien."
        )
    with time_machine.travel(timezone.now() - dt.timedelta(days=365), tick=False):
        surveys.sent(candidate=candidate, client=make.client("Boulangerie Dupain"))
    surveys.planned(candidate=candidate)
    html = _page(recruiter_client, candidate)
    card = html[html.index('id="h-surveys"') :]
    card = card[: card.index("</section>")]
    assert "4/10" in card and "Détracteur (0–6)" in card and "répondu le" in card
    assert "Atelier Lumière" in card and "Boulangerie Dupain" in card
    assert "pas encore de réponse" in card and "envoyé le" in card
    assert "prévu pour le" in card
    assert "Aucun retour après l’entretien." in card
    assert card.count("<li") == 3


def test_a_viewer_sees_the_score_but_not_the_comment(make, surveys, viewer_client):
    candidate = make.candidate()
    surveys.answered(10, candidate=candidate, comment="Recruteuse formidable, merci Camille.")
    html = _page(viewer_client, candidate)
    assert "10/10" in html and "Promoteur (9–10)" in html
    assert "Recruteuse formidable" not in html


def test_the_english_page(make, surveys, recruiter_client):
    candidate = make.candidate()
    surveys.answered(8, candidate=candidate)
    recruiter_client.cookies["django_language"] = "en"
    html = _page(recruiter_client, candidate)
    assert "Candidate experience survey" in html and "8/10" in html
    assert "Passive (7–8)" in html and "answered on" in html
