"""The candidate's survey page: the signed link, the answer, its errors, its lock, and the detractor's follow-up."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from vivier.privacy import tokens
from vivier.privacy.services import links_revoke
from vivier.surveys.models import SurveyResponse
from vivier.talent.models import Event, EventKind, FollowUp, FollowUpKind

pytestmark = pytest.mark.django_db


def _path(response: SurveyResponse) -> str:
    return re.search(r"/s/[^\s/]+/", response.message.body_text).group(0)


def _page(client, path, **kw):
    answer = client.get(path, **kw)
    return answer.status_code, answer.content.decode()


def test_it_shows_the_accessible_scale_in_french_and_records_the_answer(make, surveys, outsider):
    response = surveys.sent(candidate=make.candidate(first_name="Léa"))
    path = _path(response)
    status, html = _page(outsider, path)
    assert status == 200
    assert "Bonjour Léa, comment cela s’est-il passé\u202f?" in html
    assert "<legend" in html and "Recommanderiez-vous" in html
    assert html.count('type="radio" name="score"') == 11
    assert "0 — pas du tout probable" in html and "10 — très probable" in html
    assert 'for="id_comment"' in html and "csrfmiddlewaretoken" in html

    done = outsider.post(path, {"score": "7", "comment": "  Un peu long, mais humain.  "})
    assert done.status_code == 302
    response.refresh_from_db()
    assert (response.score, response.comment, response.category) == (
        7,
        "Un peu long, mais humain.",
        "passive",
    )
    status, html = _page(outsider, done["Location"])
    assert status == 200 and "Merci pour votre réponse" in html and "Modifier ma réponse" in html
    event = Event.objects.get(kind=EventKind.SURVEY_ANSWERED)
    assert event.data["score"] == 7 and "comment" not in event.data and event.client == response.client
    assert not FollowUp.objects.exists()  # 7 is not a detractor


def test_it_speaks_english_to_an_english_candidate(make, surveys, outsider):
    response = surveys.sent(candidate=make.candidate(first_name="Sam", language="en"))
    status, html = _page(outsider, _path(response))
    assert status == 200 and "Hello Sam, how did it go?" in html and "0 — not at all likely" in html
    bad = outsider.post(_path(response), {"score": "11"})
    assert bad.status_code == 400 and "Choose a score from 0 to 10." in bad.content.decode()


@pytest.mark.parametrize("score", ["11", "-1", "sept", ""])
def test_a_score_out_of_range_is_a_field_error(make, surveys, outsider, score):
    response = surveys.sent()
    answer = outsider.post(_path(response), {"score": score, "comment": "ok"})
    html = answer.content.decode()
    assert (
        answer.status_code == 400 and "Choisissez une note de 0 à 10." in html and 'id="score-error"' in html
    )
    assert SurveyResponse.objects.get(pk=response.pk).score is None


def test_a_huge_comment_is_refused_and_kept_in_the_form(make, surveys, outsider):
    response = surveys.sent()
    answer = outsider.post(_path(response), {"score": "8", "comment": "x" * 2001})
    html = answer.content.decode()
    assert answer.status_code == 400 and "2\u202f000 caractères au plus." in html and "checked" in html
    assert SurveyResponse.objects.get(pk=response.pk).answered_at is None
    assert outsider.post(_path(response), {"score": "8", "comment": "x" * 2000}).status_code == 302


def test_expired_revoked_tampered_or_foreign_links_do_not_work(make, surveys, outsider):
    response = surveys.sent()
    path = _path(response)
    token = path.split("/")[2]
    tampered = f"/s/{token[:-2]}{'A' if token[-2] != 'A' else 'B'}{token[-1]}/"
    other = tokens.make(response.candidate, tokens.SURVEY, s=response.public_id.hex)  # not the mailed link
    preferences = tokens.make(response.candidate, tokens.PREFERENCES)
    for bad in (tampered, f"/s/{other}/", f"/s/{preferences}/", "/s/x/"):
        status, html = _page(outsider, bad)
        assert status == 404 and "Ce lien ne fonctionne pas" in html, bad
        assert outsider.post(bad, {"score": "3"}).status_code == 404
    with time_machine.travel(timezone.now() + dt.timedelta(days=91), tick=False):
        assert _page(outsider, path)[0] == 404
    assert _page(outsider, path)[0] == 200
    links_revoke(candidate=response.candidate, by=make.by)
    assert outsider.post(path, {"score": "3"}).status_code == 404
    assert SurveyResponse.objects.get(pk=response.pk).score is None and not FollowUp.objects.exists()


def test_a_survey_not_sent_yet_cannot_be_answered(make, surveys, outsider):
    response = surveys.planned()
    assert _page(outsider, _path(response))[0] == 404


def test_a_detractor_opens_exactly_one_follow_up_for_the_recruiter(make, surveys, outsider, recruiter):
    candidate = make.candidate(first_name="Léa", last_name="Martin", language="en")
    response = surveys.sent(candidate=candidate)
    path = _path(response)
    with time_machine.travel(
        dt.datetime(2026, 12, 24, 18, tzinfo=dt.UTC), tick=False
    ):  # Thursday, Christmas eve
        assert outsider.post(path, {"score": "4", "comment": "Personne ne m’a rappelée."}).status_code == 302
        assert outsider.post(path, {"score": "3", "comment": "Vraiment déçue."}).status_code == 302
    follow_up = FollowUp.objects.get()
    assert follow_up.kind == FollowUpKind.SURVEY_DETRACTOR and follow_up.candidate == candidate
    assert follow_up.title == "Rappeler Léa Martin : note 4/10 à l’enquête"  # the agency language, one line
    assert follow_up.assignee == recruiter and follow_up.note == "Personne ne m’a rappelée."
    assert follow_up.due_on == dt.date(2026, 12, 28)  # the 25th is a holiday, then the weekend
    assert follow_up.source_key == f"survey:{response.public_id}"
    response.refresh_from_db()
    assert (response.score, response.comment) == (3, "Vraiment déçue.")  # changed, still one answer
    assert Event.objects.filter(kind=EventKind.SURVEY_ANSWERED).count() == 2
    assert Event.objects.filter(kind=EventKind.FOLLOW_UP_CREATED).count() == 1


def test_an_answer_can_change_for_a_week_then_it_is_final(make, surveys, outsider):
    response = surveys.sent()
    path = _path(response)
    outsider.post(path, {"score": "9"})
    with time_machine.travel(timezone.now() + dt.timedelta(days=6), tick=False):
        status, html = _page(outsider, path)
        assert (
            status == 200
            and "Vous avez déjà répondu" in html
            and 'value="9" autocomplete="off" checked' in html
        )
        assert outsider.post(path, {"score": "10"}).status_code == 302
    with time_machine.travel(timezone.now() + dt.timedelta(days=8), tick=False):
        status, html = _page(outsider, path)
        assert status == 200 and "votre réponse est enregistrée" in html and "10 sur 10" in html
        assert 'name="score"' not in html
        assert outsider.post(path, {"score": "0"}).status_code == 200
    assert SurveyResponse.objects.get(pk=response.pk).score == 10
    assert not FollowUp.objects.exists()


def test_a_score_in_the_link_only_preselects_it(make, surveys, outsider):
    response = surveys.sent()
    status, html = _page(outsider, _path(response) + "?score=3")
    assert status == 200 and 'value="3" autocomplete="off" checked' in html
    assert SurveyResponse.objects.get(pk=response.pk).score is None  # a GET records nothing


def test_the_page_refuses_a_post_without_its_csrf_token_and_slows_down_floods(make, surveys, settings):
    response = surveys.sent()
    path = _path(response)
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(path, {"score": "5"}).status_code == 403
    assert SurveyResponse.objects.get(pk=response.pk).score is None
    settings.PRIVACY_PUBLIC_RATE_PER_MINUTE = 2
    client = Client()
    assert [client.get(path).status_code for _ in range(3)] == [200, 200, 429]
    page = client.get(path)
    assert page["Cache-Control"] == "no-store"


def test_an_answer_is_the_candidates_own_contact_and_keeps_their_data_longer(make, surveys, outsider):
    from vivier.privacy import rules

    candidate = make.candidate()
    response = surveys.sent(candidate=candidate)
    before = rules.last_contact(candidate)
    later = timezone.now() + dt.timedelta(days=3)
    with time_machine.travel(later, tick=False):
        assert outsider.post(_path(response), {"score": "9", "comment": ""}).status_code == 302
    candidate.refresh_from_db()
    assert before < later - dt.timedelta(days=2)
    assert rules.last_contact(candidate) == later
